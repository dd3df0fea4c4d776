import type { Activity } from 'botbuilder';
import { LineApiError } from '../../adapters/line/lineApiError';
import { parseLineConversationId } from '../../adapters/line/lineConversationId';
import { retry, type RetryDecision, type RetryPolicy } from '../../shared/retry';
import { AttachmentContentMismatchError } from './attachmentContentRules';
import {
  AttachmentTypeNotAllowedError,
  AttachmentValidationError,
  attachmentId,
  type AttachmentMetadata,
  type AttachmentRepository,
} from './attachmentRepository';
import { BlobTooLargeError } from '../storage/engine/documentStore';

/** Content of a message as the LINE content API serves it; `LineAdapter#getContent` returns this shape. */
export interface FetchedContent {
  readonly contentType: string;
  /** `Content-Length`, when the server sent one: larger than the limit means no download at all. */
  readonly contentLength?: number | undefined;
  readonly body: AsyncIterable<Uint8Array>;
}

/** Fetches the content of a message; e.g. `(accountId, messageId) => adapter.getContent(accountId, messageId)`. */
export type FetchContent = (accountId: string, messageId: string) => Promise<FetchedContent>;

/** The logging the downloader needs (pino's shape). */
export interface AttachmentDownloaderLogger {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Options of {@link AttachmentDownloader}. */
export interface AttachmentDownloaderOptions {
  readonly fetchContent: FetchContent;
  readonly repository: AttachmentRepository;
  readonly logger?: AttachmentDownloaderLogger;
  /** Defaults to {@link DEFAULT_DOWNLOAD_RETRY_POLICY}. */
  readonly retryPolicy?: RetryPolicy;
}

/** Three attempts within a few seconds: LINE keeps content long enough, but a turn should not wait for long. */
export const DEFAULT_DOWNLOAD_RETRY_POLICY: RetryPolicy = Object.freeze({ attempts: 3, baseDelayMs: 500, maxDelayMs: 4_000 });

const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'video', 'audio', 'file']);

/** What LINE's messages imply when its content API answers only `application/octet-stream`. */
const DECLARED_TYPES: Readonly<Record<string, string>> = { image: 'image/jpeg', video: 'video/mp4', audio: 'audio/m4a' };

/** The media of a LINE message event that is ours to copy. */
interface LineMedia {
  readonly messageId: string;
  readonly messageType: string;
  readonly userId: string | undefined;
  readonly fileName: string | undefined;
  readonly fileSize: number | undefined;
}

const silentLogger: AttachmentDownloaderLogger = Object.freeze({ debug: () => undefined, warn: () => undefined, error: () => undefined });

/**
 * Copies the media customers send on LINE (images, videos, voice messages, files) into the
 * {@link AttachmentRepository} as their messages arrive: LINE deletes content after a while, and operators need
 * it after that.
 *
 * Media whose `contentProvider` is `external` lives on the sender's own servers and is not copied. Transient
 * failures (network, LINE 5xx/429, a body cut short) are retried; refusals (type not allowed, too large, not the
 * declared image type) and LINE's 4xx are not. A final failure is logged; it never fails the turn.
 *
 * @example
 * const downloader = new AttachmentDownloader({ fetchContent: (a, m) => adapter.getContent(a, m), repository, logger });
 * await downloader.downloadFromActivity(context.activity); // metadata, or undefined
 */
export class AttachmentDownloader {
  private readonly fetchContent: FetchContent;
  private readonly repository: AttachmentRepository;
  private readonly logger: AttachmentDownloaderLogger;
  private readonly retryPolicy: RetryPolicy;

  constructor(options: AttachmentDownloaderOptions) {
    this.fetchContent = options.fetchContent;
    this.repository = options.repository;
    this.logger = options.logger ?? silentLogger;
    this.retryPolicy = options.retryPolicy ?? DEFAULT_DOWNLOAD_RETRY_POLICY;
  }

  /**
   * Downloads and stores the media of a LINE message activity (the raw event in `channelData`).
   *
   * @returns the stored metadata (also when it was stored before), or `undefined` when the activity carries no
   *   media of ours or the download failed (logged).
   */
  async downloadFromActivity(activity: Partial<Activity>): Promise<AttachmentMetadata | undefined> {
    if (activity.type !== 'message' || activity.channelId !== 'line') return undefined;
    const media = lineMediaOf(activity.channelData);
    if (!media) return undefined;
    const conversationId = activity.conversation?.id ?? '';
    const key = parseLineConversationId(conversationId);
    const fields = { conversationId, messageId: media.messageId, messageType: media.messageType };
    if (!key) {
      this.logger.warn(fields, 'LINE media not downloaded: the conversation id is not a LINE one');
      return undefined;
    }
    const senderId = media.userId ?? (activity.from?.id && activity.from.id !== 'unknown' ? activity.from.id : undefined);
    if (senderId === undefined) {
      // Without a sender the copy could never be found again by customer, and so never erased with them.
      this.logger.warn(fields, 'LINE media not downloaded: the sender is unknown');
      return undefined;
    }
    const accountId = key.accountId;
    const existing = await this.repository.getMetadata(attachmentId(accountId, media.messageId));
    if (existing) return existing;
    if (media.fileSize !== undefined && media.fileSize > this.repository.maxBytes) {
      this.logger.warn({ ...fields, accountId, fileSize: media.fileSize, maxBytes: this.repository.maxBytes }, 'LINE file not downloaded: larger than allowed');
      return undefined;
    }

    try {
      return await retry(
        async () => {
          const content = await this.fetchContent(accountId, media.messageId);
          if (content.contentLength !== undefined && content.contentLength > this.repository.maxBytes) {
            await content.body[Symbol.asyncIterator]().return?.();
            throw new BlobTooLargeError(this.repository.maxBytes);
          }
          return this.repository.store({
            accountId,
            conversationId,
            customerId: `line:${senderId}`,
            messageId: media.messageId,
            contentType: content.contentType,
            content: content.body,
            ...(media.fileName !== undefined ? { fileName: media.fileName } : {}),
            ...(DECLARED_TYPES[media.messageType] !== undefined ? { declaredContentType: DECLARED_TYPES[media.messageType] } : {}),
          });
        },
        this.retryPolicy,
        {
          classify: classifyDownloadError,
          onRetry: (error, attempt, delayMs) => this.logger.debug({ ...fields, accountId, attempt, delayMs, err: error }, 'LINE media download failed; retrying'),
        },
      );
    } catch (error) {
      if (isRefusal(error)) {
        this.logger.warn({ ...fields, accountId, err: error }, 'LINE media not kept');
      } else {
        this.logger.error({ ...fields, accountId, err: error }, 'LINE media download failed');
      }
      return undefined;
    }
  }
}

/** Refusals by the repository: the same content would be refused again. */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof AttachmentTypeNotAllowedError ||
    error instanceof AttachmentContentMismatchError ||
    error instanceof AttachmentValidationError ||
    error instanceof BlobTooLargeError
  );
}

/** Refusals and LINE's 4xx are final; everything else (network, 5xx, 429, a body cut short, the database) may pass. */
function classifyDownloadError(error: unknown): RetryDecision {
  if (isRefusal(error)) return { retryable: false };
  if (error instanceof LineApiError) {
    return error.retryAfterSeconds === undefined ? { retryable: error.retryable } : { retryable: error.retryable, retryAfterMs: error.retryAfterSeconds * 1000 };
  }
  return { retryable: true };
}

/** The media of a LINE message event that LINE hosts, or `undefined` for anything else. */
function lineMediaOf(channelData: unknown): LineMedia | undefined {
  if (!isRecord(channelData) || channelData.type !== 'message') return undefined;
  const message = channelData.message;
  if (!isRecord(message) || typeof message.type !== 'string' || !MEDIA_TYPES.has(message.type)) return undefined;
  if (typeof message.id !== 'string' || message.id === '') return undefined;
  const provider = message.contentProvider;
  if (provider !== undefined && !(isRecord(provider) && provider.type === 'line')) return undefined;
  const source = channelData.source;
  return {
    messageId: message.id,
    messageType: message.type,
    userId: isRecord(source) && typeof source.userId === 'string' && source.userId !== '' ? source.userId : undefined,
    fileName: typeof message.fileName === 'string' ? message.fileName : undefined,
    fileSize: typeof message.fileSize === 'number' && Number.isFinite(message.fileSize) ? message.fileSize : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
