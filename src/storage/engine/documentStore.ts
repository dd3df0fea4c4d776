import { DomainError } from '../../domainError';

/**
 * The small document-database surface every repository is written against, implemented once on
 * MongoDB (`mongoDocumentStore.ts`, a thin use of the official driver) and once on the embedded
 * engine (`sqliteDocumentStore.ts`, SQLite). Repositories never touch a driver directly, so the same
 * repository code — and the same contract tests — run on both.
 *
 * Semantics follow MongoDB's, restricted to what both engines do the same way.
 */

/** A stored document. `_id` is always a string chosen by the caller (ULID, UUID or a natural key). */
export type StoredDocument = { _id: string } & Record<string, unknown>;

/** Scalar values a filter may compare against. */
export type FilterValue = string | number | boolean | Date | null;

/** Operators of a field condition (a subset of MongoDB's query language both engines support). */
export interface FieldOperators {
  $eq?: FilterValue;
  $ne?: FilterValue;
  $in?: readonly FilterValue[];
  $nin?: readonly FilterValue[];
  $lt?: FilterValue;
  $lte?: FilterValue;
  $gt?: FilterValue;
  $gte?: FilterValue;
  $exists?: boolean;
}

/**
 * A query: field (dotted paths allowed) → value or operators; `$or` / `$and` combine sub-queries.
 * Equality on an array field matches when the array contains the value (as in MongoDB).
 */
export type Filter = { [field: string]: FilterValue | FieldOperators | readonly Filter[] | undefined } & {
  $or?: readonly Filter[];
  $and?: readonly Filter[];
};

/** Update operators (MongoDB's, restricted to those both engines support). */
export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, true>;
  $inc?: Record<string, number>;
  /** Applied only when an upsert inserts. */
  $setOnInsert?: Record<string, unknown>;
  $push?: Record<string, unknown>;
  $pull?: Record<string, FilterValue>;
  $addToSet?: Record<string, unknown>;
}

/** Sort order: field → 1 (ascending) or -1 (descending), applied in key order. */
export type Sort = Record<string, 1 | -1>;

/** Options of {@link DocumentCollection.find}. */
export interface FindOptions {
  readonly sort?: Sort;
  readonly skip?: number;
  readonly limit?: number;
}

/** An index a collection needs; created at start (idempotently). */
export interface IndexSpec {
  /** Fields in order with their direction. */
  readonly keys: Sort;
  readonly unique?: boolean;
  /** Documents expire this many seconds after the (Date) value of the single indexed field. */
  readonly expireAfterSeconds?: number;
  /** Index only documents that have the (single) indexed field. */
  readonly sparse?: boolean;
}

/** The outcome of an update. */
export interface UpdateResult {
  readonly matchedCount: number;
  readonly modifiedCount: number;
  /** The `_id` of the inserted document when an upsert inserted one. */
  readonly upsertedId: string | undefined;
}

/** How a write is committed. */
export interface WriteOptions {
  /**
   * Commit at once, in a transaction of its own, instead of with the embedded store's next group commit (which waits
   * for the event loop's check phase, behind everything queued before it): for a write whose caller answers as soon as
   * it is durable, such as a webhook's acknowledgement. MongoDB sends every write at once, so it changes nothing there.
   */
  readonly promptly?: boolean;
}

/** One collection of documents of type `T`. Every method is atomic for a single document. */
export interface DocumentCollection<T extends StoredDocument> {
  /** Inserts a document. @throws {DuplicateKeyError} when `_id` or a unique index is taken. */
  insertOne(document: T): Promise<void>;
  /**
   * Inserts documents, going on past duplicates.
   * @returns the `_id`s that were duplicates (not inserted); every other document was inserted.
   */
  insertManyIgnoringDuplicates(documents: readonly T[], options?: WriteOptions): Promise<string[]>;
  findOne(filter: Filter, options?: { readonly sort?: Sort }): Promise<T | undefined>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  countDocuments(filter: Filter): Promise<number>;
  /** Updates the first document matching `filter` (or inserts one with `upsert`). */
  updateOne(filter: Filter, update: Update, options?: { readonly upsert?: boolean }): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  /**
   * Atomically updates the first document matching `filter` (in `sort` order) and returns it as it is after the
   * update, or `undefined` when none matched (and no upsert). The building block of conditional writes: a filter
   * that includes the expected state makes the update a compare-and-set.
   */
  findOneAndUpdate(filter: Filter, update: Update, options?: { readonly upsert?: boolean; readonly sort?: Sort }): Promise<T | undefined>;
  /** Replaces the whole document with `_id`, or inserts it with `upsert`. */
  replaceOne(filter: Filter, replacement: T, options?: { readonly upsert?: boolean }): Promise<UpdateResult>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
}

/** What {@link BlobStore.put} stored. */
export interface StoredBlob {
  readonly id: string;
  readonly size: number;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly contentType: string;
}

/** Binary content (customers' media): files in the data directory, or GridFS on MongoDB. */
export interface BlobStore {
  /**
   * Stores the bytes of `content` under `id`, refusing more than `maxBytes` (nothing is kept then).
   * @throws {BlobTooLargeError} when the content exceeds `maxBytes`.
   */
  put(id: string, content: AsyncIterable<Uint8Array>, options: { readonly contentType: string; readonly maxBytes: number }): Promise<StoredBlob>;
  /** The bytes stored under `id`, or `undefined` when there are none. */
  get(id: string): Promise<{ readonly contentType: string; readonly size: number; readonly body: AsyncIterable<Uint8Array> } | undefined>;
  /** Removes the bytes under `id`; `false` when there were none. */
  delete(id: string): Promise<boolean>;
}

/** Content was larger than allowed (413); nothing was stored. */
export class BlobTooLargeError extends DomainError {
  constructor(readonly maxBytes: number) {
    super('blob_too_large', 413, `the file is larger than ${maxBytes} bytes`);
  }
}

/** A database: named collections, binary content, lifecycle. */
export interface DocumentStore {
  /** `'mongodb'` or `'embedded'`, for logs and readiness. */
  readonly kind: 'mongodb' | 'embedded';
  /** Binary content beside the documents. */
  readonly blobs: BlobStore;
  /** A collection, with the indexes it needs (created once, at first use, idempotently). */
  collection<T extends StoredDocument>(name: string, indexes?: readonly IndexSpec[]): Promise<DocumentCollection<T>>;
  /** Resolves when the store answers; rejects otherwise (readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A write broke a unique constraint (`_id` or a unique index). */
export class DuplicateKeyError extends Error {
  readonly code = 'duplicate_key';

  constructor(
    readonly collection: string,
    cause?: unknown,
  ) {
    super(`duplicate key in collection '${collection}'`, { cause });
    this.name = 'DuplicateKeyError';
  }
}
