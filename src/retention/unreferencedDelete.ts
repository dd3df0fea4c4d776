import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DocumentCollection, Filter, StoredDocument } from '../storage/engine/documentStore';

/** Options of {@link deleteUnreferenced}. */
export interface UnreferencedDeleteOptions {
  /** The Date field whose age decides; the collection needs the index `{ <ageField>: 1, _id: 1 }`. */
  readonly ageField: string;
  readonly cutoff: Date;
  readonly batchSize: number;
  /** Whether something still kept refers to the document (then it stays, however old). */
  readonly isReferenced: (document: StoredDocument) => Promise<boolean>;
  /** Runs after a document was deleted (to clear links to it made meanwhile). */
  readonly afterDelete?: (document: StoredDocument) => Promise<void>;
}

/**
 * Deletes the documents whose age field is older than `cutoff` and that nothing refers to any more, reading them in
 * batches paged by `(ageField, _id)`, so that documents which stay are passed over rather than read again. Each
 * delete checks the age again: a document changed since it was read (a customer seen again) stays.
 *
 * @example
 * await deleteUnreferenced(customers, { ageField: 'lastSeenAt', cutoff, batchSize: 200, isReferenced: async (customer) => (await conversations.countDocuments({ customerId: customer._id })) > 0 });
 */
export async function deleteUnreferenced(collection: DocumentCollection<StoredDocument>, options: UnreferencedDeleteOptions): Promise<number> {
  const { ageField, cutoff } = options;
  let removed = 0;
  let after: { at: Date; id: string } | undefined;
  for (;;) {
    const filter: Filter = after
      ? { $or: [{ [ageField]: { $gt: after.at, $lt: cutoff } }, { [ageField]: after.at, _id: { $gt: after.id } }] }
      : { [ageField]: { $lt: cutoff } };
    const batch = await collection.find(filter, { sort: { [ageField]: 1, _id: 1 }, limit: options.batchSize });
    const last = batch[batch.length - 1];
    if (!last) return removed;
    after = { at: last[ageField] as Date, id: last._id };
    for (const document of batch) {
      if (await options.isReferenced(document)) continue;
      const deleted = await collection.deleteOne({ _id: document._id, [ageField]: { $lt: cutoff } });
      if (deleted > 0) await options.afterDelete?.(document);
      removed += deleted;
    }
    await nextTurn();
  }
}
