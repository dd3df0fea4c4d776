import type { DocumentCollection, DocumentStore, IndexSpec, StoredDocument } from '../storage/engine/documentStore';

/** Where a metered store reports each operation: its name, how long it took, whether it threw. */
export type StoreOperationObserver = (operation: string, seconds: number, failed: boolean) => void;

/** The collection operations that are timed. */
const OPERATIONS = ['insertOne', 'insertManyIgnoringDuplicates', 'findOne', 'find', 'countDocuments', 'updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany'] as const;

/**
 * `store` with every collection operation (and `ping`) timed and its failures counted. Only a timer and a call per
 * operation are added; documents pass through untouched. Blobs and `close` are not timed.
 *
 * @example const store = meteredDocumentStore(await openDocumentStore(options), (op, s, failed) => histogram.observe({ op }, s));
 */
export function meteredDocumentStore(store: DocumentStore, observe: StoreOperationObserver): DocumentStore {
  return {
    kind: store.kind,
    blobs: store.blobs,
    async collection<T extends StoredDocument>(name: string, indexes?: readonly IndexSpec[]): Promise<DocumentCollection<T>> {
      const inner = await store.collection<T>(name, indexes);
      const metered = {} as Record<string, unknown>;
      for (const operation of OPERATIONS) {
        const method = inner[operation] as (...args: unknown[]) => Promise<unknown>;
        metered[operation] = (...args: unknown[]) => timed(operation, observe, () => method.apply(inner, args));
      }
      return metered as unknown as DocumentCollection<T>;
    },
    ping: () => timed('ping', observe, () => store.ping()),
    close: () => store.close(),
  };
}

async function timed<R>(operation: string, observe: StoreOperationObserver, run: () => Promise<R>): Promise<R> {
  const started = performance.now();
  try {
    const result = await run();
    observe(operation, (performance.now() - started) / 1000, false);
    return result;
  } catch (error) {
    observe(operation, (performance.now() - started) / 1000, true);
    throw error;
  }
}
