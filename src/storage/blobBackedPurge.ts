import type { DocumentCollection, Filter, StoredDocument } from './engine/documentStore';

const BATCH = 200;

/**
 * Deletes the documents matching `filter` together with the blobs they describe, a batch at a time: each
 * document's blobs first (`deleteBlobs`), then the document, so an interrupted purge leaves metadata to find and finish
 * on the next run rather than bytes nothing points at.
 *
 * @returns how many documents were deleted.
 * @example await purgeWithBlobs(collection, { customerId }, (document) => blobs.delete(document._id));
 */
export async function purgeWithBlobs<T extends StoredDocument>(collection: DocumentCollection<T>, filter: Filter, deleteBlobs: (document: T) => Promise<unknown>): Promise<number> {
  let removed = 0;
  for (;;) {
    const batch = await collection.find(filter, { limit: BATCH });
    if (batch.length === 0) return removed;
    for (const document of batch) {
      await deleteBlobs(document);
      removed += await collection.deleteOne({ _id: document._id });
    }
  }
}
