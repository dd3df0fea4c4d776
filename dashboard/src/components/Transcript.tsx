import { useEffect, useRef } from 'preact/hooks';
import { clock, safeHttpsUrl } from '../format';
import type { Attachment, RelayedMessage, TranscriptActivity } from '../types';

const AGENT_ENTITY = 'handoff.agent';
const STICKER = 'application/vnd.line.sticker+json';

/** One line of a conversation as the dashboard shows it. */
export interface Line {
  readonly key: string;
  /** Server id of the activity, when known (to merge live messages with the transcript). */
  readonly id?: string;
  readonly author: 'customer' | 'bot' | 'agent' | 'system';
  readonly agentName?: string;
  readonly agentId?: string;
  readonly text?: string;
  readonly attachments: readonly Attachment[];
  readonly at?: string;
  readonly location?: { readonly latitude: number; readonly longitude: number; readonly name?: string };
  readonly buttons?: readonly string[];
  readonly pending?: { readonly status: 'sending' | 'failed' | 'sent'; readonly error?: string; readonly clientMessageId: string };
}

/** A transcript activity as a line; `undefined` for activities screens do not show (typing, updates…). */
export function lineOfActivity(activity: TranscriptActivity, index: number): Line | undefined {
  const key = `t-${activity.id ?? index}-${index}`;
  const at = activity.timestamp;
  if (activity.type === 'event') {
    if (activity.name === 'handoff.initiate') {
      const value = (activity.value ?? {}) as { reason?: unknown };
      return { key, author: 'system', text: `Handed over to a person${typeof value.reason === 'string' ? ` (${value.reason})` : ''}`, attachments: [], ...(at ? { at } : {}) };
    }
    if (activity.name === 'handoff.cancel') return { key, author: 'system', text: 'The customer withdrew the request for a person', attachments: [], ...(at ? { at } : {}) };
    if (activity.name === 'handoff.ended') return { key, author: 'system', text: 'Handed back to the bot', attachments: [], ...(at ? { at } : {}) };
    return undefined;
  }
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
  };
}

/** A message of the live stream as a line (until the transcript has it). */
export function lineOfRelayed(message: RelayedMessage): Line {
  return {
    key: `live-${message.id ?? `${message.author}-${message.at}`}`,
    ...(message.id ? { id: message.id } : {}),
    author: message.author,
    ...(message.agentId ? { agentId: message.agentId } : {}),
    ...(message.text ? { text: message.text } : {}),
    attachments: message.attachments,
    at: message.at,
  };
}

/** Whether two lines are the same message (a live one and its transcript copy). */
export function sameMessage(a: Line, b: Line): boolean {
  if (a.id !== undefined && b.id !== undefined && a.id === b.id) return true;
  if (a.author !== b.author || (a.text ?? '') !== (b.text ?? '') || a.attachments.length !== b.attachments.length) return false;
  if (!a.at || !b.at) return true;
  return Math.abs(Date.parse(a.at) - Date.parse(b.at)) < 15_000;
}

/** The transcript's lines, then the live ones it does not have yet, then this screen's own sends. */
export function mergeLines(transcript: readonly Line[], live: readonly Line[], pending: readonly Line[]): Line[] {
  const merged = [...transcript];
  for (const line of live) if (!merged.some((known) => sameMessage(known, line))) merged.push(line);
  for (const line of pending) {
    const delivered = line.pending?.status === 'sent' && merged.some((known) => known.author === 'agent' && (known.text ?? '') === (line.text ?? '') && (!known.at || !line.at || Date.parse(known.at) >= Date.parse(line.at) - 15_000));
    if (!delivered) merged.push(line);
  }
  return merged;
}

/** Content LINE keeps behind the bot's token (`…/v2/bot/message/{id}/content`): a browser cannot load it. */
function isLineContentUrl(url: string): boolean {
  return /\/v2\/bot\/message\/[^/]+\/content(\/preview)?$/.test(new URL(url).pathname);
}

function AttachmentView(props: { attachment: Attachment }) {
  const { attachment } = props;
  const type = attachment.contentType;
  if (type === STICKER) {
    const content = (attachment.content ?? {}) as { packageId?: unknown; stickerId?: unknown };
    const image = safeHttpsUrl(attachment.thumbnailUrl);
    const label = `Sticker${typeof content.stickerId === 'string' ? ` ${String(content.packageId ?? '')}/${content.stickerId}` : ''}`;
    return image ? <img class="sticker" src={image} alt={label} title={label} loading="lazy" referrerpolicy="no-referrer" /> : <span class="attachment-note">{label}</span>;
  }
  if (type === 'application/vnd.microsoft.card.hero' || type === 'application/vnd.microsoft.card.thumbnail') {
    const card = (attachment.content ?? {}) as { title?: unknown; text?: unknown; buttons?: { title?: unknown }[] };
    return (
      <div class="card-attachment">
        {typeof card.title === 'string' && <strong>{card.title}</strong>}
        {typeof card.text === 'string' && <p>{card.text}</p>}
        {Array.isArray(card.buttons) && card.buttons.length > 0 && (
          <ul class="chips" aria-label="Buttons">
            {card.buttons.map((button, index) => (
              <li key={index}>{typeof button.title === 'string' ? button.title : '…'}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const url = safeHttpsUrl(attachment.contentUrl);
  const preview = safeHttpsUrl(attachment.thumbnailUrl) ?? url;
  const name = attachment.name ?? type;
  const kind = type.startsWith('image/') ? 'Photo' : type.startsWith('video/') ? 'Video' : type.startsWith('audio/') ? 'Voice message' : 'File';
  if (!url || isLineContentUrl(url)) {
    // The server keeps customers' media; no API serves it to the dashboard yet.
    return (
      <span class="attachment-note">
        {kind}: {name} <span class="muted">(kept on the server)</span>
      </span>
    );
  }
  if (type.startsWith('image/') && preview && !isLineContentUrl(preview)) {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer" class="image-link">
        <img class="image" src={preview} alt={name} loading="lazy" referrerpolicy="no-referrer" />
      </a>
    );
  }
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" download={attachment.name}>
      {kind}: {name}
    </a>
  );
}

/** Who wrote a line, as its label says. */
function authorLabel(line: Line, customerName: string, meId: string | undefined): string {
  switch (line.author) {
    case 'customer':
      return customerName;
    case 'bot':
      return 'Bot';
    case 'system':
      return 'System';
    case 'agent':
      return `${line.agentName || 'Agent'}${meId !== undefined && line.agentId === meId ? ' (you)' : ''}`;
  }
}

/**
 * The whole conversation: customer, bot and agents styled apart; text is rendered as text (Preact escapes it), links
 * and pictures only from HTTPS URLs. Scrolls to the newest line unless the reader scrolled up.
 */
export function Transcript(props: { lines: readonly Line[]; customerName: string; meId?: string; onRetry?: (line: Line) => void; onDiscard?: (line: Line) => void; label?: string }) {
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    const element = list.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [props.lines.length, props.lines.at(-1)?.key, props.lines.at(-1)?.pending?.status]);
  return (
    <ol
      class="transcript"
      ref={list}
      aria-label={props.label ?? 'Conversation'}
      aria-live="polite"
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      }}
    >
      {props.lines.length === 0 && <li class="muted pad">No messages yet.</li>}
      {props.lines.map((line) => (
        <li key={line.key} class={`msg msg-${line.author}${line.pending ? ` msg-${line.pending.status}` : ''}`}>
          <div class="msg-meta">
            <span class="msg-author">{authorLabel(line, props.customerName, props.meId)}</span>
            {line.at && <time dateTime={line.at}>{clock(line.at)}</time>}
          </div>
          {line.text !== undefined && <div class="msg-text">{line.text}</div>}
          {line.location && (
            <a href={`https://www.google.com/maps/search/?api=1&query=${line.location.latitude},${line.location.longitude}`} target="_blank" rel="noopener noreferrer">
              Location{line.location.name ? `: ${line.location.name}` : ''} ({line.location.latitude.toFixed(5)}, {line.location.longitude.toFixed(5)}) — open map
            </a>
          )}
          {line.attachments.map((attachment, index) => (
            <div class="msg-attachment" key={index}>
              <AttachmentView attachment={attachment} />
            </div>
          ))}
          {line.buttons && (
            <ul class="chips" aria-label="Quick replies offered">
              {line.buttons.map((button, index) => (
                <li key={index}>{button}</li>
              ))}
            </ul>
          )}
          {line.pending?.status === 'sending' && <div class="msg-status">Sending…</div>}
          {line.pending?.status === 'failed' && (
            <div class="msg-status error" role="alert">
              Not sent: {line.pending.error}{' '}
              {props.onRetry && (
                <button type="button" class="small" onClick={() => props.onRetry?.(line)}>
                  Retry
                </button>
              )}{' '}
              {props.onDiscard && (
                <button type="button" class="small secondary" onClick={() => props.onDiscard?.(line)}>
                  Discard
                </button>
              )}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
