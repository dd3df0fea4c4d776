import './style.css';
import { answerMessage, callApi } from './simulatorApi';
import { ChatScroller } from './chatScroller';
import { ChatView } from './chatView';
import { byId, el, randomHex, timeLabel } from './dom';
import { thumbnailBase64 } from './imageThumbnail';
import type { BotMessageEvent } from './lineMessage';
import type { ContentContext } from './messageContent';
import { loadUser, newUser, saveUser, type SimulatedUser } from './simulatedUser';
import { asSimulatorConfig, type PaletteSticker, type SimulatorConfig } from './simulatorConfig';
import { UNKNOWN_STICKER_EMOJI } from './stickerCard';
import { Transcript, type Delivery, type UserContent } from './transcript';

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const SAMPLE_LOCATION = { kind: 'location', title: 'Tokyo Station', address: '1 Chome Marunouchi, Chiyoda City, Tokyo', latitude: 35.681236, longitude: 139.767125 } as const;

/** An event the simulator API turns into a signed webhook (see src/simulator/simulatedUserEvent.ts). */
type UserEventInput = Readonly<Record<string, unknown>> & { readonly kind: string };

/** Answer of `POST /simulator/api/users/:userId/events`. */
interface EventAnswer {
  readonly webhookStatus: number;
  readonly elapsedMs: number;
}

let config: SimulatorConfig | undefined;
let user: SimulatedUser = { userId: '', displayName: '', language: 'en' };
let transcript: Transcript = Transcript.load('');
let stream: EventSource | undefined;
const stickers: PaletteSticker[] = [];

const scroller = new ChatScroller(byId('log-scroller'), byId<HTMLButtonElement>('new-messages'));
scroller.watch(byId('log'));
const context: ContentContext = {
  stickers,
  imageLoaded: () => scroller.grew(),
  sendText: (text) => void sendText(text),
  sendPostback: (data, displayText, params) => void sendPostback(data, displayText, params),
  sendLocation: () => void sendLocation(),
  pickImage: () => byId('image-input').click(),
  setStatus,
  clearQuickReplies,
};
const view = new ChatView(context, scroller);

function setStatus(text: string, isError: boolean): void {
  const status = byId('status');
  status.textContent = text;
  status.className = isError ? 'status error' : 'status';
}

function botName(): string {
  return config?.bot.displayName || 'the bot';
}

function userPath(suffix: string): string {
  return `/simulator/api/users/${encodeURIComponent(user.userId)}${suffix}`;
}

function clearQuickReplies(): void {
  transcript.setQuickReplies([]);
  view.showQuickReplies([]);
}

function systemLine(text: string): void {
  const entry = { kind: 'system', id: randomHex(8), text } as const;
  transcript.add(entry);
  view.append(entry);
}

/** Adds the user's line to the chat; returns its id, for {@link deliver}. */
function userLine(content: UserContent, localImageUrl?: string): string {
  const entry = { kind: 'user', id: randomHex(8), at: Date.now(), content } as const;
  transcript.add(entry);
  view.append(entry, localImageUrl === undefined ? {} : { localImageUrl });
  return entry.id;
}

function deliver(lineId: string | null, delivery: Delivery): void {
  if (lineId === null) return;
  transcript.setDelivery(lineId, delivery);
  view.showDelivery(lineId, delivery);
}

/** Sends one simulated user action to the server, which signs it and posts it to the real webhook. */
async function sendEvent(input: UserEventInput, lineId: string | null): Promise<boolean> {
  clearQuickReplies();
  const result = await callApi('POST', userPath('/events'), input);
  const answer = result.data as EventAnswer | null;
  if (result.status !== 200 || !answer) {
    const message = answerMessage(result, `Simulator error ${result.status}`);
    deliver(lineId, { text: `not sent: ${message}`, kind: 'error' });
    setStatus(message, true);
    return false;
  }
  const { webhookStatus, elapsedMs } = answer;
  if (webhookStatus < 200 || webhookStatus >= 300) {
    const text = `Webhook answered ${webhookStatus}${webhookStatus === 401 ? ' (signature rejected)' : ''}${webhookStatus === 503 ? ' (service unavailable)' : ''}`;
    deliver(lineId, { text, kind: 'error' });
    setStatus(`${text}. LINE would count this delivery as failed.`, true);
    return false;
  }
  const deadline = config?.webhookDeadlineMs ?? 2000;
  if (elapsedMs > deadline) {
    deliver(lineId, { text: `delivered in ${elapsedMs} ms: too slow for LINE`, kind: 'warning' });
    setStatus(`The webhook took ${elapsedMs} ms; LINE gives up after about ${deadline} ms.`, true);
  } else {
    deliver(lineId, { text: `delivered · ${timeLabel()} · ${elapsedMs} ms`, kind: null });
    setStatus('', false);
  }
  return true;
}

function sendText(text: string): Promise<boolean> | undefined {
  if (!text) return undefined;
  return sendEvent({ kind: 'text', text }, userLine({ type: 'text', text }));
}

function sendSticker(sticker: PaletteSticker): Promise<boolean> {
  const { packageId, stickerId } = sticker;
  return sendEvent({ kind: 'sticker', packageId, stickerId }, userLine({ type: 'sticker', packageId, stickerId }));
}

function sendPostback(data: string, displayText: string | null, params: Readonly<Record<string, string>> | null): Promise<boolean> {
  let lineId: string | null = null;
  if (displayText) lineId = userLine({ type: 'text', text: displayText });
  else systemLine(params ? `You picked ${Object.values(params).join(' ')}` : 'You tapped a button');
  return sendEvent(params ? { kind: 'postback', data, params } : { kind: 'postback', data }, lineId);
}

function sendLocation(): Promise<boolean> {
  return sendEvent(SAMPLE_LOCATION, userLine({ type: 'location', title: SAMPLE_LOCATION.title }));
}

function sendImage(file: File | undefined): void {
  if (!file) return;
  if (file.size > MAX_IMAGE_BYTES) return setStatus('That image is larger than 5 MB.', true);
  if (!IMAGE_TYPES.includes(file.type)) return setStatus('Only JPEG, PNG, GIF and WebP images can be sent.', true);
  const reader = new FileReader();
  reader.onload = async () => {
    const dataUrl = String(reader.result);
    const thumbnail = await thumbnailBase64(file);
    const lineId = userLine(thumbnail === undefined ? { type: 'image', name: file.name } : { type: 'image', name: file.name, thumbnail }, URL.createObjectURL(file));
    void sendEvent({ kind: 'image', contentType: file.type, dataBase64: dataUrl.slice(dataUrl.indexOf(',') + 1) }, lineId);
  };
  reader.onerror = () => setStatus('The image could not be read.', true);
  reader.readAsDataURL(file);
}

function showBotMessage(event: BotMessageEvent): void {
  view.hideLoading();
  const entry = { kind: 'bot', id: event.messageId ?? randomHex(8), event } as const;
  transcript.add(entry);
  view.append(entry);
  const items = event.message?.quickReply?.items;
  transcript.setQuickReplies(Array.isArray(items) ? items : []);
  view.showQuickReplies(transcript.quickReplies);
}

function openStream(): void {
  stream?.close();
  const source = new EventSource(userPath('/stream'));
  source.addEventListener('bot-message', (event) => showBotMessage(JSON.parse((event as MessageEvent<string>).data) as BotMessageEvent));
  source.addEventListener('loading', (event) => view.showLoading(Number((JSON.parse((event as MessageEvent<string>).data) as { loadingSeconds?: number }).loadingSeconds ?? 0)));
  source.onerror = () => setStatus('Connection to the simulator lost; reconnecting…', true);
  let openedBefore = false;
  source.onopen = () => {
    if (byId('status').textContent?.startsWith('Connection')) setStatus('', false);
    // A reconnect usually means the server restarted and forgot the profile kept in memory.
    if (openedBefore) void saveProfile();
    openedBefore = true;
  };
  stream = source;
}

async function saveProfile(): Promise<boolean> {
  const result = await callApi('PUT', userPath('/profile'), { displayName: user.displayName, language: user.language });
  if (result.status !== 200) setStatus(`Profile not saved: ${answerMessage(result, String(result.status))}`, true);
  return result.status === 200;
}

function showUser(): void {
  byId<HTMLInputElement>('display-name').value = user.displayName;
  byId<HTMLSelectElement>('language').value = user.language;
  byId('user-id').textContent = user.userId;
}

/** Plays `next`, showing the chat kept for them (empty for a new user). */
async function switchUser(next: SimulatedUser): Promise<void> {
  user = next;
  saveUser(user);
  showUser();
  view.clear();
  transcript = Transcript.load(user.userId);
  for (const entry of transcript.entries) view.append(entry, { restoring: true });
  view.showQuickReplies(transcript.quickReplies);
  scroller.toEnd();
  openStream();
  await saveProfile();
}

function renderStickerPalette(): void {
  byId('sticker-palette').replaceChildren(
    ...stickers.map((sticker) =>
      el('button', { className: 'palette-sticker', attrs: { type: 'button', 'aria-label': `Send sticker ${sticker.label}`, title: sticker.description ?? sticker.label }, onClick: () => void sendSticker(sticker) }, [
        el('span', { className: 'palette-glyph', text: sticker.emoji ?? UNKNOWN_STICKER_EMOJI, attrs: { 'aria-hidden': 'true' } }),
        el('span', { text: sticker.label }),
      ]),
    ),
  );
}

function wireControls(): void {
  byId('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>('message-text');
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    void sendText(text);
  });
  byId('profile-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    user.displayName = byId<HTMLInputElement>('display-name').value.trim() || user.displayName;
    user.language = byId<HTMLSelectElement>('language').value;
    saveUser(user);
    if (await saveProfile()) setStatus(`Profile saved: ${user.displayName} (${user.language}).`, false);
  });
  byId('new-user').addEventListener('click', () => {
    void switchUser(newUser()).then(() => setStatus('You are now a new user. Add the bot as a friend to start.', false));
  });
  byId('follow').addEventListener('click', () => {
    systemLine(`You added ${botName()} as a friend`);
    void sendEvent({ kind: 'follow' }, null);
  });
  byId('unfollow').addEventListener('click', () => {
    systemLine(`You blocked ${botName()}`);
    void sendEvent({ kind: 'unfollow' }, null);
  });
  byId('image-input').addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    sendImage(input.files?.[0]);
    input.value = '';
  });
  byId('failure-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const statusValue = byId<HTMLSelectElement>('failure-status').value;
    const count = Number(byId<HTMLInputElement>('failure-count').value);
    const pathPrefix = byId<HTMLSelectElement>('failure-path').value;
    const body = { status: statusValue === 'network' ? 'network' : Number(statusValue), count, ...(pathPrefix ? { pathPrefix } : {}) };
    const result = await callApi('POST', '/simulator/api/fail', body);
    if (result.status === 200) setStatus(`The next ${count} matching LINE API call(s) will fail with ${body.status}. Send a message to watch the bot retry.`, false);
    else setStatus(`Could not set up the failure: ${answerMessage(result, String(result.status))}`, true);
  });
}

async function start(): Promise<void> {
  wireControls();
  const result = await callApi('GET', '/simulator/api/config');
  const loaded = result.status === 200 ? asSimulatorConfig(result.data) : undefined;
  if (!loaded) {
    byId('account-info').textContent = `The simulator API is not available (${result.status}).`;
    return;
  }
  config = loaded;
  stickers.splice(0, stickers.length, ...loaded.stickers);
  byId('account-info').textContent = `Account "${loaded.accountId}" · webhook ${loaded.webhookUrl}`;
  byId('bot-name').textContent = botName();
  renderStickerPalette();
  await switchUser(loadUser());
  byId('message-text').focus();
}

void start();
