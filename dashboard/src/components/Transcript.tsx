import { useEffect, useRef, useState } from 'preact/hooks';
import { ownMediaPath } from '../agentFiles';
import { clock, duration, handoffReasonName, safeHttpsUrl } from '../format';
import { fileSize, saveBlob, useStoredFile, type ConversationMedia } from '../media';
import type { Attachment, LineDelivery, RelayedMessage, TranscriptActivity } from '../types';
import { texts } from '../i18n/current';
import type { Catalogue } from '../i18n/en';
import { useT } from '../i18n/I18nProvider';
import { DeliveryMark } from './DeliveryMark';
import { Dialog } from './Dialog';

const AGENT_ENTITY = 'handoff.agent';
/** The attachment type of a LINE sticker (`content: { packageId, stickerId }`, the picture as `thumbnailUrl`). */
export const STICKER = 'application/vnd.line.sticker+json';

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

/** The LINE message id in a content URL LINE keeps behind the bot's token (`…/v2/bot/message/{id}/content`). */
function lineContentId(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const id = /\/v2\/bot\/message\/([^/]+)\/content(\/preview)?$/.exec(new URL(url).pathname)?.[1];
    return id ? decodeURIComponent(id) : undefined;
  } catch {
    return undefined;
  }
}

type MediaKind = 'Photo' | 'Video' | 'Voice message' | 'File';

function mediaKind(contentType: string): MediaKind {
  return contentType.startsWith('image/') ? 'Photo' : contentType.startsWith('video/') ? 'Video' : contentType.startsWith('audio/') ? 'Voice message' : 'File';
}

/** A kind of media as the dashboard language names it. */
function mediaKindName(kind: MediaKind): string {
  const t = texts();
  return { Photo: t.mediaPhoto, Video: t.mediaVideo, 'Voice message': t.mediaVoice, File: t.mediaFile }[kind];
}

/**
 * The id of the customer's LINE message whose media the server keeps: from the attachment's `content.lineMessageId`
 * or its LINE content URL. `undefined` for media hosted elsewhere (`contentProvider: external`) and anything else.
 */
function storedMessageId(attachment: Attachment): string | undefined {
  const content = (attachment.content ?? {}) as { lineMessageId?: unknown; contentProvider?: { type?: unknown } };
  if (content.contentProvider?.type === 'external') return undefined;
  if (typeof content.lineMessageId === 'string' && content.lineMessageId) return content.lineMessageId;
  return lineContentId(attachment.contentUrl);
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'audio/m4a': 'm4a',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
  'audio/mpeg': 'mp3',
};

/** `name` with the usual extension of `contentType` (LINE names every photo `….jpg`, whatever it is). */
function withExtensionOf(name: string, contentType: string): string {
  const extension = EXTENSIONS[contentType.split(';')[0]?.trim().toLowerCase() ?? ''];
  return extension ? `${name.replace(/\.[A-Za-z0-9]{1,5}$/, '')}.${extension}` : name;
}

/** What the message says about its media: a voice message's length, a file's size. */
function mediaFacts(attachment: Attachment): string {
  const content = (attachment.content ?? {}) as { duration?: unknown; fileSize?: unknown };
  const facts: string[] = [];
  if (typeof content.duration === 'number' && content.duration > 0) facts.push(duration(content.duration / 1000));
  if (typeof content.fileSize === 'number' && content.fileSize >= 0) facts.push(fileSize(content.fileSize));
  return facts.length > 0 ? ` (${facts.join(', ')})` : '';
}

/**
 * Media the customer sent, from the server's copy: photos as pictures (click for a larger view), voice messages
 * with a player, videos with a player once asked for (they can be large), files as a download. The bytes come with
 * the login token in the `Authorization` header and are shown through object URLs, revoked when the line goes away.
 */
function StoredMedia(props: { attachment: Attachment; messageId: string; media: ConversationMedia; onGrow?: () => void }) {
  const { attachment, messageId, media } = props;
  const kind = mediaKind(attachment.contentType);
  const t = useT();
  const label = `${mediaKindName(kind)}: ${attachment.name ?? messageId}`;
  const [wanted, setWanted] = useState(kind === 'Photo' || kind === 'Voice message');
  const [saveWhenReady, setSaveWhenReady] = useState(false);
  const [zoomed, setZoomed] = useState(false);
  const { state, retry } = useStoredFile(media, messageId, wanted);
  // The server names a file as the customer did, and anything it has no name for by the message id; such media
  // gets the message's name with the extension of the type the server found.
  const storedName = state.status === 'ready' && state.file.fileName !== messageId ? state.file.fileName : undefined;
  const fileName = storedName ?? (state.status === 'ready' ? withExtensionOf(attachment.name ?? messageId, state.file.contentType) : (attachment.name ?? messageId));

  useEffect(() => {
    if (saveWhenReady && state.status === 'ready') {
      setSaveWhenReady(false);
      saveBlob(state.file.blob, fileName);
    }
  }, [saveWhenReady, state.status]);

  if (state.status === 'failed') {
    return (
      <span class="attachment-note" role="status">
        {label} —{' '}
        <span class="muted">{state.missing ? t.mediaNotKept : t.mediaNotLoaded(state.error)}</span>{' '}
        <button type="button" class="small secondary" onClick={retry}>
          {t.tryAgain}
        </button>
      </span>
    );
  }
  if (kind === 'File') {
    return (
      <button
        type="button"
        class="small secondary file-button"
        aria-busy={state.status === 'loading'}
        disabled={state.status === 'loading'}
        onClick={() => {
          if (state.status === 'ready') saveBlob(state.file.blob, fileName);
          else {
            setSaveWhenReady(true);
            setWanted(true);
          }
        }}
      >
        {state.status === 'loading' ? t.downloading(fileName) : `${t.download(fileName)}${mediaFacts(attachment)}`}
      </button>
    );
  }
  if (state.status !== 'ready') {
    if (kind === 'Video' && !wanted) {
      return (
        <button type="button" class="small secondary" onClick={() => setWanted(true)}>
          {t.playVideo}
          {mediaFacts(attachment)}
        </button>
      );
    }
    return (
      <span class="attachment-note media-loading" aria-busy="true">
        {label} <span class="muted">{t.loadingParenthesised}</span>
      </span>
    );
  }
  const download = (
    <a class="small-text" href={state.url} download={fileName}>
      {t.download(fileName)}
    </a>
  );
  if (kind === 'Photo') {
    return (
      <>
        <button type="button" class="image-button" onClick={() => setZoomed(true)} title={t.showLarger}>
          <img class="image" src={state.url} alt={`${t.photoFromCustomer}${attachment.name ? ` (${attachment.name})` : ''}`} onLoad={props.onGrow} />
        </button>
        {zoomed && (
          <Dialog title={t.photoFromCustomer} wide onClose={() => setZoomed(false)}>
            <img class="image-large" src={state.url} alt={`${t.photoFromCustomer}${attachment.name ? ` (${attachment.name})` : ''}`} />
            <p>
              <a href={state.url} download={fileName}>
                {t.download(fileName)}
              </a>
            </p>
          </Dialog>
        )}
      </>
    );
  }
  if (kind === 'Video') {
    return (
      <div class="media-player">
        <video class="video" src={state.url} controls autoplay preload="metadata" aria-label={label} onLoadedMetadata={props.onGrow} />
        {download}
      </div>
    );
  }
  return (
    <div class="media-player">
      <audio src={state.url} controls preload="metadata" aria-label={label} onLoadedMetadata={props.onGrow} />
      {download}
    </div>
  );
}

function AttachmentView(props: { attachment: Attachment; media: ConversationMedia | undefined; onGrow?: () => void }) {
  const { attachment } = props;
  const t = useT();
  const type = attachment.contentType;
  if (type === STICKER) {
    const content = (attachment.content ?? {}) as { packageId?: unknown; stickerId?: unknown };
    const image = safeHttpsUrl(attachment.thumbnailUrl);
    const label = `${t.sticker}${typeof content.stickerId === 'string' ? ` ${String(content.packageId ?? '')}/${content.stickerId}` : ''}`;
    return image ? <img class="sticker" src={image} alt={label} title={label} loading="lazy" referrerpolicy="no-referrer" /> : <span class="attachment-note">{label}</span>;
  }
  if (type === 'application/vnd.microsoft.card.hero' || type === 'application/vnd.microsoft.card.thumbnail') {
    const card = (attachment.content ?? {}) as { title?: unknown; text?: unknown; buttons?: { title?: unknown }[] };
    return (
      <div class="card-attachment">
        {typeof card.title === 'string' && <strong>{card.title}</strong>}
        {typeof card.text === 'string' && <p>{card.text}</p>}
        {Array.isArray(card.buttons) && card.buttons.length > 0 && (
          <ul class="chips" aria-label={t.buttons}>
            {card.buttons.map((button, index) => (
              <li key={index}>{typeof button.title === 'string' ? button.title : '…'}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const name = attachment.name ?? type;
  const kind = mediaKindName(mediaKind(type));
  const stored = storedMessageId(attachment);
  if (stored !== undefined) {
    if (props.media) return <StoredMedia attachment={attachment} messageId={stored} media={props.media} {...(props.onGrow ? { onGrow: props.onGrow } : {})} />;
    // A screen without access to the server's copy names it only.
    return (
      <span class="attachment-note">
        {kind}: {name} <span class="muted">{t.keptOnServer}</span>
      </span>
    );
  }
  // Files agents sent are this server's: shown from this origin, whichever public address LINE was given.
  const url = ownMediaPath(attachment.contentUrl) ?? safeHttpsUrl(attachment.contentUrl);
  const preview = ownMediaPath(attachment.thumbnailUrl) ?? safeHttpsUrl(attachment.thumbnailUrl) ?? url;
  if (!url) {
    return (
      <span class="attachment-note">
        {kind}: {name}
      </span>
    );
  }
  if (type.startsWith('image/') && preview) {
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
