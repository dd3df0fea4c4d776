import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DocumentCollection, DocumentStore, IndexSpec, StoredDocument } from './documentStore';
import { EmbeddedCollection } from './embeddedCollection';
import { openFileBlobStore, type ClosableBlobStore } from './fileBlobStore';
import { assertValidIndexSpec } from './indexSpecs';
import { openNedbDatastore } from './nedbDatastore';
import { assertValidCollectionName } from './storageNames';

/** Options of {@link openEmbeddedDocumentStore}. */
export interface EmbeddedDocumentStoreOptions {
  /** Directory of the data files (`<collection>.db`) and of `blobs/`; created when absent. */
  readonly dataDir: string;
  readonly logger?: Logger;
  /** How often each data file is rewritten without superseded lines; default 10 minutes. */
  readonly compactionIntervalMs?: number;
  /** How often documents expired by TTL indexes are removed (they are invisible at once); default 60 s, as MongoDB. */
  readonly ttlSweepIntervalMs?: number;
}

const DEFAULT_COMPACTION_INTERVAL_MS = 10 * 60 * 1000;
const DEFAULT_TTL_SWEEP_INTERVAL_MS = 60 * 1000;

/**
 * Opens the embedded document store, the default when no MongoDB is configured: one NeDB data file per collection
 * in `dataDir` (documents live in memory; every change is appended to the file, which survives restarts), blobs as
 * files under `dataDir/blobs`.
 *
 * It behaves like the MongoDB store for everything {@link DocumentStore} allows (see `embeddedCollection.ts`), with
 * these limits: it is **single-process** — every operation is atomic because it is serialised per collection inside
 * this process, so two processes must never open the same `dataDir`; documents hold only JSON values and Dates, and
 * field names cannot start with `$` or contain `.` (store free-form payloads as JSON strings); writes reach the file
 * without `fsync`, so a power loss (not a process crash) can lose the last ones.
 *
 * @example
 * ```ts
 * const store = await openEmbeddedDocumentStore({ dataDir: './data', logger });
 * const conversations = await store.collection<Conversation>('conversations', [{ keys: { lineUserId: 1 }, unique: true }]);
 * ```
 */
export async function openEmbeddedDocumentStore(options: EmbeddedDocumentStoreOptions): Promise<DocumentStore> {
  await mkdir(options.dataDir, { recursive: true });
  const blobs = await openFileBlobStore(join(options.dataDir, 'blobs'));
  const store = new EmbeddedDocumentStore(options, blobs);
  options.logger?.info({ dataDir: options.dataDir }, 'embedded document store opened');
  return store;
}

class EmbeddedDocumentStore implements DocumentStore {
  readonly kind = 'embedded';
  private readonly collections = new Map<string, Promise<EmbeddedCollection<StoredDocument>>>();
  private readonly timers: NodeJS.Timeout[];
  private closing: Promise<void> | undefined;

  constructor(
    private readonly options: EmbeddedDocumentStoreOptions,
    readonly blobs: ClosableBlobStore,
  ) {
    // Own timers rather than NeDB's setAutocompactionInterval: NeDB drops the promise of each compaction, so a failed
    // one (disk full) would be an unhandled rejection, which ends the process.
    this.timers = [
      setInterval(() => void this.forEachCollection('compaction', (collection) => collection.compact()), options.compactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS),
      setInterval(() => void this.forEachCollection('TTL sweep', (collection) => collection.removeExpiredDocuments()), options.ttlSweepIntervalMs ?? DEFAULT_TTL_SWEEP_INTERVAL_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  async collection<T extends StoredDocument>(name: string, indexes: readonly IndexSpec[] = []): Promise<DocumentCollection<T>> {
    this.assertOpen();
    assertValidCollectionName(name);
    for (const spec of indexes) assertValidIndexSpec(spec);
    let opening = this.collections.get(name);
    if (!opening) {
      opening = openNedbDatastore(this.options.dataDir, name).then((datastore) => new EmbeddedCollection<StoredDocument>(name, datastore, () => this.assertOpen()));
      this.collections.set(name, opening);
      // A failed open (e.g. a corrupt data file) is reported to this caller and retried by the next one.
      opening.catch(() => {
        if (this.collections.get(name) === opening) this.collections.delete(name);
      });
    }
    const collection = await opening;
    await collection.ensureIndexes(indexes);
    return collection as unknown as DocumentCollection<T>;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await access(this.options.dataDir, constants.W_OK);
  }

  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.blobs.close();
    // Compaction queues behind the operations already accepted, so they finish first.
    await this.forEachCollection('compaction at close', (collection) => collection.compact());
    this.options.logger?.info({ dataDir: this.options.dataDir }, 'embedded document store closed');
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('the embedded document store is closed');
  }

  private async forEachCollection(task: string, run: (collection: EmbeddedCollection<StoredDocument>) => Promise<unknown>): Promise<void> {
    const opened = await Promise.allSettled(this.collections.values());
    await Promise.all(
      opened.map(async (outcome) => {
        if (outcome.status !== 'fulfilled') return;
        try {
          await run(outcome.value);
        } catch (error) {
          this.options.logger?.warn({ err: error, collection: outcome.value.name, task }, 'embedded document store maintenance failed');
        }
      }),
    );
  }
}
