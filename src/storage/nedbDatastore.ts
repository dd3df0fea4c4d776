import { join } from 'node:path';
import Datastore from '@seald-io/nedb';
import type { IndexSpec, StoredDocument } from './documentStore';

/** A query handed to NeDB: plain conditions plus a `$where` function. */
export type NedbQuery = Record<string, unknown>;

/** A NeDB cursor: awaitable, with skip and limit applied after matching. */
export interface NedbCursor extends PromiseLike<StoredDocument[]> {
  skip(count: number): NedbCursor;
  limit(count: number): NedbCursor;
}

/**
 * The part of a NeDB `Datastore` the embedded store uses, typed (NeDB's own typings use `any`). NeDB keeps every
 * document of the collection in memory, appends each change to its data file and runs its operations one at a time.
 */
export interface NedbDatastore {
  insertAsync(document: StoredDocument): Promise<unknown>;
  findAsync(query: NedbQuery): NedbCursor;
  countAsync(query: NedbQuery): PromiseLike<number>;
  /** With a document without operators as `update`, NeDB replaces the matched document by it. */
  updateAsync(query: NedbQuery, replacement: StoredDocument, options: { multi: false }): Promise<unknown>;
  removeAsync(query: NedbQuery, options: { multi: boolean }): Promise<number>;
  compactDatafileAsync(): Promise<void>;
  ensureIndexAsync(options: { fieldName: string[]; unique: boolean; sparse: boolean }): Promise<void>;
  removeIndexAsync(fieldName: string): Promise<void>;
  loadDatabaseAsync(): Promise<void>;
}

/**
 * Opens (creating it when absent) the data file `<dataDir>/<name>.db` and loads it; NeDB compacts the file while
 * loading.
 */
export async function openNedbDatastore(dataDir: string, name: string): Promise<NedbDatastore> {
  const datastore = new Datastore({ filename: join(dataDir, `${name}.db`), autoload: false }) as unknown as NedbDatastore;
  await datastore.loadDatabaseAsync();
  return datastore;
}

/**
 * Creates the NeDB index enforcing `spec` (its fields, unique, sparse; directions and TTL are not NeDB's concern).
 * The index is dropped and rebuilt because NeDB restores indexes from the data file and would otherwise keep an
 * earlier definition of the same fields (a changed `unique` or `sparse`) without a word.
 *
 * @throws the NeDB unique violation when existing documents break a unique `spec`.
 */
export async function rebuildNedbIndex(datastore: NedbDatastore, spec: IndexSpec): Promise<void> {
  const fields = Object.keys(spec.keys);
  if (fields.length === 1 && fields[0] === '_id') return;
  // NeDB names an index by its fields, sorted, joined by commas (compound indexes since NeDB 4).
  await datastore.removeIndexAsync([...fields].sort().join(','));
  await datastore.ensureIndexAsync({ fieldName: fields, unique: spec.unique === true, sparse: spec.sparse === true });
}

/** Whether `error` is NeDB's unique-constraint violation (`errorType: 'uniqueViolated'`). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errorType?: unknown }).errorType === 'uniqueViolated';
}
