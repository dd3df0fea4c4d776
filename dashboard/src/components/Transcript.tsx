import { useEffect, useRef } from 'preact/hooks';
import { clock, handoffReasonName } from '../format';
import type { ConversationMedia } from '../media';
import type { Attachment, LineDelivery, RelayedMessage, TranscriptActivity } from '../types';
import { texts } from '../i18n/current';
import type { Catalogue } from '../i18n/en';
import { useT } from '../i18n/I18nProvider';
import { AttachmentView } from './AttachmentView';
import { DeliveryMark } from './DeliveryMark';

const AGENT_ENTITY = 'handoff.agent';
/** The attachment type of a LINE sticker (`content: { packageId, stickerId }`, the picture as `thumbnailUrl`). */
export { STICKER } from './AttachmentView';

/** One line of a conversation as the dashboard shows it. */
export interface Line {
  readonly key: string;
  /** Server id of the activity, when known (to merge live messages with the transcript). */
  readonly id?: string;
  readonly author: 'customer' | 'bot' | 'agent' | 'system';
  readonly agentName?: string;
  readonly agentId?: string;
  /** The id the sending screen gave an agent's message (live echoes only). */
  readonly clientMessageId?: string;
  readonly text?: string;
  readonly attachments: readonly Attachment[];
  readonly at?: string;
  readonly location?: { readonly latitude: number; readonly longitude: number; readonly name?: string };
  readonly buttons?: readonly string[];
  /** How the message went on LINE, when the server knows (agents' messages and notices). */
  readonly delivery?: LineDelivery;
  /** A handoff event the system line stands for: its words follow the dashboard language when it changes. */
  readonly notice?: SystemNotice;
  /** The customer unsent the message: only a marker is shown. */
  readonly unsent?: boolean;
  readonly pending?: { readonly status: 'sending' | 'failed' | 'sent'; readonly error?: string; readonly clientMessageId: string };
}

/** A handoff event shown as a system line. */
export type SystemNotice = { readonly kind: 'handedOver'; readonly reason?: string } | { readonly kind: 'withdrew' } | { readonly kind: 'handedBack' };

/** The words of a system line in the dashboard language. */
function noticeText(notice: SystemNotice, t: Catalogue): string {
  if (notice.kind === 'handedOver') return t.handedOver(notice.reason === undefined ? undefined : handoffReasonName(notice.reason));
  return notice.kind === 'withdrew' ? t.customerWithdrew : t.handedBack;
}

/** A transcript activity as a line; `undefined` for activities screens do not show (typing, updates…). */
export function lineOfActivity(activity: TranscriptActivity, index: number): Line | undefined {
  // Keyed by message id, so a live line and its transcript copy are one element (a photo is not fetched again).
  const key = activity.id ? `m-${activity.id}` : `t-${index}`;
  const at = activity.timestamp;
  if (activity.type === 'event') {
    if (activity.name === 'handoff.initiate') {
      const value = (activity.value ?? {}) as { reason?: unknown };
      const notice: SystemNotice = { kind: 'handedOver', ...(typeof value.reason === 'string' ? { reason: value.reason } : {}) };
      return { key, author: 'system', notice, text: noticeText(notice, texts()), attachments: [], ...(at ? { at } : {}) };
    }
    if (activity.name === 'handoff.cancel') return { key, author: 'system', notice: { kind: 'withdrew' }, text: texts().customerWithdrew, attachments: [], ...(at ? { at } : {}) };
    if (activity.name === 'handoff.ended') return { key, author: 'system', notice: { kind: 'handedBack' }, text: texts().handedBack, attachments: [], ...(at ? { at } : {}) };
    return undefined;
  }
  if (activity.type === 'messageDelete') return unsentLine(key, activity.id, at);
  if (activity.type !== 'message') return undefined;
  const agent = activity.entities?.find((entity) => entity.type === AGENT_ENTITY);
  const geo = activity.entities?.find((entity) => entity.type === 'GeoCoordinates');
  const author: Line['author'] = agent ? 'agent' : activity.from?.role === 'user' ? 'customer' : 'bot';
  const latitude = typeof geo?.['latitude'] === 'number' ? geo['latitude'] : undefined;
  const longitude = typeof geo?.['longitude'] === 'number' ? geo['longitude'] : undefined;
  const buttons = (activity.suggestedActions?.actions ?? []).map((action) => action.title ?? (typeof action.value === 'string' ? action.value : '')).filter(Boolean);
  return {
    key,
    ...(activity.id ? { id: activity.id } : {}),
    author,
    ...(agent && typeof agent['name'] === 'string' ? { agentName: agent['name'] } : {}),
    ...(agent && typeof agent['agentId'] === 'string' ? { agentId: agent['agentId'] } : {}),
    ...(activity.text ? { text: activity.text } : {}),
    attachments: activity.attachments ?? [],
    ...(at ? { at } : {}),
    ...(latitude !== undefined && longitude !== undefined ? { location: { latitude, longitude, ...(typeof geo?.['name'] === 'string' ? { name: geo['name'] } : {}) } } : {}),
    ...(buttons.length > 0 ? { buttons } : {}),
    ...(activity.delivery ? { delivery: activity.delivery } : {}),
  };
}

/** The marker left where the customer unsent message `id` was. */
export function unsentLine(key: string, id: string | undefined, at: string | undefined): Line {
  return { key, ...(id ? { id } : {}), author: 'customer', unsent: true, attachments: [], ...(at ? { at } : {}) };
}

/** A message of the live stream as a line (until the transcript has it). */
export function lineOfRelayed(message: RelayedMessage): Line {
  if (message.unsent === true) return unsentLine(message.id ? `m-${message.id}` : `live-unsent-${message.at}`, message.id, message.at);
  return {
    key: message.id ? `m-${message.id}` : message.clientMessageId ? `c-${message.clientMessageId}` : `live-${message.author}-${message.at}`,
    ...(message.id ? { id: message.id } : {}),
    author: message.author,
    ...(message.agentId ? { agentId: message.agentId } : {}),
    ...(message.agentName ? { agentName: message.agentName } : {}),
    ...(message.clientMessageId ? { clientMessageId: message.clientMessageId } : {}),
    ...(message.text ? { text: message.text } : {}),
    attachments: message.attachments,
    at: message.at,
    ...(message.quickReplies && message.quickReplies.length > 0 ? { buttons: message.quickReplies } : {}),
    ...(message.delivery ? { delivery: message.delivery } : {}),
  };
}

/** Whether two lines are the same message (a live one and its transcript copy). */
export function sameMessage(a: Line, b: Line): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  if (a.author !== b.author || (a.text ?? '') !== (b.text ?? '') || a.attachments.length !== b.attachments.length) return false;
  if (!a.at || !b.at) return true;
  return Math.abs(Date.parse(a.at) - Date.parse(b.at)) < 15_000;
}

/**
 * The transcript's lines, then the live ones it does not have yet, then this screen's own sends that have no echo
 * yet. A send is matched to its echo by `clientMessageId` (the screen drops it when the echo arrives); only when the
 * echo was missed (the live stream was down) is a delivered send matched to a transcript copy by its author and text,
 * each copy claimed once.
 */
export function mergeLines(transcript: readonly Line[], live: readonly Line[], pending: readonly Line[]): Line[] {
  const merged = [...transcript];
  for (const line of live) if (!merged.some((known) => sameMessage(known, line))) merged.push(line);
  const echoed = new Set(merged.map((line) => line.clientMessageId).filter((id): id is string => id !== undefined));
  const claimed = new Set<Line>();
  for (const line of pending) {
    if (!line.pending || echoed.has(line.pending.clientMessageId)) continue;
    if (line.pending.status === 'sent') {
      const sentAt = line.at ? Date.parse(line.at) : 0;
      const copy = merged.find(
        (known) =>
          known.author === 'agent' &&
          known.clientMessageId === undefined &&
          !claimed.has(known) &&
          (known.agentId === undefined || known.agentId === line.agentId) &&
          (known.text ?? '') === (line.text ?? '') &&
          (!known.at || Date.parse(known.at) >= sentAt - 15_000),
      );
      if (copy) {
        claimed.add(copy);
        continue;
      }
    }
    merged.push(line);
  }
  // Keys must be unique even if a channel repeated an id.
  const keys = new Set<string>();
  return merged.map((line) => {
    let key = line.key;
    for (let n = 2; keys.has(key); n += 1) key = `${line.key}~${n}`;
    keys.add(key);
    return key === line.key ? line : { ...line, key };
  });
}

/** Who wrote a line, as its label says. */
function authorLabel(line: Line, customerName: string, meId: string | undefined): string {
  const t = texts();
  switch (line.author) {
    case 'customer':
      return customerName;
    case 'bot':
      return t.authorBot;
    case 'system':
      return t.authorSystem;
    case 'agent':
      return `${line.agentName || t.authorAgent}${meId !== undefined && line.agentId === meId ? t.you : ''}`;
  }
}

/**
 * The whole conversation: customer, bot and agents styled apart; text is rendered as text (Preact escapes it), links
 * and pictures only from HTTPS URLs, and the customer's media the server keeps through object URLs of what `media`
 * fetched. Scrolls to the newest line unless the reader scrolled up.
 */
export function Transcript(props: {
  lines: readonly Line[];
  customerName: string;
  meId?: string;
  onRetry?: (line: Line) => void;
  onDiscard?: (line: Line) => void;
  label?: string;
  /** The server's copies of the customer's media; without it, media is only named. */
  media?: ConversationMedia;
}) {
  const t = useT();
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const toEnd = (): void => {
    const element = list.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  };
  useEffect(toEnd, [props.lines.length, props.lines.at(-1)?.key, props.lines.at(-1)?.pending?.status]);
  return (
    <ol
      class="transcript"
      ref={list}
      aria-label={props.label ?? t.conversationRegion}
      aria-live="polite"
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      }}
    >
      {props.lines.length === 0 && <li class="muted pad">{t.noMessagesYet}</li>}
      {props.lines.map((line) => (
        <li key={line.key} class={`msg msg-${line.author}${line.pending ? ` msg-${line.pending.status}` : ''}`}>
          <div class="msg-meta">
            <span class="msg-author">{authorLabel(line, props.customerName, props.meId)}</span>
            {line.at && <time dateTime={line.at}>{clock(line.at)}</time>}
            {(line.delivery === 'reply' || line.delivery === 'push') && <DeliveryMark delivery={line.delivery} />}
          </div>
          {line.unsent && <div class="msg-text msg-unsent">{t.messageUnsent}</div>}
          {line.text !== undefined && <div class="msg-text">{line.notice ? noticeText(line.notice, t) : line.text}</div>}
          {line.location && (
            <a href={`https://www.google.com/maps/search/?api=1&query=${line.location.latitude},${line.location.longitude}`} target="_blank" rel="noopener noreferrer">
              {t.location}
              {line.location.name ? `: ${line.location.name}` : ''} ({line.location.latitude.toFixed(5)}, {line.location.longitude.toFixed(5)}) — {t.openMap}
            </a>
          )}
          {line.attachments.map((attachment, index) => (
            <div class="msg-attachment" key={index}>
              <AttachmentView attachment={attachment} media={props.media} onGrow={toEnd} />
            </div>
          ))}
          {line.buttons && (
            <ul class="chips" aria-label={t.quickRepliesOffered}>
              {line.buttons.map((button, index) => (
                <li key={index}>{button}</li>
              ))}
            </ul>
          )}
          {line.pending?.status === 'sending' && <div class="msg-status">{t.sending}</div>}
          {line.pending?.status === 'failed' && (
            <div class="msg-status error" role="alert">
              {t.notSent(line.pending.error ?? '')}{' '}
              {props.onRetry && (
                <button type="button" class="small" onClick={() => props.onRetry?.(line)}>
                  {t.retry}
                </button>
              )}{' '}
              {props.onDiscard && (
                <button type="button" class="small secondary" onClick={() => props.onDiscard?.(line)}>
                  {t.discard}
                </button>
              )}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
