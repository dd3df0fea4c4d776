import type { DocumentCollection, DocumentStore, Filter, IndexSpec, Sort, StoredDocument } from '../../src/storage/engine/documentStore';

/** One query a repository sent: its collection, filter and sort. */
export interface RecordedQuery {
  readonly collection: string;
  readonly operation: string;
  readonly filter: Filter;
  readonly sort: Sort | undefined;
}

const QUERYING = new Set(['findOne', 'find', 'countDocuments', 'updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany']);

/**
 * Wraps a store and records every query its collections receive and every index they declare, so a test can check
 * the queries against the indexes (see `indexCoverage.ts`).
 */
export function recordingStore(inner: DocumentStore): { readonly store: DocumentStore; readonly queries: RecordedQuery[]; readonly indexes: Map<string, IndexSpec[]> } {
  const queries: RecordedQuery[] = [];
  const indexes = new Map<string, IndexSpec[]>();
  const store: DocumentStore = {
    kind: inner.kind,
    blobs: inner.blobs,
    ping: () => inner.ping(),
    close: () => inner.close(),
    async collection<T extends StoredDocument>(name: string, specs: readonly IndexSpec[] = []): Promise<DocumentCollection<T>> {
      const declared = indexes.get(name) ?? [];
      for (const spec of specs) if (!declared.some((known) => JSON.stringify(known) === JSON.stringify(spec))) declared.push(spec);
      indexes.set(name, declared);
      const collection = await inner.collection<T>(name, specs);
      return new Proxy(collection, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver) as unknown;
          if (typeof property !== 'string' || !QUERYING.has(property) || typeof value !== 'function') return value;
          return (filter: Filter, ...rest: unknown[]) => {
            const options = (property === 'find' || property === 'findOne' ? rest[0] : property === 'findOneAndUpdate' ? rest[1] : undefined) as { sort?: Sort } | undefined;
            queries.push({ collection: name, operation: property, filter, sort: options?.sort });
            return (value as (...args: unknown[]) => unknown).call(target, filter, ...rest);
          };
        },
      });
    },
  };
  return { store, queries, indexes };
}
