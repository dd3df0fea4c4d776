import { LINE_STICKER_CONTENT_TYPE } from './lineStickers';
import type { messagingApi } from '@line/bot-sdk';
import { ActionTypes, ActivityTypes, AttachmentLayoutTypes, type Activity, type Attachment, type CardAction } from 'botbuilder';
import { LineMessageMappingError } from './lineMessageMappingError.js';

/** LINE's limit on a text message, in characters; counted here in UTF-16 code units, which is never fewer. */
const MAX_TEXT_LENGTH = 5000;
const MAX_ALT_TEXT_LENGTH = 400;
const MAX_LABEL_LENGTH = 20;
const MAX_POSTBACK_DATA_LENGTH = 300;
/** Limit on a message action's `text` and a postback action's `displayText`. */
const MAX_ACTION_TEXT_LENGTH = 300;
const MAX_URI_LENGTH = 1000;
const MAX_QUICK_REPLY_ITEMS = 13;
const MAX_CAROUSEL_BUBBLES = 12;
const DEFAULT_AUDIO_DURATION_MS = 60_000;
const ELLIPSIS = '…';
const FALLBACK_ALT_TEXT = 'Card';

const HERO_CARD = 'application/vnd.microsoft.card.hero';
const THUMBNAIL_CARD = 'application/vnd.microsoft.card.thumbnail';

/** Message types LINE accepts in a reply or push; `channelData` holding one of these is sent as is. */
const SENDABLE_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'text',
  'textV2',
  'sticker',
  'image',
  'video',
  'audio',
  'location',
  'imagemap',
  'template',
  'flex',
]);

/** A card action as it may arrive: every field optional, but those present have the right type. */
type LooseCardAction = Partial<CardAction>;

/** A hero or thumbnail card turned into a bubble, plus what its alt text would be. */
interface CardBubble {
  readonly bubble: messagingApi.FlexBubble;
  /** The card's title/text/subtitle; `undefined` when it has none. */
  readonly summary: string | undefined;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The LINE messages an outgoing activity becomes, in order (may be more than 5; the caller batches).
 * Throws {@link LineMessageMappingError} for content LINE cannot take. Returns `[]` for activities that produce
 * no message (e.g. types other than `message`; `typing` is handled elsewhere).
 *
 * - A LINE message object (or an array of them, or `{ lineMessages: [...] }`) in `channelData` is sent as is and
 *   the activity's text and attachments are ignored — Azure Bot Service's LINE channel convention.
 * - Otherwise `text` becomes text messages (split at 5,000 characters), then each attachment in order: hero and
 *   thumbnail cards become flex bubbles (one flex carousel of up to 12 with `attachmentLayout: 'carousel'`),
 *   `image/*`, `video/*` and `audio/*` become media messages (HTTPS only), a LINE sticker attachment a sticker,
 *   other files a text message with their link, and other cards their fallback text.
 * - `suggestedActions` become the quick reply (at most 13 items) of the last message.
 *
 * @example
 * activityToLineMessages({
 *   type: 'message',
 *   text: 'Which plan?',
 *   suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Basic', value: 'basic' }] },
 * });
 * // [{ type: 'text', text: 'Which plan?', quickReply: { items: [
 * //   { type: 'action', action: { type: 'message', label: 'Basic', text: 'basic' } }] } }]
 */
export function activityToLineMessages(activity: Partial<Activity>): messagingApi.Message[] {
  // Bot Framework's TurnContext treats a missing type as `message` before sending; do the same.
  if (activity.type && activity.type !== ActivityTypes.Message) return [];
  const messages = nativeLineMessages(activity.channelData) ?? [
    ...textMessages(activity.text ?? ''),
    ...attachmentMessages(activity.attachments ?? [], activity.attachmentLayout === AttachmentLayoutTypes.Carousel),
  ];
  return withQuickReply(messages, activity.suggestedActions?.actions ?? []);
}

// ---------------------------------------------------------------------------------------------------------------
// Native LINE messages in channelData

function nativeLineMessages(channelData: unknown): messagingApi.Message[] | undefined {
  if (isLineMessage(channelData)) return [channelData];
  if (Array.isArray(channelData)) return nativeMessageList(channelData, 'channelData', false);
  if (isRecord(channelData) && channelData['lineMessages'] !== undefined) {
    const list = channelData['lineMessages'];
    if (!Array.isArray(list)) {
      throw new LineMessageMappingError(
        'invalid_channel_data',
        'channelData.lineMessages',
        'channelData.lineMessages must be an array of LINE message objects',
      );
    }
    return nativeMessageList(list, 'channelData.lineMessages', true);
  }
  return undefined;
}

/**
 * `explicit` is true for `{ lineMessages }`, where anything but LINE messages is a mistake; a bare array in
 * `channelData` is only ours when it holds LINE messages.
 */
function nativeMessageList(list: readonly unknown[], field: string, explicit: boolean): messagingApi.Message[] | undefined {
  const messages = list.filter(isLineMessage);
  if (messages.length === list.length) return messages.length > 0 ? messages : undefined;
  if (!explicit && messages.length === 0) return undefined;
  const bad = list.findIndex((item) => !isLineMessage(item));
  throw new LineMessageMappingError(
    'invalid_channel_data',
    `${field}[${bad}]`,
    `${field}[${bad}] is not a LINE message object (its type must be one of ${[...SENDABLE_MESSAGE_TYPES].join(', ')})`,
  );
}

function isLineMessage(value: unknown): value is messagingApi.Message {
  return isRecord(value) && typeof value['type'] === 'string' && SENDABLE_MESSAGE_TYPES.has(value['type']);
}

// ---------------------------------------------------------------------------------------------------------------
// Text

function textMessages(text: string): messagingApi.TextMessage[] {
  if (text.trim() === '') return [];
  return splitText(text).map((part) => ({ type: 'text', text: part }));
}

/** Splits text into parts of at most {@link MAX_TEXT_LENGTH} code units that concatenate back to it. */
function splitText(text: string): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > MAX_TEXT_LENGTH) {
    const cut = breakPoint(rest, MAX_TEXT_LENGTH);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  // A whitespace-only part would be a blank bubble (or an empty text, which LINE rejects).
  return parts.filter((part) => part.trim() !== '');
}

/**
 * Where to end the first part of `text` (longer than `limit`): after the last newline, else the last whitespace,
 * else the last CJK sentence end — only in the second half of the window, so no part ends up tiny — else at the
 * last grapheme boundary, never inside a surrogate pair.
 */
function breakPoint(text: string, limit: number): number {
  const floor = Math.floor(limit / 2);
  const preferences: ReadonlyArray<(ch: string) => boolean> = [
    (ch) => ch === '\n',
    (ch) => /\s/.test(ch),
    // Japanese and Chinese text has no spaces; a sentence end is the next best place to break it.
    (ch) => ch === '。' || ch === '！' || ch === '？',
  ];
  for (const isBreak of preferences) {
    for (let i = limit - 1; i >= floor; i--) {
      if (isBreak(text.charAt(i))) return i + 1;
    }
  }
  return graphemeBoundaryAtOrBefore(text, limit);
}

function graphemeBoundaryAtOrBefore(text: string, limit: number): number {
  // Segmenting a small window is enough: clusters are short, and only boundaries near the limit matter.
  const start = Math.max(0, limit - 32);
  let best = -1;
  for (const { index } of graphemes.segment(text.slice(start, limit + 32))) {
    const at = start + index;
    if (at > limit) break;
    // The window's own start is not necessarily a boundary, and cutting there could make no progress.
    if (at > start) best = at;
  }
  if (best > 0) return best;
  return isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Shortens `text` to `max` code units, ending with an ellipsis, without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return text.slice(0, cut) + ELLIPSIS;
}

// ---------------------------------------------------------------------------------------------------------------
// Attachments

function attachmentMessages(attachments: readonly Attachment[], carousel: boolean): messagingApi.Message[] {
  const messages: messagingApi.Message[] = [];
  let run: CardBubble[] = [];
  const flushRun = (): void => {
    if (run.length === 1 && run[0]) messages.push(bubbleMessage(run[0]));
    else if (run.length > 1) messages.push(...carouselMessages(run));
    run = [];
  };
  attachments.forEach((attachment, index) => {
    const field = `attachments[${index}]`;
    const contentType = contentTypeOf(attachment);
    if (contentType === HERO_CARD || contentType === THUMBNAIL_CARD) {
      const card = cardBubble(attachment.content, contentType === THUMBNAIL_CARD, field);
      if (carousel) run.push(card);
      else messages.push(bubbleMessage(card));
      return;
    }
    // A carousel holds consecutive cards only, so that the activity's order survives.
    flushRun();
    messages.push(...nonCardAttachmentMessages(attachment, contentType, field));
  });
  flushRun();
  return messages;
}

function contentTypeOf(attachment: Attachment): string {
  return typeof attachment.contentType === 'string' ? attachment.contentType.trim().toLowerCase() : '';
}

function nonCardAttachmentMessages(attachment: Attachment, contentType: string, field: string): messagingApi.Message[] {
  if (contentType === LINE_STICKER_CONTENT_TYPE) return [stickerMessage(attachment.content, field)];
  if (contentType.startsWith('image/')) {
    const originalContentUrl = httpsUrl(attachment.contentUrl, `${field}.contentUrl`);
    const previewImageUrl =
      attachment.thumbnailUrl !== undefined ? httpsUrl(attachment.thumbnailUrl, `${field}.thumbnailUrl`) : originalContentUrl;
    return [{ type: 'image', originalContentUrl, previewImageUrl }];
  }
  if (contentType.startsWith('video/')) {
    const originalContentUrl = httpsUrl(attachment.contentUrl, `${field}.contentUrl`);
    if (attachment.thumbnailUrl === undefined || attachment.thumbnailUrl === '') {
      throw new LineMessageMappingError(
        'missing_preview_image',
        `${field}.thumbnailUrl`,
        `${field} is a video; LINE needs a preview image: set ${field}.thumbnailUrl to an HTTPS image URL`,
      );
    }
    const previewImageUrl = httpsUrl(attachment.thumbnailUrl, `${field}.thumbnailUrl`);
    return [{ type: 'video', originalContentUrl, previewImageUrl }];
  }
  if (contentType.startsWith('audio/')) {
    const originalContentUrl = httpsUrl(attachment.contentUrl, `${field}.contentUrl`);
    return [{ type: 'audio', originalContentUrl, duration: audioDuration(attachment.content) }];
  }
  if (attachment.contentUrl !== undefined) {
    // LINE has no file message; the closest is a link the user can open.
    const url = httpsUrl(attachment.contentUrl, `${field}.contentUrl`);
    return textMessages(`📎 ${nonEmpty(attachment.name) ?? fileNameOf(url)}\n${url}`);
  }
  const fallback = fallbackText(attachment);
  if (fallback !== undefined) return textMessages(fallback);
  throw new LineMessageMappingError(
    'unsupported_attachment',
    `${field}.contentType`,
    `${field} (${contentType || 'no contentType'}) has no LINE equivalent and no fallbackText to send instead`,
  );
}

function stickerMessage(content: unknown, field: string): messagingApi.StickerMessage {
  const record = isRecord(content) ? content : {};
  const packageId = stickerId(record['packageId']);
  const stickerIdValue = stickerId(record['stickerId']);
  if (packageId === undefined || stickerIdValue === undefined) {
    const missing = packageId === undefined ? 'packageId' : 'stickerId';
    throw new LineMessageMappingError(
      'invalid_attachment',
      `${field}.content.${missing}`,
      `${field} is a LINE sticker but content.${missing} is missing (expected { packageId, stickerId })`,
    );
  }
  return { type: 'sticker', packageId, stickerId: stickerIdValue };
}

function stickerId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
  return nonEmpty(value);
}

function audioDuration(content: unknown): number {
  const duration = isRecord(content) ? content['duration'] : undefined;
  return typeof duration === 'number' && Number.isFinite(duration) && duration > 0
    ? Math.round(duration)
    : DEFAULT_AUDIO_DURATION_MS;
}

function fallbackText(attachment: Attachment): string | undefined {
  // Not part of Bot Framework's Attachment type, but some producers (e.g. Teams connectors) put it there.
  const loose: unknown = attachment;
  const own = isRecord(loose) ? nonEmpty(loose['fallbackText']) : undefined;
  const content: unknown = attachment.content;
  return own ?? (isRecord(content) ? nonEmpty(content['fallbackText']) : undefined);
}

function fileNameOf(url: string): string {
  const last = new URL(url).pathname.split('/').pop() ?? '';
  try {
    return nonEmpty(decodeURIComponent(last)) ?? 'file';
  } catch {
    return nonEmpty(last) ?? 'file';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cards → flex

function cardBubble(content: unknown, thumbnail: boolean, field: string): CardBubble {
  if (!isRecord(content)) {
    throw new LineMessageMappingError('invalid_attachment', `${field}.content`, `${field} is a card without content`);
  }
  const title = nonEmpty(content['title']);
  const subtitle = nonEmpty(content['subtitle']);
  const text = nonEmpty(content['text']);
  const bubble: messagingApi.FlexBubble = { type: 'bubble' };

  const hero = heroImage(content['images'], thumbnail, `${field}.content.images`);
  if (hero) bubble.hero = hero;

  const body: messagingApi.FlexComponent[] = [];
  if (title !== undefined) body.push({ type: 'text', text: title, weight: 'bold', size: 'lg', wrap: true });
  if (subtitle !== undefined) body.push({ type: 'text', text: subtitle, size: 'sm', color: '#888888', wrap: true });
  if (text !== undefined) {
    body.push({ type: 'text', text, size: 'sm', wrap: true, ...(body.length > 0 ? { margin: 'md' } : {}) });
  }
  if (body.length > 0) bubble.body = { type: 'box', layout: 'vertical', contents: body };

  const buttons = cardButtons(content['buttons'], `${field}.content.buttons`);
  if (buttons.length > 0) bubble.footer = { type: 'box', layout: 'vertical', spacing: 'sm', contents: buttons };

  const tap = tapAction(content['tap'], `${field}.content.tap`);
  if (tap) bubble.action = tap;

  if (!bubble.hero && !bubble.body && !bubble.footer) {
    throw new LineMessageMappingError(
      'empty_card',
      `${field}.content`,
      `${field} has nothing LINE can show: no title, subtitle, text, HTTPS image or buttons`,
    );
  }
  return { bubble, summary: title ?? text ?? subtitle };
}

/** The card's first image as the bubble's hero; non-HTTPS images are left out, as LINE would not load them. */
function heroImage(images: unknown, thumbnail: boolean, field: string): messagingApi.FlexImage | undefined {
  if (!Array.isArray(images)) return undefined;
  const first: unknown = images[0];
  if (!isRecord(first) || typeof first['url'] !== 'string' || !isHttpsUrl(first['url'])) return undefined;
  const image: messagingApi.FlexImage = {
    type: 'image',
    url: first['url'],
    size: 'full',
    aspectRatio: thumbnail ? '1:1' : '20:13',
    aspectMode: 'cover',
  };
  const tap = tapAction(first['tap'], `${field}[0].tap`);
  if (tap) image.action = tap;
  return image;
}

function cardButtons(buttons: unknown, field: string): messagingApi.FlexButton[] {
  if (buttons === undefined || buttons === null) return [];
  if (!Array.isArray(buttons)) {
    throw new LineMessageMappingError('invalid_attachment', field, `${field} must be an array of card actions`);
  }
  return buttons.map((button: unknown, index) => {
    const buttonField = `${field}[${index}]`;
    const action = lineAction(cardAction(button, buttonField), buttonField, true);
    return { type: 'button', style: 'link', height: 'sm', action };
  });
}

/** A card's or image's `tap` as the action of the whole bubble/image; LINE shows no label for it. */
function tapAction(tap: unknown, field: string): messagingApi.Action | undefined {
  if (tap === undefined || tap === null) return undefined;
  return lineAction(cardAction(tap, field), field, false);
}

function bubbleMessage(card: CardBubble): messagingApi.FlexMessage {
  return { type: 'flex', altText: altText([card]), contents: card.bubble };
}

function carouselMessages(cards: readonly CardBubble[]): messagingApi.FlexMessage[] {
  const messages: messagingApi.FlexMessage[] = [];
  for (let start = 0; start < cards.length; start += MAX_CAROUSEL_BUBBLES) {
    const chunk = cards.slice(start, start + MAX_CAROUSEL_BUBBLES);
    messages.push({
      type: 'flex',
      altText: altText(chunk),
      contents: { type: 'carousel', contents: chunk.map((card) => card.bubble) },
    });
  }
  return messages;
}

function altText(cards: readonly CardBubble[]): string {
  const summaries = cards.map((card) => card.summary).filter((summary) => summary !== undefined);
  return truncate(summaries.length > 0 ? summaries.join('\n') : FALLBACK_ALT_TEXT, MAX_ALT_TEXT_LENGTH);
}

// ---------------------------------------------------------------------------------------------------------------
// Card actions → LINE actions

function cardAction(value: unknown, field: string): LooseCardAction {
  if (isLooseCardAction(value)) return value;
  throw new LineMessageMappingError('invalid_action', field, `${field} is not a card action ({ type, title, value })`);
}

function isLooseCardAction(value: unknown): value is LooseCardAction {
  return (
    isRecord(value) &&
    ['type', 'title', 'text', 'displayText', 'image'].every((key) => value[key] === undefined || typeof value[key] === 'string')
  );
}

/**
 * Maps a Bot Framework card action to a LINE action. `labelRequired` is false for taps (bubble/image actions),
 * where LINE shows no label.
 */
function lineAction(action: LooseCardAction, field: string, labelRequired: boolean): messagingApi.Action {
  const label = actionLabel(action);
  if (label === undefined && labelRequired) {
    throw new LineMessageMappingError(
      'missing_label',
      `${field}.title`,
      `${field} needs a title: LINE shows it as the button label`,
    );
  }
  const labelled = label === undefined ? {} : { label };
  switch (action.type) {
    case ActionTypes.ImBack: {
      const text = messageText(valueAsString(action.value) ?? nonEmpty(action.title), `${field}.value`);
      return { type: 'message', ...labelled, text };
    }
    case ActionTypes.PostBack:
      return { type: 'postback', ...labelled, data: postbackData(action.value ?? action.title, `${field}.value`) };
    case ActionTypes.MessageBack: {
      const data = postbackData(action.value ?? action.text, `${field}.value`);
      const displayText = nonEmpty(action.displayText) ?? nonEmpty(action.text);
      return {
        type: 'postback',
        ...labelled,
        data,
        ...(displayText === undefined ? {} : { displayText: truncate(displayText, MAX_ACTION_TEXT_LENGTH) }),
      };
    }
    case ActionTypes.OpenUrl:
      return { type: 'uri', ...labelled, uri: actionUri(action.value, `${field}.value`) };
    case ActionTypes.Call:
      return { type: 'uri', ...labelled, uri: telUri(action.value, `${field}.value`) };
    default:
      // LINE has nothing like playAudio, showImage, signin…: the closest is sending the button's title back.
      return { type: 'message', ...labelled, text: messageText(nonEmpty(action.title), `${field}.title`) };
  }
}

/** The title; else what the user would see sent (postback and URL values are not meant to be read). */
function actionLabel(action: LooseCardAction): string | undefined {
  const label =
    nonEmpty(action.title) ??
    nonEmpty(action.displayText) ??
    nonEmpty(action.text) ??
    (action.type === ActionTypes.ImBack ? valueAsString(action.value) : undefined);
  return label === undefined ? undefined : truncate(label, MAX_LABEL_LENGTH);
}

function messageText(text: string | undefined, field: string): string {
  if (text === undefined) {
    throw new LineMessageMappingError('invalid_action', field, `${field}: a message action needs text to send`);
  }
  if (text.length > MAX_ACTION_TEXT_LENGTH) {
    throw new LineMessageMappingError(
      'action_text_too_long',
      field,
      `${field} is ${text.length} characters; LINE takes at most ${MAX_ACTION_TEXT_LENGTH} in a message action`,
    );
  }
  return text;
}

function postbackData(value: unknown, field: string): string {
  const data = typeof value === 'string' ? value : valueAsString(value);
  if (data === undefined || data === '') {
    throw new LineMessageMappingError('invalid_action', field, `${field}: a postback action needs data`);
  }
  if (data.length > MAX_POSTBACK_DATA_LENGTH) {
    throw new LineMessageMappingError(
      'postback_data_too_long',
      field,
      `${field} is ${data.length} characters as postback data; LINE takes at most ${MAX_POSTBACK_DATA_LENGTH}`,
    );
  }
  return data;
}

/** A value as text: strings as they are, numbers and booleans printed, objects as JSON; `undefined` for nothing. */
function valueAsString(value: unknown): string | undefined {
  if (typeof value === 'string') return nonEmpty(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  return JSON.stringify(value);
}

function actionUri(value: unknown, field: string): string {
  const uri = nonEmpty(value)?.trim();
  if (uri === undefined || !/^(?:https?:\/\/|line:\/\/|tel:)\S/i.test(uri)) {
    throw new LineMessageMappingError(
      'invalid_url',
      field,
      `${field} must be an http(s)://, line:// or tel: URI for LINE to open; got ${JSON.stringify(value)}`,
    );
  }
  return checkUriLength(uri, field);
}

function telUri(value: unknown, field: string): string {
  const number = typeof value === 'number' ? String(value) : nonEmpty(value)?.replace(/\s+/g, '');
  if (number === undefined || number === '' || number === 'tel:') {
    throw new LineMessageMappingError('invalid_url', field, `${field} must be a phone number to call`);
  }
  return checkUriLength(/^tel:/i.test(number) ? number : `tel:${number}`, field);
}

function checkUriLength(uri: string, field: string): string {
  if (uri.length > MAX_URI_LENGTH) {
    throw new LineMessageMappingError(
      'invalid_url',
      field,
      `${field} is ${uri.length} characters; LINE takes at most ${MAX_URI_LENGTH}`,
    );
  }
  return uri;
}

// ---------------------------------------------------------------------------------------------------------------
// Quick reply

function withQuickReply(messages: messagingApi.Message[], actions: readonly CardAction[]): messagingApi.Message[] {
  if (actions.length === 0) return messages;
  const last = messages.at(-1);
  if (last === undefined) {
    throw new LineMessageMappingError(
      'quick_reply_without_message',
      'suggestedActions',
      'suggestedActions need a message to carry them on LINE: give the activity text or an attachment',
    );
  }
  if (last.quickReply) return messages;
  // LINE refuses a 14th item outright; dropping the extras keeps the conversation going.
  const items = actions
    .slice(0, MAX_QUICK_REPLY_ITEMS)
    .map((action, index) => quickReplyItem(action, `suggestedActions.actions[${index}]`));
  return [...messages.slice(0, -1), { ...last, quickReply: { items } }];
}

function quickReplyItem(action: CardAction, field: string): messagingApi.QuickReplyItem {
  const item: messagingApi.QuickReplyItem = { type: 'action', action: lineAction(cardAction(action, field), field, true) };
  if (typeof action.image === 'string' && isHttpsUrl(action.image)) item.imageUrl = action.image;
  return item;
}

// ---------------------------------------------------------------------------------------------------------------
// Small predicates

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function isHttpsUrl(value: string): boolean {
  return URL.canParse(value) && new URL(value).protocol === 'https:';
}

/** `value` as an HTTPS URL LINE can fetch, or a {@link LineMessageMappingError} naming `field`. */
function httpsUrl(value: unknown, field: string): string {
  const url = nonEmpty(value)?.trim();
  if (url === undefined || !URL.canParse(url)) {
    throw new LineMessageMappingError('invalid_url', field, `${field} must be an HTTPS URL; got ${JSON.stringify(value)}`);
  }
  if (new URL(url).protocol !== 'https:') {
    throw new LineMessageMappingError('insecure_url', field, `${field} must be HTTPS for LINE to fetch it; got ${url}`);
  }
  return url;
}
