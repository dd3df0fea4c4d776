import { useEffect, useState } from 'preact/hooks';
import { ownMediaPath } from '../agentFiles';
import { duration, safeHttpsUrl } from '../format';
import { fileSize, saveBlob, useStoredFile, type ConversationMedia } from '../media';
import type { Attachment } from '../types';
import { texts } from '../i18n/current';
import { useT } from '../i18n/I18nProvider';
import { Dialog } from './Dialog';

/** Content type of a LINE sticker attachment. */
export const STICKER = 'application/vnd.line.sticker+json';

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

/**
 * One attachment of a transcript line: a sticker, a card, a location, or media the server kept (photos inline with a
 * larger view, video and voice players, files to download), each with what can be said of it.
 */
export function AttachmentView(props: { attachment: Attachment; media: ConversationMedia | undefined; onGrow?: () => void }) {
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
