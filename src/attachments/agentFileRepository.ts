import { randomBytes } from 'node:crypto';
import { AttachmentTypeNotAllowedError } from './attachmentRepository';
import { checkedContent, closeQuietly, DEFAULT_ALLOWED_CONTENT_TYPES, normalizeContentType, resolveContentType, sanitizeFileName } from './attachmentContentRules';
import { purgeWithBlobs } from '../storage/blobBackedPurge';
import type { DocumentCollection, DocumentStore, IndexSpec } from '../storage/engine/documentStore';
import { DomainError } from '../domainError';

/** Name of the collection of the files agents upload (the bytes are blobs). */
export const AGENT_FILES_COLLECTION = 'agentFiles';

/** LINE's limit on an image message's original: 10 MB; files sent as links are held to it too. */
export const DEFAULT_MAX_AGENT_FILE_BYTES = 10 * 1024 * 1024;

/** LINE's limit on an image message's preview: 1 MB. */
export const MAX_PREVIEW_BYTES = 1024 * 1024;

/** Types LINE shows as a picture; the only types a preview may have. */
export const LINE_IMAGE_TYPES: readonly string[] = Object.freeze(['image/jpeg', 'image/png']);

/** 24 random bytes, base64url: what makes a file's public address unguessable. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;
const INDEXES: readonly IndexSpec[] = [{ keys: { customerId: 1 } }, { keys: { handoffId: 1, createdAt: 1 } }];

type AgentFileDocument = {
  _id: string;
  handoffId: string;
  customerId: string;
  agentId: string;
  contentType: string;
  fileName?: string;
  size: number;
  sha256: string;
  createdAt: Date;
  preview?: { contentType: string; size: number };
};

/** What is known of a file an agent uploaded. */
export interface AgentFile {
  /** Unguessable token: the file's public address is `/media/{id}`. */
  readonly id: string;
  /** The handoff conversation it was uploaded for. */
  readonly handoffId: string;
  readonly customerId: string;
  readonly agentId: string;
  readonly contentType: string;
  readonly fileName: string | undefined;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: Date;
  /** The smaller picture LINE shows in the chat, when one was given. */
  readonly preview: { readonly contentType: string; readonly size: number } | undefined;
}

/** Input of {@link AgentFileRepository.store}. */
export interface NewAgentFile {
  readonly handoffId: string;
  readonly customerId: string;
  readonly agentId: string;
  /** The type the browser reported; the file name's extension is used when it is generic. */
  readonly contentType: string;
  readonly fileName?: string;
  readonly content: AsyncIterable<Uint8Array>;
}

/** A preview was given for a file that is not a JPEG or PNG picture, or is not one itself. */
export class AgentFilePreviewError extends DomainError {
  constructor(message: string) {
    super('preview_invalid', 400, message);
  }
}

/**
 * Files agents send to customers. LINE does not take uploads: it fetches a message's media from an HTTPS address
 * when the customer opens the chat, so each file gets an unguessable token and is served publicly under it. The same
 * checks as for customers' media apply (type allowlist, image bytes matching their type, a size limit); an image may
 * carry a preview (LINE shows it in the chat and opens the original on tap).
 *
 * @example
 * const file = await files.store({ handoffId, customerId, agentId, contentType: 'image/png', fileName: 'map.png', content: req });
 * await files.storePreview(file.id, 'image/jpeg', previewBytes);
 */
export class AgentFileRepository {
  private readonly allowedContentTypes: ReadonlySet<string> = new Set(DEFAULT_ALLOWED_CONTENT_TYPES);
  private collectionPromise: Promise<DocumentCollection<AgentFileDocument>> | undefined;

  constructor(
    private readonly documents: DocumentStore,
    private readonly options: { readonly maxBytes?: number; readonly now?: () => Date } = {},
  ) {}

  /** Largest file kept, in bytes. */
  get maxBytes(): number {
    return this.options.maxBytes ?? DEFAULT_MAX_AGENT_FILE_BYTES;
  }

  /**
   * Keeps a file under a new token.
   *
   * @throws {AttachmentTypeNotAllowedError} when its type is not on the allowlist.
   * @throws {AttachmentContentMismatchError} when an image's bytes are not of its type.
   * @throws {BlobTooLargeError} when it exceeds {@link maxBytes}. Nothing is kept when it throws.
   */
  async store(input: NewAgentFile): Promise<AgentFile> {
    const fileName = sanitizeFileName(input.fileName);
    const contentType = resolveContentType(input.contentType, undefined, fileName);
    if (!this.allowedContentTypes.has(contentType)) {
      await closeQuietly(input.content);
      throw new AttachmentTypeNotAllowedError(contentType);
    }
    const id = randomBytes(24).toString('base64url');
    const blob = await this.documents.blobs.put(blobIdOf(id), checkedContent(input.content, contentType), { contentType, maxBytes: this.maxBytes });
    const document: AgentFileDocument = {
      _id: id,
      handoffId: input.handoffId,
      customerId: input.customerId,
      agentId: input.agentId,
      contentType,
      size: blob.size,
      sha256: blob.sha256,
      createdAt: this.options.now?.() ?? new Date(),
    };
    if (fileName !== undefined) document.fileName = fileName;
    try {
      await (await this.collection()).insertOne(document);
    } catch (error) {
      await this.documents.blobs.delete(blobIdOf(id)).catch(() => false);
      throw error;
    }
    return toAgentFile(document);
  }

  /**
   * Keeps the preview of picture `id` (a JPEG or PNG of at most 1 MB), replacing an earlier one.
   *
   * @throws {AgentFilePreviewError} when `id` is not a picture LINE shows or the preview is not one.
   * @throws {AttachmentContentMismatchError} when the preview's bytes are not of its type.
   * @throws {BlobTooLargeError} over 1 MB.
   */
  async storePreview(id: string, contentType: string, content: AsyncIterable<Uint8Array>): Promise<AgentFile> {
    const file = await this.get(id);
    const type = normalizeContentType(contentType);
    if (!file || !LINE_IMAGE_TYPES.includes(file.contentType)) {
      await closeQuietly(content);
      throw new AgentFilePreviewError('only a JPEG or PNG picture has a preview');
    }
    if (!LINE_IMAGE_TYPES.includes(type)) {
      await closeQuietly(content);
      throw new AgentFilePreviewError('a preview must be a JPEG or PNG picture');
    }
    const blob = await this.documents.blobs.put(previewBlobIdOf(id), checkedContent(content, type), { contentType: type, maxBytes: MAX_PREVIEW_BYTES });
    const preview = { contentType: type, size: blob.size };
    await (await this.collection()).updateOne({ _id: id }, { $set: { preview } });
    return { ...file, preview };
  }

  /** The file with token `id`, or `undefined`. */
  async get(id: string): Promise<AgentFile | undefined> {
    if (!TOKEN.test(id)) return undefined;
    const document = await (await this.collection()).findOne({ _id: id });
    return document && toAgentFile(document);
  }

  /** The bytes of file `id` (or of its preview), or `undefined` when there are none. */
  async content(id: string, which: 'original' | 'preview' = 'original'): Promise<{ readonly file: AgentFile; readonly contentType: string; readonly size: number; readonly body: AsyncIterable<Uint8Array> } | undefined> {
    const file = await this.get(id);
    if (!file || (which === 'preview' && !file.preview)) return undefined;
    const blob = await this.documents.blobs.get(which === 'preview' ? previewBlobIdOf(id) : blobIdOf(id));
    return blob && { file, ...blob };
  }

  /**
   * Deletes every file agents sent a customer (a privacy request), bytes first, so an interrupted purge leaves
   * metadata to find and finish next time.
   * @returns how many files were removed.
   */
  async purgeCustomer(customerId: string): Promise<number> {
    return purgeWithBlobs(await this.collection(), { customerId }, async (document) => {
      await this.documents.blobs.delete(previewBlobIdOf(document._id));
      await this.documents.blobs.delete(blobIdOf(document._id));
    });
  }

  private collection(): Promise<DocumentCollection<AgentFileDocument>> {
    this.collectionPromise ??= this.documents.collection<AgentFileDocument>(AGENT_FILES_COLLECTION, INDEXES);
    return this.collectionPromise;
  }
}

/** The blob id of an agent's file's bytes. */
export function blobIdOf(id: string): string {
  return `agent-file-${id}`;
}

/** The blob id of an agent's file's preview image. */
export function previewBlobIdOf(id: string): string {
  return `agent-file-${id}.preview`;
}

function toAgentFile(document: AgentFileDocument): AgentFile {
  return {
    id: document._id,
    handoffId: document.handoffId,
    customerId: document.customerId,
    agentId: document.agentId,
    contentType: document.contentType,
    fileName: document.fileName,
    size: document.size,
    sha256: document.sha256,
    createdAt: document.createdAt,
    preview: document.preview,
  };
}
