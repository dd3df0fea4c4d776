import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DocumentCollection, Filter, StoredDocument } from '../storage/engine/documentStore';

/** Options of {@link deleteInBatches}. */
export interface BatchedDeleteOptions {
  /** Documents read and deleted per pass (one read, one write). */
  readonly batchSize: number;
  /** Runs on each batch before it is deleted (the blobs a document describes go first). */
  readonly beforeDelete?: (batch: readonly StoredDocument[]) => Promise<void>;
}

/**
 * Deletes every document matching `filter`, `batchSize` at a time: each pass reads one batch and deletes it in one
 * write by `_id` *and* `filter`, so a document that changed in between (a dead event put back in the queue, a customer
 * seen again) stays, and two sweeps running at once delete each document once. Between passes the event loop gets a
 * turn and the embedded store's write lock is free, so a large backlog neither stalls the server nor holds up writers.
 * `filter` must be served by an index (the passes read from the start of it each time).
 *
 * @example
 * const removed = await deleteInBatches(surveys, { at: { $lt: cutoff } }, { batchSize: 200 });
 */
export async function deleteInBatches(collection: DocumentCollection<StoredDocument>, filter: Filter, options: BatchedDeleteOptions): Promise<number> {
  let removed = 0;
  for (;;) {
    const batch = await collection.find(filter, { limit: options.batchSize });
    if (batch.length === 0) return removed;
    // Blobs first: an interrupted run leaves a document that the next run finds, never bytes nothing points at.
    await options.beforeDelete?.(batch);
    removed += await collection.deleteMany({ ...filter, _id: { $in: batch.map((document) => document._id) } });
    if (batch.length < options.batchSize) return removed;
    await nextTurn();
  }
}
