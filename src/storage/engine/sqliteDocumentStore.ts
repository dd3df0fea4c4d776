import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Logger } from 'pino';
import type { DocumentCollection, DocumentStore, IndexSpec, StoredDocument } from './documentStore';
import { DuplicateKeyError } from './documentStore';
import { openFileBlobStore, type ClosableBlobStore } from './fileBlobStore';
import { assertValidIndexSpec, indexSpecKey } from './indexSpecs';
import { importNedbFiles } from './nedbImport';
import { SqliteCollection, type SqliteContext } from './sqliteCollection';
import { CollectionLayout } from './sqliteCollectionLayout';
import { isCorruption, isUniqueViolation } from './sqliteErrors';
import { quickCheckInBackground } from './sqliteIntegrityCheck';
import { checkpointInBackground, type BackgroundCheckpoints } from './sqliteCheckpointer';
import { changedIndexResolution, createIndexSql, indexName, jsonPath, quoteIdentifier, typeExpression } from './sqliteIndexes';
import { TransactionQueue } from './sqliteTransactionQueue';
import { assertValidCollectionName } from './storageNames';

/** How hard a commit waits for the disk (SQLite's `synchronous`). */
export type StoreDurability = 'normal' | 'full';

/** Options of {@link openSqliteDocumentStore}. */
export interface SqliteDocumentStoreOptions {
  /** Directory of `store.sqlite` (with its `-wal` and `-shm` files) and of `blobs/`; created when absent. */
  readonly dataDir: string;
  readonly logger?: Logger;
  /**
   * `normal` (default): an acknowledged write survives the process being killed; a power loss or OS crash may lose
   * the last ones. `full`: every commit is fsynced, so it survives a power loss too, at the cost of one fsync each.
   */
  readonly durability?: StoreDurability;
  /** How long an operation waits for another process's write transaction; default 5 s. */
  readonly busyTimeoutMs?: number;
  /** How often documents expired by TTL indexes are deleted (they are invisible at once); default 60 s, as MongoDB. */
  readonly ttlSweepIntervalMs?: number;
  /**
   * Tests only: caps the database at this many pages (SQLite's `max_page_count`; it never goes below the pages in
   * use), a deterministic full disk. A function is asked again before every transaction, so a test can fill the disk
   * and give the space back while the store runs.
   */
  readonly maxPageCount?: number | (() => number);
  /**
   * Tests only: while it answers `true`, the database refuses writes as a read-only file does (SQLite's `query_only`,
   * the same SQLITE_READONLY error), asked again before every transaction.
   */
  readonly readOnly?: () => boolean;
  /**
   * When set, the WAL is checkpointed this often (ms) by a worker thread instead of by the commits themselves (every
   * 1,000 pages, SQLite's default), so that no write waits for a checkpoint's copying and fsync. Off by default.
   */
  readonly checkpointIntervalMs?: number;
  /**
   * A database file up to this size is checked (`PRAGMA quick_check`) before the store opens; a larger one is checked
   * in the background right after, so that start time does not grow with the data. Default 64 MiB.
   */
  readonly checkAtOpenMaxBytes?: number;
}

/** The database file of an embedded store in `dataDir`. */
export function storeFilePath(dataDir: string): string {
  return join(dataDir, 'store.sqlite');
}

/** The database file is damaged or is not a database: the store refuses to open it. */
export class DamagedStoreError extends Error {
  readonly code = 'damaged_store';

  constructor(
    readonly path: string,
    detail: string,
    cause?: unknown,
  ) {
    super(
      `the embedded store's database ${path} is damaged (${detail}); nothing was changed. Stop every process using it, then restore ` +
        `the latest backup to that path (or try "sqlite3 ${path} .recover" into a new file), or move the file and its -wal/-shm files ` +
        `aside to start with an empty store.`,
      { cause },
    );
    this.name = 'DamagedStoreError';
  }
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const DEFAULT_CHECK_AT_OPEN_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_TTL_SWEEP_INTERVAL_MS = 60 * 1000;
const STATEMENT_CACHE_LIMIT = 500;

/**
 * Opens the embedded document store, the default when no MongoDB is configured: one SQLite database,
 * `dataDir/store.sqlite`, in WAL mode through Node's built-in `node:sqlite`, and blobs as files under `dataDir/blobs`.
 *
 * Documents live on disk, one table per collection; indexes are SQLite indexes (see `sqliteIndexes.ts`), so memory
 * and the cost of an indexed query do not grow with the data. Operations of one event-loop turn are committed
 * together (`sqliteTransactionQueue.ts`); a promise resolves only after its commit. Several processes may open the
 * same `dataDir`: every operation, compound ones included, is a transaction. A write that cannot be made (disk full,
 * read-only file, I/O error) rejects and `ping` rejects until writing works again. A damaged file is refused at open
 * with {@link DamagedStoreError} (a file larger than `checkAtOpenMaxBytes` is checked in the background instead, and
 * the store refuses every operation once damage is found). Data files of the former NeDB engine found in `dataDir` are imported at the first
 * start (`nedbImport.ts`).
 *
 * @example
 * ```ts
 * const store = await openSqliteDocumentStore({ dataDir: './data', logger });
 * const conversations = await store.collection<Conversation>('conversations', [{ keys: { lineUserId: 1 }, unique: true }]);
 * ```
 */
export async function openSqliteDocumentStore(options: SqliteDocumentStoreOptions): Promise<DocumentStore> {
  await mkdir(options.dataDir, { recursive: true });
  const path = storeFilePath(options.dataDir);
  const size = (await stat(path).catch(() => undefined))?.size ?? 0;
  const checkNow = size <= (options.checkAtOpenMaxBytes ?? DEFAULT_CHECK_AT_OPEN_MAX_BYTES);
  const db = openDatabase(path, options, checkNow);
  let blobs: ClosableBlobStore;
  try {
    await importNedbFiles(db, options.dataDir, options.logger);
    blobs = await openFileBlobStore(join(options.dataDir, 'blobs'));
  } catch (error) {
    db.close();
    throw error;
  }
  options.logger?.info({ path, durability: options.durability ?? 'normal' }, 'embedded document store opened');
  const store = new SqliteDocumentStore(db, path, options, blobs);
  if (!checkNow) store.checkInBackground();
  if (options.checkpointIntervalMs !== undefined) store.checkpointInBackground(options.checkpointIntervalMs);
  return store;
}

function openDatabase(path: string, options: SqliteDocumentStoreOptions, check: boolean): DatabaseSync {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    // Reading the schema fails at once on a file that is not a database or has a damaged header.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    if (check) {
      const problems = (db.prepare('PRAGMA quick_check').all() as { quick_check: string }[]).map((row) => row.quick_check);
      if (problems.length !== 1 || problems[0] !== 'ok') throw new DamagedStoreError(path, problems.slice(0, 3).join('; '));
    }
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    // Keeps the WAL file from staying large after a burst (it is reset at each checkpoint anyway).
    db.exec('PRAGMA journal_size_limit = 67108864');
    db.exec(`
      CREATE TABLE IF NOT EXISTS _store_indexes (collection TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (collection, name));
      CREATE TABLE IF NOT EXISTS _store_array_paths (collection TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (collection, path));
      CREATE TABLE IF NOT EXISTS _store_probe (id INTEGER PRIMARY KEY, filler BLOB);
    `);
    return db;
  } catch (error) {
    if (db?.isOpen) db.close();
    if (isCorruption(error)) throw new DamagedStoreError(path, (error as Error).message, error);
    if (error instanceof DamagedStoreError) throw error;
    // SQLite's own messages ("unable to open database file") do not say which file.
    throw new Error(`cannot open the embedded store's database ${path}: ${error instanceof Error ? error.message : String(error)} (DATA_DIR must be a writable directory on a local disk)`, { cause: error });
  }
}

class SqliteDocumentStore implements DocumentStore, SqliteContext {
  readonly kind = 'embedded';
  private readonly queue: TransactionQueue;
  private readonly statements = new Map<string, StatementSync>();
  private readonly layouts = new Map<string, CollectionLayout>();
  private readonly collections = new Map<string, SqliteCollection<StoredDocument>>();
  private readonly ensuredIndexes = new Set<string>();
  private readonly sweepTimer: NodeJS.Timeout;
  private layoutSignature = '';
  private dataVersion = -1;
  private writeFailure: unknown;
  private damage: DamagedStoreError | undefined;
  private stopCheck: (() => void) | undefined;
  private checkpoints: BackgroundCheckpoints | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly db: DatabaseSync,
    private readonly path: string,
    private readonly options: SqliteDocumentStoreOptions,
    readonly blobs: ClosableBlobStore,
  ) {
    this.queue = new TransactionQueue(
      db,
      () => {
        if (options.maxPageCount !== undefined) this.db.exec(`PRAGMA max_page_count = ${Math.trunc(typeof options.maxPageCount === 'function' ? options.maxPageCount() : options.maxPageCount)}`);
        this.refreshLayouts();
      },
      (error) => this.noteWriteOutcome(error),
      () => {
        if (options.readOnly !== undefined) this.db.exec(`PRAGMA query_only = ${options.readOnly() ? 'ON' : 'OFF'}`);
      },
      options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    );
    this.sweepTimer = setInterval(() => void this.sweepExpired(), options.ttlSweepIntervalMs ?? DEFAULT_TTL_SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  async collection<T extends StoredDocument>(name: string, indexes: readonly IndexSpec[] = []): Promise<DocumentCollection<T>> {
    this.assertOpen();
    assertValidCollectionName(name);
    for (const spec of indexes) {
      assertValidIndexSpec(spec);
      for (const path of Object.keys(spec.keys)) jsonPath(path);
    }
    const missing = indexes.filter((spec) => !this.ensuredIndexes.has(`${name}\u0000${indexSpecKey(spec)}`));
    if (!this.collections.has(name) || missing.length > 0) await this.run(true, () => this.createCollection(name, missing));
    for (const spec of missing) this.ensuredIndexes.add(`${name}\u0000${indexSpecKey(spec)}`);
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new SqliteCollection<StoredDocument>(name, this);
      this.collections.set(name, collection);
    }
    return collection as unknown as DocumentCollection<T>;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    if (this.damage) throw this.damage;
    if (this.writeFailure === undefined) {
      await this.run(false, () => this.statement('SELECT 1').get());
      return;
    }
    // Writes failed last time: only a write that needs a fresh page tells whether the disk takes writes again.
    await this.run(true, () => {
      this.statement('INSERT INTO _store_probe (filler) VALUES (zeroblob(8192))').run();
      this.statement('DELETE FROM _store_probe').run();
    });
  }

  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  /**
   * Checks the whole file in a worker thread; when it is damaged, the store refuses every operation from then on
   * with {@link DamagedStoreError} (readiness fails), and logs it.
   */
  checkInBackground(): void {
    const check = quickCheckInBackground(this.path);
    this.stopCheck = check.stop;
    check.result.then(
      (problems) => {
        if (problems.length === 0) return;
        this.damage = new DamagedStoreError(this.path, problems.slice(0, 3).join('; '));
        this.options.logger?.fatal({ err: this.damage, path: this.path }, 'embedded store database is damaged: every operation fails until it is restored');
      },
      (error: unknown) => this.options.logger?.warn({ err: error, path: this.path }, 'embedded store background integrity check could not run'),
    );
  }

  /** Leaves the WAL's checkpoints to a worker thread (see {@link SqliteDocumentStoreOptions.checkpointIntervalMs}). */
  checkpointInBackground(intervalMs: number): void {
    this.db.exec('PRAGMA wal_autocheckpoint = 0');
    this.checkpoints = checkpointInBackground(this.path, intervalMs, (reason) => {
      this.options.logger?.warn({ path: this.path, reason }, 'embedded store background checkpoints stopped; commits checkpoint the WAL again');
      if (this.db.isOpen) this.db.exec('PRAGMA wal_autocheckpoint = 1000');
    });
  }

  run<R>(writes: boolean, work: () => R, prompt = false): Promise<R> {
    try {
      this.assertOpen();
      if (this.damage) throw this.damage;
    } catch (error) {
      return Promise.reject(error);
    }
    return this.queue.run(writes, work, prompt);
  }

  statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  layout(collection: string): CollectionLayout {
    let layout = this.layouts.get(collection);
    if (!layout) {
      layout = new CollectionLayout();
      this.layouts.set(collection, layout);
    }
    return layout;
  }

  noteNonScalarPath(collection: string, path: string): void {
    this.statement('INSERT OR IGNORE INTO _store_array_paths (collection, path) VALUES (?, ?)').run(collection, path);
    this.layout(collection).nonScalarPaths.add(path);
  }

  private createCollection(name: string, specs: readonly IndexSpec[]): void {
    const table = quoteIdentifier(name);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
    let replacedAny = false;
    for (const spec of specs) {
      const indexed = indexName(name, spec);
      const known = this.statement('SELECT 1 AS known FROM _store_indexes WHERE collection = ? AND name = ?').get(name, indexed) !== undefined;
      let replaced: readonly string[] = [];
      if (!known) {
        const existing = (this.statement('SELECT name, spec FROM _store_indexes WHERE collection = ?').all(name) as { name: string; spec: string }[]).map((row) => ({ name: row.name, spec: JSON.parse(row.spec) as IndexSpec }));
        const resolution = changedIndexResolution(existing, spec);
        if (resolution.kind === 'keepExisting') {
          this.options.logger?.error(
            { collection: name, index: resolution.existing.name, existing: resolution.existing.spec, wanted: spec },
            `index ${resolution.existing.name} exists with other options than this version defines; it is left as it is — delete its row from _store_indexes and drop it to have it recreated at the next start`,
          );
          continue;
        }
        if (resolution.kind === 'replaceTtl') replaced = resolution.replaced;
        // Documents written before the index existed were not watched for arrays: look once, now.
        for (const path of Object.keys(spec.keys)) {
          if (this.db.prepare(`SELECT 1 FROM ${table} WHERE ${nonScalarCondition(path)} LIMIT 1`).get() !== undefined) this.noteNonScalarPath(name, path);
        }
      }
      try {
        this.db.exec(createIndexSql(name, spec));
      } catch (error) {
        throw isUniqueViolation(error) ? new DuplicateKeyError(name, error) : error;
      }
      if (!known) this.statement('INSERT INTO _store_indexes (collection, name, spec) VALUES (?, ?, ?)').run(name, indexed, JSON.stringify(spec));
      // Dropped after the new row is in, so the table's largest rowid grows and other processes reload their layouts.
      for (const old of replaced) {
        this.db.exec(`DROP INDEX IF EXISTS ${quoteIdentifier(old)}`);
        this.statement('DELETE FROM _store_indexes WHERE collection = ? AND name = ?').run(name, old);
        this.options.logger?.warn({ collection: name, index: old, expireAfterSeconds: spec.expireAfterSeconds }, 'changed the expiry of a TTL index');
        replacedAny = true;
      }
      this.layout(name).addIndex(spec);
    }
    if (replacedAny) {
      this.layoutSignature = '';
      this.refreshLayouts();
    }
  }

  /** Reloads indexes and field shapes when a process (this one included) has added to them since. */
  private refreshLayouts(): void {
    // Only another connection's commit can have changed them since the last look (this one's changes are applied here).
    const { data_version: dataVersion } = this.statement('PRAGMA data_version').get() as { data_version: number };
    if (dataVersion === this.dataVersion && this.layoutSignature !== '') return;
    this.dataVersion = dataVersion;
    const { indexes, paths } = this.statement("SELECT (SELECT count(*) || ':' || ifnull(max(rowid), 0) FROM _store_indexes) AS indexes, (SELECT count(*) FROM _store_array_paths) AS paths").get() as { indexes: string; paths: number };
    const signature = `${indexes}:${paths}`;
    if (signature === this.layoutSignature) return;
    this.layouts.clear();
    for (const row of this.statement('SELECT collection, spec FROM _store_indexes').all() as { collection: string; spec: string }[]) {
      this.layout(row.collection).addIndex(JSON.parse(row.spec) as IndexSpec);
    }
    for (const row of this.statement('SELECT collection, path FROM _store_array_paths').all() as { collection: string; path: string }[]) {
      this.layout(row.collection).nonScalarPaths.add(row.path);
    }
    this.layoutSignature = signature;
  }

  private noteWriteOutcome(error: unknown): void {
    if (error !== undefined) {
      if (this.writeFailure === undefined) this.options.logger?.error({ err: error, path: this.path }, 'embedded store cannot write: writes fail and readiness reports not ready until it can');
      this.writeFailure = error;
    } else if (this.writeFailure !== undefined) {
      this.writeFailure = undefined;
      this.options.logger?.info({ path: this.path }, 'embedded store writes again');
    }
  }

  private async sweepExpired(): Promise<void> {
    const collections = [...this.collections.values()];
    if (this.closing || collections.length === 0) return;
    try {
      await this.run(true, () => {
        for (const collection of collections) collection.removeExpired();
      });
    } catch (error) {
      this.options.logger?.warn({ err: error, path: this.path }, 'embedded store TTL sweep failed');
    }
  }

  private async closeOnce(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.stopCheck?.();
    await this.queue.drain();
    await this.checkpoints?.stop();
    await this.blobs.close();
    this.statements.clear();
    this.db.close();
    this.options.logger?.info({ path: this.path }, 'embedded document store closed');
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('the embedded document store is closed');
  }
}

/** Documents with an array on the way to `path`, or an array or sub-document at its end. */
function nonScalarCondition(path: string): string {
  const parts = path.split('.');
  const prefixes = parts.slice(0, -1).map((_, index) => `json_type(doc, '${jsonPath(parts.slice(0, index + 1).join('.'))}') = 'array'`);
  return [`${typeExpression(path)} IN ('array', 'object')`, ...prefixes].join(' OR ');
}
