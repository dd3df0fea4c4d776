import type { Logger } from 'pino';
import type { DocumentStore } from './documentStore';
import type { MongoClientLimits } from './mongoDocumentStore';
import { openSqliteDocumentStore, type StoreDurability } from './sqliteDocumentStore';

/** Options of {@link openDocumentStore}: the storage part of the configuration. */
export interface OpenDocumentStoreOptions {
  /** When set, the store is MongoDB at this connection string. */
  readonly mongodbUri?: string;
  /** The MongoDB client's timeouts and pool size (defaults: `DEFAULT_MONGO_CLIENT_LIMITS`). */
  readonly mongodbLimits?: MongoClientLimits;
  /** The embedded store's directory, used when `mongodbUri` is not set. */
  readonly dataDir: string;
  /** The embedded store's durability (see `sqliteDocumentStore.ts`); default `normal`. */
  readonly durability?: StoreDurability;
  /** The embedded store's WAL is checkpointed this often by a worker thread (see `sqliteDocumentStore.ts`); default: by the commits. */
  readonly checkpointIntervalMs?: number;
  readonly logger?: Logger;
}

/**
 * Opens the configured document store: MongoDB when a connection string is given, else the embedded store in
 * `dataDir` (SQLite; several processes may share it).
 *
 * @example
 * ```ts
 * const store = await openDocumentStore({ mongodbUri: config.storage.mongodbUri, dataDir: config.storage.dataDir, logger });
 * ```
 */
export async function openDocumentStore(options: OpenDocumentStoreOptions): Promise<DocumentStore> {
  if (options.mongodbUri !== undefined && options.mongodbUri !== '') {
    // Loaded only here: the driver takes several MiB of a process's memory that the embedded store never uses.
    const { openMongoDocumentStore } = await import('./mongoDocumentStore.js');
    return openMongoDocumentStore({ uri: options.mongodbUri, ...(options.mongodbLimits ? { limits: options.mongodbLimits } : {}), ...(options.logger ? { logger: options.logger } : {}) });
  }
  return openSqliteDocumentStore({
    dataDir: options.dataDir,
    ...(options.durability ? { durability: options.durability } : {}),
    ...(options.checkpointIntervalMs !== undefined ? { checkpointIntervalMs: options.checkpointIntervalMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
