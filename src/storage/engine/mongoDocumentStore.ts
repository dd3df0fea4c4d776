import { MongoBulkWriteError, MongoClient, MongoServerError, type Collection, type Db, type Filter as MongoFilter, type MongoClientOptions, type UpdateFilter } from 'mongodb';
import type { Logger } from 'pino';
import type { BlobStore, DocumentCollection, DocumentStore, Filter, FindOptions, IndexSpec, Sort, StoredDocument, Update, UpdateResult } from './documentStore';
import { DuplicateKeyError } from './documentStore';
import { createGridFsBlobStore } from './gridFsBlobStore';
import { assertSupportedMongoHost } from './cosmosDbAccount';
import { assertValidIndexSpec, indexSpecKey } from './indexSpecs';
import { ensureMongoIndexes } from './mongoIndexes';
import { assertValidCollectionName } from './storageNames';
import { withUpsertId } from './upsertDocument';

/** Options of {@link openMongoDocumentStore}. */
export interface MongoDocumentStoreOptions {
  /** A `mongodb://` or `mongodb+srv://` connection string. Its options win over this store's defaults. */
  readonly uri: string;
  /** The database; default: the one in the URI path, else `line_omnichannel`. */
  readonly databaseName?: string;
  /** Client limits (each applied only when the URI does not set it); see {@link MongoClientLimits}. */
  readonly limits?: MongoClientLimits;
  readonly logger?: Logger;
}

/**
 * The driver's limits, so that no request waits on the database for ever: an operation fails after
 * `serverSelectionTimeoutMs` when no server is reachable, a socket read or write after `socketTimeoutMs` (also the
 * longest wait for a pooled connection), a new connection after `connectTimeoutMs`.
 */
export interface MongoClientLimits {
  readonly serverSelectionTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly socketTimeoutMs: number;
  readonly maxPoolSize: number;
}

/** The limits used when none are given (those of `src/config.ts`'s defaults). */
export const DEFAULT_MONGO_CLIENT_LIMITS: MongoClientLimits = { serverSelectionTimeoutMs: 1500, connectTimeoutMs: 5000, socketTimeoutMs: 30_000, maxPoolSize: 50 };

const DEFAULT_DATABASE = 'line_omnichannel';

/**
 * Connects to MongoDB and returns the {@link DocumentStore} on it: a thin use of the official driver. Filters,
 * updates and sorts go to the server as they are; the only additions are a string `_id` for upserts that would
 * otherwise get an ObjectId (`withUpsertId`) and {@link DuplicateKeyError} for duplicate-key error 11000.
 *
 * Defaults, applied only when the URI does not set them: `retryWrites=true`, `w=majority`,
 * `readConcernLevel=majority`, `appName=line-omnichannel`. Always: `ignoreUndefined` (an `undefined` field is left out,
 * not stored as `null` — what the embedded store does too).
 *
 * @example
 * ```ts
 * const store = await openMongoDocumentStore({ uri: 'mongodb://db.internal:27017/?replicaSet=rs0', logger });
 * ```
 */
export async function openMongoDocumentStore(options: MongoDocumentStoreOptions): Promise<DocumentStore> {
  assertSupportedMongoHost(options.uri);
  const settings = mongoConnectionSettings(options);
  const client = new MongoClient(options.uri, settings.clientOptions);
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  const db = client.db(settings.databaseName);
  options.logger?.info({ database: db.databaseName }, 'MongoDB document store connected');
  return new MongoDocumentStore(client, db, options.logger);
}

/**
 * How {@link openMongoDocumentStore} connects: the database (`databaseName`, else the URI path, else
 * `line_omnichannel`) and the client options — each default only when the URI does not set that option, because the
 * driver lets options given beside the URI override the URI's own.
 *
 * @example
 * ```ts
 * mongoConnectionSettings({ uri: 'mongodb://db/support?w=1' });
 * // { databaseName: 'support', clientOptions: { ignoreUndefined: true, retryWrites: true, readConcern: { level: 'majority' }, appName: 'line-omnichannel' } }
 * ```
 */
export function mongoConnectionSettings(options: { readonly uri: string; readonly databaseName?: string; readonly limits?: MongoClientLimits }): { databaseName: string; clientOptions: MongoClientOptions } {
  const limits = options.limits ?? DEFAULT_MONGO_CLIENT_LIMITS;
  // The scheme, credentials and hosts never contain an unescaped '/' or '?', so the first of each ends them.
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*(?:\/([^?]*))?(?:\?(.*))?$/.exec(options.uri);
  const uriDatabase = match?.[1] ? decodeURIComponent(match[1]) : '';
  const uriOptions = new Set((match?.[2] ?? '').split('&').map((option) => (option.split('=')[0] ?? '').toLowerCase()));
  const given = (...names: string[]): boolean => names.some((name) => uriOptions.has(name.toLowerCase()));
  return {
    databaseName: options.databaseName ?? (uriDatabase === '' ? DEFAULT_DATABASE : uriDatabase),
    clientOptions: {
      ignoreUndefined: true,
      ...(given('retryWrites') ? {} : { retryWrites: true }),
      ...(given('w', 'journal', 'wtimeoutMS') ? {} : { writeConcern: { w: 'majority' } }),
      ...(given('readConcernLevel') ? {} : { readConcern: { level: 'majority' } }),
      ...(given('appName') ? {} : { appName: 'line-omnichannel' }),
      ...(given('serverSelectionTimeoutMS') ? {} : { serverSelectionTimeoutMS: limits.serverSelectionTimeoutMs }),
      ...(given('connectTimeoutMS') ? {} : { connectTimeoutMS: limits.connectTimeoutMs }),
      ...(given('socketTimeoutMS') ? {} : { socketTimeoutMS: limits.socketTimeoutMs }),
      ...(given('waitQueueTimeoutMS') ? {} : { waitQueueTimeoutMS: limits.socketTimeoutMs }),
      ...(given('maxPoolSize') ? {} : { maxPoolSize: limits.maxPoolSize }),
    },
  };
}

class MongoDocumentStore implements DocumentStore {
  readonly kind = 'mongodb';
  readonly blobs: BlobStore;
  private readonly indexes = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly logger: Logger | undefined,
  ) {
    this.blobs = createGridFsBlobStore(db);
  }

  async collection<T extends StoredDocument>(name: string, indexes: readonly IndexSpec[] = []): Promise<DocumentCollection<T>> {
    this.assertOpen();
    assertValidCollectionName(name);
    for (const spec of indexes) assertValidIndexSpec(spec);
    const collection = this.db.collection<StoredDocument>(name);
    const keyOf = (spec: IndexSpec): string => `${name}\u0000${indexSpecKey(spec)}`;
    const missing = indexes.filter((spec) => !this.indexes.has(keyOf(spec)));
    if (missing.length > 0) {
      const creating = ensureMongoIndexes(this.db, collection, missing, this.logger);
      for (const spec of missing) this.indexes.set(keyOf(spec), creating);
      // A failed creation is reported to this caller and retried by the next one.
      creating.catch(() => {
        for (const spec of missing) if (this.indexes.get(keyOf(spec)) === creating) this.indexes.delete(keyOf(spec));
      });
    }
    await translateDuplicateKey(name, () => Promise.all(indexes.map((spec) => this.indexes.get(keyOf(spec)))));
    return new MongoCollection<T>(name, collection);
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the MongoDB document store is closed');
  }
}

class MongoCollection<T extends StoredDocument> implements DocumentCollection<T> {
  constructor(
    private readonly name: string,
    private readonly collection: Collection<StoredDocument>,
  ) {}

  async insertOne(document: T): Promise<void> {
    await translateDuplicateKey(this.name, () => this.collection.insertOne(document));
  }

  async insertManyIgnoringDuplicates(documents: readonly T[]): Promise<string[]> {
    if (documents.length === 0) return [];
    try {
      await this.collection.insertMany([...documents], { ordered: false });
      return [];
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError) || error.result.getWriteConcernError()) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (writeErrors.length === 0 || writeErrors.some((writeError) => writeError.code !== 11000)) throw error;
      return writeErrors
        .map((writeError) => writeError.index)
        .sort((a, b) => a - b)
        .map((index) => documents[index]!._id);
    }
  }

  async findOne(filter: Filter, options?: { readonly sort?: Sort }): Promise<T | undefined> {
    return ((await this.collection.findOne(toMongoFilter(filter), { sort: options?.sort })) ?? undefined) as T | undefined;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return (await this.collection.find(toMongoFilter(filter), { sort: options.sort, skip: options.skip, limit: options.limit }).toArray()) as T[];
  }

  countDocuments(filter: Filter): Promise<number> {
    return this.collection.countDocuments(toMongoFilter(filter));
  }

  async updateOne(filter: Filter, update: Update, options?: { readonly upsert?: boolean }): Promise<UpdateResult> {
    const upsert = options?.upsert === true;
    const result = await translateDuplicateKey(this.name, () => this.collection.updateOne(toMongoFilter(filter), toMongoUpdate(upsert ? withUpsertId(filter, update) : update), { upsert }));
    return { matchedCount: result.matchedCount, modifiedCount: result.modifiedCount, upsertedId: result.upsertedId ?? undefined };
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    const result = await translateDuplicateKey(this.name, () => this.collection.updateMany(toMongoFilter(filter), toMongoUpdate(update)));
    return { matchedCount: result.matchedCount, modifiedCount: result.modifiedCount, upsertedId: undefined };
  }

  async findOneAndUpdate(filter: Filter, update: Update, options?: { readonly upsert?: boolean; readonly sort?: Sort }): Promise<T | undefined> {
    const upsert = options?.upsert === true;
    const document = await translateDuplicateKey(this.name, () =>
      this.collection.findOneAndUpdate(toMongoFilter(filter), toMongoUpdate(upsert ? withUpsertId(filter, update) : update), {
        upsert,
        sort: options?.sort,
        returnDocument: 'after',
        includeResultMetadata: false,
      }),
    );
    return (document ?? undefined) as T | undefined;
  }

  async replaceOne(filter: Filter, replacement: T, options?: { readonly upsert?: boolean }): Promise<UpdateResult> {
    const result = await translateDuplicateKey(this.name, () => this.collection.replaceOne(toMongoFilter(filter), replacement, { upsert: options?.upsert === true }));
    return { matchedCount: result.matchedCount, modifiedCount: result.modifiedCount, upsertedId: result.upsertedId ?? undefined };
  }

  async deleteOne(filter: Filter): Promise<number> {
    return (await this.collection.deleteOne(toMongoFilter(filter))).deletedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    return (await this.collection.deleteMany(toMongoFilter(filter))).deletedCount;
  }
}

// The contract's Filter and Update are subsets of the driver's query and update languages.
function toMongoFilter(filter: Filter): MongoFilter<StoredDocument> {
  return filter as MongoFilter<StoredDocument>;
}

function toMongoUpdate(update: Update): UpdateFilter<StoredDocument> {
  return update as UpdateFilter<StoredDocument>;
}

async function translateDuplicateKey<R>(collection: string, operation: () => Promise<R>): Promise<R> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) throw new DuplicateKeyError(collection, error);
    throw error;
  }
}
