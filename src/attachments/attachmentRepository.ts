import { z } from 'zod';
import { LINE_ACCOUNT_ID_PATTERN } from '../../adapters/line/lineAccount';
import { checkedContent, closeQuietly, DEFAULT_ALLOWED_CONTENT_TYPES, normalizeContentType, resolveContentType, sanitizeFileName } from './attachmentContentRules';
import { purgeWithBlobs } from '../storage/blobBackedPurge';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type IndexSpec, type StoredBlob } from '../storage/engine/documentStore';
import { DomainError } from '../domainError';

/** Name of the collection of attachment metadata (the bytes are blobs with the same id). */
export const ATTACHMENTS_COLLECTION = 'attachments';

/** Default largest attachment kept: 25 MB. */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

type AttachmentDocument = {
  _id: string;
  channelId: string;
  accountId: string;
  conversationId: string;
  customerId: string;
  messageId: string;
  contentType: string;
  fileName?: string;
  size: number;
  sha256: string;
  createdAt: Date;
};

/** What is known of a stored attachment. */
export interface AttachmentMetadata {
  /** `{accountId}-{messageId}`; also the id of its blob. */
  readonly id: string;
  readonly channelId: string;
  readonly accountId: string;
  readonly conversationId: string;
  /** `line:{userId}`. */
  readonly customerId: string;
  readonly messageId: string;
  /** The type it was stored as (from the allowlist). */
  readonly contentType: string;
  /** The sender's file name, stripped of any path and control characters. */
  readonly fileName: string | undefined;
  readonly size: number;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly createdAt: Date;
}

/** Input of {@link AttachmentRepository.store}. */
export interface NewAttachment {
  /** Defaults to `line`. */
  readonly channelId?: string;
  readonly accountId: string;
  readonly conversationId: string;
  readonly customerId: string;
  readonly messageId: string;
  readonly fileName?: string;
  /** The type the content source (LINE's content API) reported; parameters such as `; charset=` are ignored. */
  readonly contentType: string;
  /**
   * The type the message itself implies (e.g. `audio/m4a` for a LINE audio message); used only when `contentType`
   * is generic (`application/octet-stream`). The file name's extension is the last resort.
   */
  readonly declaredContentType?: string;
  readonly content: AsyncIterable<Uint8Array>;
}

/** A stored attachment and its bytes. */
export interface StoredAttachment {
  readonly metadata: AttachmentMetadata;
  readonly body: AsyncIterable<Uint8Array>;
}

/** The content's type is not on the allowlist (415); nothing was stored. The message names the types that are kept. */
export class AttachmentTypeNotAllowedError extends DomainError {
  constructor(readonly contentType: string) {
    super('attachment_type_not_allowed', 415, `attachments of type '${contentType || 'unknown'}' are not kept: send a picture, video, sound, PDF, Office document, text or ZIP file`);
  }
}

/** An input field is invalid; `field` names it. */
export class AttachmentValidationError extends Error {
  readonly code = 'attachment_invalid';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`invalid attachment ${field}: ${reason}`);
    this.name = 'AttachmentValidationError';
  }
}

/** The metadata of an attachment exists but its bytes do not (removed outside this repository). */
export class AttachmentContentMissingError extends Error {
  readonly code = 'attachment_content_missing';

  constructor(readonly attachmentId: string) {
    super(`the content of attachment '${attachmentId}' is missing`);
    this.name = 'AttachmentContentMissingError';
  }
}

/** Options of {@link AttachmentRepository}. */
export interface AttachmentRepositoryOptions {
  /** Largest attachment kept, in bytes; defaults to {@link DEFAULT_MAX_ATTACHMENT_BYTES}. */
  readonly maxBytes?: number;
  /** Defaults to {@link DEFAULT_ALLOWED_CONTENT_TYPES}. */
  readonly allowedContentTypes?: readonly string[];
  /** Clock of `createdAt`, for tests. */
  readonly now?: () => Date;
}

const newAttachmentSchema = z.object({
  channelId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a channel id such as line').default('line'),
  accountId: z.string().regex(LINE_ACCOUNT_ID_PATTERN, 'must be a LINE account id'),
  conversationId: z.string().min(1, 'must not be empty').max(512),
  customerId: z.string().min(1, 'must not be empty').max(256),
  messageId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, dashes or underscores'),
  fileName: z.string().max(1024).optional(),
  contentType: z.string().max(255),
  declaredContentType: z.string().max(255).optional(),
});

const ATTACHMENT_ID = /^[a-z0-9][a-z0-9-]{0,62}-[A-Za-z0-9_-]{1,64}$/;
const MAX_LISTED = 1_000;

const INDEXES: readonly IndexSpec[] = [{ keys: { conversationId: 1, createdAt: 1 } }, { keys: { customerId: 1 } }];

/**
 * The id of the attachment of a message: `{accountId}-{messageId}`. Both parts are restricted to letters, digits
 * and dashes, so it is safe as a blob id (a file name in the data directory).
 *
 * @example attachmentId('default', '530470398177869001') // 'default-530470398177869001'
 */
export function attachmentId(accountId: string, messageId: string): string {
  return `${accountId}-${messageId}`;
}

/**
 * Customers' media, kept as blobs ({@link DocumentStore.blobs}) with their metadata in `attachments`.
 *
 * LINE deletes message content after a while, so it is downloaded promptly (`AttachmentDownloader`) and kept
 * here. What is kept is bounded and checked: a size limit, a content-type allowlist, and, for images, the bytes
 * must start as the declared type does (checked while streaming, so nothing is buffered beyond the first bytes).
 *
 * @example
 * const attachments = new AttachmentRepository(store, { maxBytes: 10 * 1024 * 1024 });
 * const content = await adapter.getContent('default', messageId);
 * const stored = await attachments.store({ accountId: 'default', conversationId, customerId, messageId, contentType: content.contentType, content: content.body });
 */
export class AttachmentRepository {
  /** Largest attachment kept, in bytes. */
  readonly maxBytes: number;
  private readonly allowedContentTypes: ReadonlySet<string>;
  private readonly now: () => Date;
  private collectionPromise: Promise<DocumentCollection<AttachmentDocument>> | undefined;

  constructor(
    private readonly documents: DocumentStore,
    options: AttachmentRepositoryOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
    this.allowedContentTypes = new Set((options.allowedContentTypes ?? DEFAULT_ALLOWED_CONTENT_TYPES).map(normalizeContentType));
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Stores the content of a message, once: storing the same account and message again returns what is stored
   * (and leaves the new content unread).
   *
   * @throws {AttachmentValidationError} naming the invalid field.
   * @throws {AttachmentTypeNotAllowedError} when the type is not on the allowlist.
   * @throws {AttachmentContentMismatchError} when an image's bytes are not of its declared type.
   * @throws {BlobTooLargeError} when the content exceeds `maxBytes`.
   * Nothing is kept when it throws.
   */
  async store(input: NewAttachment): Promise<AttachmentMetadata> {
    const parsed = newAttachmentSchema.safeParse(input);
    if (!parsed.success) {
      await closeQuietly(input.content);
      const issue = parsed.error.issues[0];
      throw new AttachmentValidationError(issue?.path.map(String).join('.') || 'input', issue?.message ?? 'invalid');
    }
    const valid = parsed.data;
    const id = attachmentId(valid.accountId, valid.messageId);
    const collection = await this.collection();
    const existing = await collection.findOne({ _id: id });
    if (existing) {
      await closeQuietly(input.content);
      return toMetadata(existing);
    }

    const fileName = sanitizeFileName(valid.fileName);
    const contentType = resolveContentType(valid.contentType, valid.declaredContentType, fileName);
    if (!this.allowedContentTypes.has(contentType)) {
      await closeQuietly(input.content);
      throw new AttachmentTypeNotAllowedError(contentType);
    }

    let blob: StoredBlob;
    try {
      blob = await this.documents.blobs.put(id, checkedContent(input.content, contentType), { contentType, maxBytes: this.maxBytes });
    } catch (error) {
      await this.discardOrphanBlob(collection, id);
      throw error;
    }
    const document: AttachmentDocument = {
      _id: id,
      channelId: valid.channelId,
      accountId: valid.accountId,
      conversationId: valid.conversationId,
      customerId: valid.customerId,
      messageId: valid.messageId,
      contentType,
      size: blob.size,
      sha256: blob.sha256,
      createdAt: this.now(),
    };
    if (fileName !== undefined) document.fileName = fileName;
    try {
      await collection.insertOne(document);
    } catch (error) {
      // Stored concurrently by another handler of the same message: the same bytes, kept once.
      if (error instanceof DuplicateKeyError) {
        const winner = await collection.findOne({ _id: id });
        if (winner) return toMetadata(winner);
      }
      await this.discardOrphanBlob(collection, id);
      throw error;
    }
    return toMetadata(document);
  }

  /** The metadata of an attachment, or `undefined`. */
  async getMetadata(id: string): Promise<AttachmentMetadata | undefined> {
    if (!ATTACHMENT_ID.test(id)) return undefined;
    const document = await (await this.collection()).findOne({ _id: id });
    return document && toMetadata(document);
  }

  /**
   * An attachment with its bytes, or `undefined` when there is none.
   *
   * @throws {AttachmentContentMissingError} when the metadata exists but the bytes do not.
   */
  async get(id: string): Promise<StoredAttachment | undefined> {
    const metadata = await this.getMetadata(id);
    if (!metadata) return undefined;
    const blob = await this.documents.blobs.get(id);
    if (!blob) throw new AttachmentContentMissingError(id);
    return { metadata, body: blob.body };
  }

  /** The attachments of a conversation, oldest first, at most `limit` (default 100, at most 1,000). */
  async listByConversation(conversationId: string, options: { readonly limit?: number } = {}): Promise<AttachmentMetadata[]> {
    const limit = Math.max(1, Math.min(MAX_LISTED, Math.floor(options.limit ?? 100) || 1));
    const documents = await (await this.collection()).find({ conversationId }, { sort: { createdAt: 1, _id: 1 }, limit });
    return documents.map(toMetadata);
  }

  /**
   * Deletes every attachment of a customer, bytes first, so that an interrupted purge leaves metadata to find and
   * finish on the next run rather than invisible bytes.
   *
   * @returns how many attachments were removed.
   */
  /** Deletes what was kept of one message's media (the customer unsent it). @returns how many were deleted (0 or 1). */
  async deleteMessage(accountId: string, messageId: string): Promise<number> {
    return purgeWithBlobs(await this.collection(), { _id: attachmentId(accountId, messageId) }, (document) => this.documents.blobs.delete(document._id));
  }

  async purgeCustomer(customerId: string): Promise<number> {
    return purgeWithBlobs(await this.collection(), { customerId }, (document) => this.documents.blobs.delete(document._id));
  }

  /** After a failed store: removes bytes that no metadata points at (a concurrent successful store keeps its own). */
  private async discardOrphanBlob(collection: DocumentCollection<AttachmentDocument>, id: string): Promise<void> {
    try {
      if (!(await collection.findOne({ _id: id }))) await this.documents.blobs.delete(id);
    } catch {
      // The original failure is what the caller needs to see; a leftover blob is overwritten by the next store.
    }
  }

  private collection(): Promise<DocumentCollection<AttachmentDocument>> {
    this.collectionPromise ??= this.documents.collection<AttachmentDocument>(ATTACHMENTS_COLLECTION, INDEXES);
    return this.collectionPromise;
  }
}

function toMetadata(document: AttachmentDocument): AttachmentMetadata {
  return {
    id: document._id,
    channelId: document.channelId,
    accountId: document.accountId,
    conversationId: document.conversationId,
    customerId: document.customerId,
    messageId: document.messageId,
    contentType: document.contentType,
    fileName: document.fileName,
    size: document.size,
    sha256: document.sha256,
    createdAt: document.createdAt,
  };
}
