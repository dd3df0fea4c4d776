import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { DocumentCollection, DocumentStore, IndexSpec, StoredDocument } from '../../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../../src/storage/engine/sqliteDocumentStore';
import { openMongoDocumentStore } from '../../../src/storage/engine/mongoDocumentStore';

/** An index as the engine reports it. */
export interface ReportedIndex {
  readonly key: Readonly<Record<string, unknown>>;
  readonly unique?: boolean;
  readonly expireAfterSeconds?: number;
}

/** One storage engine the contract tests run on. */
export interface StorageBackend {
  readonly name: 'embedded' | 'mongodb';
  /** A fresh, isolated, empty store (its own temp directory or database), deleted when the store is closed. */
  open(): Promise<DocumentStore>;
  /**
   * Closes `store` (opened by this backend) without deleting its data and opens the same data again, as a restart
   * would; the new store is deleted when closed.
   */
  reopen(store: DocumentStore): Promise<DocumentStore>;
  /** The indexes of a collection as MongoDB reports them; MongoDB only (the embedded engine emulates TTL). */
  listIndexes?(store: DocumentStore, collection: string): Promise<ReportedIndex[]>;
}

interface Engine {
  readonly name: StorageBackend['name'];
  /** A new place for data: a directory or a database name. */
  allocate(): Promise<string>;
  connect(location: string): Promise<DocumentStore>;
  destroy(location: string): Promise<void>;
  listIndexes?(location: string, collection: string): Promise<ReportedIndex[]>;
  shutdown(): Promise<void>;
}

let mongoNoticeShown = false;

/**
 * Registers `body` once per backend: always on the embedded store; on MongoDB when `process.env.MONGODB_URI` is set,
 * else as a pending test, with a loud notice on stderr naming MONGODB_URI. Whatever a suite leaves open or undeleted
 * is closed and deleted after it.
 *
 * @example
 * ```ts
 * describeEachBackend('CustomerRepository', (backend) => {
 *   let store: DocumentStore;
 *   beforeEach(async () => { store = await backend.open(); });
 *   afterEach(() => store.close());
 * });
 * ```
 */
export function describeEachBackend(title: string, body: (backend: StorageBackend) => void): void {
  describe(`${title} [embedded]`, function () {
    this.timeout(10_000);
    const backend = trackedBackend(embeddedEngine());
    after(() => backend.cleanup());
    body(backend);
  });

  // Tests may read the environment for this one variable: the MongoDB the contract tests should also run on.
  const mongodbUri = process.env.MONGODB_URI;
  if (mongodbUri) {
    describe(`${title} [mongodb]`, function () {
      this.timeout(30_000);
      const backend = trackedBackend(mongoEngine(mongodbUri));
      after(() => backend.cleanup());
      body(backend);
    });
    return;
  }
  if (!mongoNoticeShown) {
    mongoNoticeShown = true;
    process.stderr.write(
      '\n' +
        '*******************************************************************************\n' +
        '* MONGODB_URI is not set: storage tests run on the embedded store only; their  *\n' +
        '* MongoDB variants are PENDING. Set MONGODB_URI=mongodb://host:27017 (any test *\n' +
        '* server; each suite uses and drops its own databases) to run them on MongoDB. *\n' +
        '*******************************************************************************\n\n',
    );
  }
  describe(`${title} [mongodb]`, () => {
    it('runs only when MONGODB_URI names a MongoDB server');
  });
}

function trackedBackend(engine: Engine): StorageBackend & { cleanup(): Promise<void> } {
  const locations = new Map<DocumentStore, string>();
  const live = new Set<string>();

  const openAt = async (location: string): Promise<DocumentStore> => {
    const inner = await engine.connect(location);
    let closing: Promise<void> | undefined;
    const store: DocumentStore = {
      kind: inner.kind,
      blobs: inner.blobs,
      collection: <T extends StoredDocument>(name: string, indexes?: readonly IndexSpec[]): Promise<DocumentCollection<T>> => inner.collection<T>(name, indexes),
      ping: () => inner.ping(),
      close: () => {
        closing ??= (async () => {
          await inner.close();
          if (locations.get(store) === location) {
            locations.delete(store);
            live.delete(location);
            await engine.destroy(location);
          }
        })();
        return closing;
      },
    };
    locations.set(store, location);
    return store;
  };

  return {
    name: engine.name,
    async open() {
      const location = await engine.allocate();
      live.add(location);
      return openAt(location);
    },
    async reopen(store) {
      const location = locations.get(store);
      if (location === undefined) throw new Error('reopen() needs an open store from this backend');
      locations.delete(store);
      await store.close();
      return openAt(location);
    },
    ...(engine.listIndexes
      ? {
          listIndexes: (store: DocumentStore, collection: string) => {
            const location = locations.get(store);
            if (location === undefined) throw new Error('listIndexes() needs an open store from this backend');
            return engine.listIndexes!(location, collection);
          },
        }
      : {}),
    async cleanup() {
      await Promise.allSettled([...locations.keys()].map((store) => store.close()));
      await Promise.allSettled([...live].map((location) => engine.destroy(location)));
      live.clear();
      await engine.shutdown();
    },
  };
}

function embeddedEngine(): Engine {
  return {
    name: 'embedded',
    allocate: () => mkdtemp(join(tmpdir(), 'line-omnichannel-store-')),
    connect: (dataDir) => openSqliteDocumentStore({ dataDir }),
    destroy: (dataDir) => rm(dataDir, { recursive: true, force: true }),
    shutdown: async () => undefined,
  };
}

function mongoEngine(uri: string): Engine {
  let admin: Promise<MongoClient> | undefined;
  const adminClient = (): Promise<MongoClient> => (admin ??= new MongoClient(uri).connect());
  return {
    name: 'mongodb',
    allocate: async () => `lo_test_${randomBytes(6).toString('hex')}`,
    connect: (databaseName) => openMongoDocumentStore({ uri, databaseName }),
    destroy: async (databaseName) => {
      await (await adminClient()).db(databaseName).dropDatabase();
    },
    listIndexes: async (databaseName, collection) => (await (await adminClient()).db(databaseName).collection(collection).indexes()) as ReportedIndex[],
    shutdown: async () => {
      if (admin) await (await admin).close();
      admin = undefined;
    },
  };
}
