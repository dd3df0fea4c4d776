import type { SelfServiceContent } from '../../dialogs/selfService/selfServiceContent';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../storage/engine/documentStore';
import { parseSelfServiceContent, SelfServiceContentError } from './selfServiceContentFile';
import { DomainError } from '../domainError';

/** Name of the collection holding the self-service content admins saved. */
export const SELF_SERVICE_CONTENT_COLLECTION = 'selfServiceContent';

/** `_id` of the one document of {@link SELF_SERVICE_CONTENT_COLLECTION}. */
const CURRENT_ID = 'current';

/**
 * The one stored document. Without `content` it records a reset: the bot answers from the file, and
 * the version keeps counting, so a version number never means two different contents.
 */
type SelfServiceContentDocument = {
  _id: string;
  version: number;
  updatedAt: Date;
  updatedBy: string;
  content?: unknown;
};

/** What the store holds: the content admins saved (`undefined` after a reset), its version, and who saved it when. */
export interface StoredSelfServiceContent {
  /** The saved content, or `undefined` when the last change went back to the file's content. */
  readonly content: SelfServiceContent | undefined;
  /** Counts every save and reset; a save must name the version it was edited from. */
  readonly version: number;
  readonly updatedAt: Date;
  /** A username, or `admin key`. */
  readonly updatedBy: string;
}

/**
 * A save named a version that is no longer the stored one: someone else saved or reset since the
 * editor read the content. Nothing was written. Answered 409 with the current `version`.
 */
export class SelfServiceContentConflictError extends DomainError {
  constructor(
    /** The version the save was edited from. */
    readonly expectedVersion: number,
    /** The version stored now (0 when nothing is stored). */
    readonly currentVersion: number,
  ) {
    super('self_service_content_conflict', 409, `the self-service content changed since version ${expectedVersion} was read (it is at version ${currentVersion} now)`, { body: { version: currentVersion } });
  }
}

/** Options of {@link SelfServiceContentRepository.open}. */
export interface SelfServiceContentRepositoryOptions {
  /** Clock, for tests. */
  readonly now?: () => Date;
}

/**
 * The self-service content admins edit, stored as one document (collection `selfServiceContent`,
 * `_id: 'current'`) beside a version number that each save and reset moves on. Saving is a
 * compare-and-set on the version the editor read, so a stale save is refused instead of overwriting
 * another admin's edit. Content is validated with {@link parseSelfServiceContent} when saved and
 * again when read, so a stored document that no longer passes fails loudly.
 *
 * @example
 * const repository = await SelfServiceContentRepository.open(store);
 * const stored = await repository.read(); // undefined: nothing saved yet, the file's content applies
 * await repository.save(editedContent, stored?.version ?? 0, 'aiko');
 */
export class SelfServiceContentRepository {
  private constructor(
    private readonly documents: DocumentCollection<SelfServiceContentDocument>,
    private readonly now: () => Date,
  ) {}

  /** Opens the collection `selfServiceContent` of `store`. */
  static async open(store: DocumentStore, options: SelfServiceContentRepositoryOptions = {}): Promise<SelfServiceContentRepository> {
    const documents = await store.collection<SelfServiceContentDocument>(SELF_SERVICE_CONTENT_COLLECTION);
    return new SelfServiceContentRepository(documents, options.now ?? (() => new Date()));
  }

  /**
   * What is stored, or `undefined` when nothing ever was.
   *
   * @throws {SelfServiceContentError} when the stored content no longer passes validation (its issues say where).
   */
  async read(): Promise<StoredSelfServiceContent | undefined> {
    const document = await this.documents.findOne({ _id: CURRENT_ID });
    return document && fromDocument(document);
  }

  /**
   * Validates `content` and stores it as the next version, provided the stored version is still
   * `expectedVersion` (0 when nothing is stored).
   *
   * @throws {SelfServiceContentError} listing every problem of `content`; nothing was written.
   * @throws {SelfServiceContentConflictError} when the stored version is another; nothing was written.
   * @example const saved = await repository.save(edited, 3, 'aiko'); // saved.version === 4
   */
  async save(content: unknown, expectedVersion: number, updatedBy: string): Promise<StoredSelfServiceContent> {
    const valid = submittedContent(content);
    const changes = { content: valid, updatedAt: this.now(), updatedBy };
    if (expectedVersion === 0) {
      try {
        await this.documents.insertOne({ _id: CURRENT_ID, version: 1, ...changes });
        return { ...changes, version: 1 };
      } catch (error) {
        if (error instanceof DuplicateKeyError) throw await this.conflict(expectedVersion);
        throw error;
      }
    }
    const saved = await this.documents.findOneAndUpdate({ _id: CURRENT_ID, version: expectedVersion }, { $set: changes, $inc: { version: 1 } });
    if (!saved) throw await this.conflict(expectedVersion);
    return { ...changes, version: saved.version };
  }

  /**
   * Goes back to the file's content: the stored content is dropped and the version moves on (an
   * editor still holding an earlier version is refused). Resetting when nothing is stored changes nothing.
   *
   * @returns what is stored now, or `undefined` when nothing ever was.
   */
  async reset(updatedBy: string): Promise<StoredSelfServiceContent | undefined> {
    const updatedAt = this.now();
    const document = await this.documents.findOneAndUpdate({ _id: CURRENT_ID }, { $set: { updatedAt, updatedBy }, $unset: { content: true }, $inc: { version: 1 } });
    return document && { content: undefined, version: document.version, updatedAt, updatedBy };
  }

  private async conflict(expectedVersion: number): Promise<SelfServiceContentConflictError> {
    const current = await this.documents.findOne({ _id: CURRENT_ID });
    return new SelfServiceContentConflictError(expectedVersion, current?.version ?? 0);
  }
}

function fromDocument(document: SelfServiceContentDocument): StoredSelfServiceContent {
  const { version, updatedAt, updatedBy } = document;
  const source = `stored self-service content (collection ${SELF_SERVICE_CONTENT_COLLECTION}, version ${version})`;
  const content = document.content === undefined ? undefined : parseSelfServiceContent(document.content, source);
  return { content, version, updatedAt, updatedBy };
}

/** `content` when valid; the refusal of a submission says how many problems it has and lists them in `issues`. */
function submittedContent(content: unknown): SelfServiceContent {
  try {
    return parseSelfServiceContent(content, 'content');
  } catch (error) {
    if (error instanceof SelfServiceContentError) throw new SelfServiceContentError(error.path, error.issues, { summarised: true, cause: error });
    throw error;
  }
}
