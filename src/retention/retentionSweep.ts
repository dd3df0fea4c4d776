import type { Logger } from 'pino';
import { AGENT_FILES_COLLECTION, blobIdOf, previewBlobIdOf } from '../storage/agentFileRepository';
import { ATTACHMENTS_COLLECTION } from '../storage/attachmentRepository';
import { CUSTOMERS_COLLECTION } from '../storage/customerRepository';
import type { DocumentCollection, DocumentStore, Filter, StoredDocument } from '../storage/engine/documentStore';
import { HANDOFF_CONVERSATIONS_COLLECTION } from '../handoff/handoffConversationRepository';
import { HANDOFF_CYCLES_COLLECTION } from '../reports/handoffCycleRepository';
import { TRANSCRIPT_TERMS_COLLECTION } from '../storage/transcriptTermRepository';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_BATCH = 200;

/** One kind of personal data the sweep deletes by age. */
interface RetentionTarget {
  /** The name reported in logs and results. */
  readonly kind: string;
  readonly collection: string;
  /** The Date field whose age decides (indexed by the sweep). */
  readonly ageField: string;
  /** More conditions a document must meet to go (e.g. a handoff must be closed). */
  readonly also?: Filter;
  /** Blob ids the document describes, deleted before it. */
  readonly blobs?: (document: StoredDocument) => readonly string[];
}

const TARGETS: readonly RetentionTarget[] = [
  { kind: 'transcriptActivities', collection: 'transcripts', ageField: 'timestamp' },
  { kind: 'conversations', collection: 'conversations', ageField: 'lastActivityAt' },
  { kind: 'attachments', collection: ATTACHMENTS_COLLECTION, ageField: 'createdAt', blobs: (document) => [document._id] },
  { kind: 'agentFiles', collection: AGENT_FILES_COLLECTION, ageField: 'createdAt', blobs: (document) => [previewBlobIdOf(document._id), blobIdOf(document._id)] },
  { kind: 'surveys', collection: 'surveys', ageField: 'at' },
  // An open handoff is never deleted, however old its start: only closed ones age out.
  { kind: 'handoffs', collection: HANDOFF_CONVERSATIONS_COLLECTION, ageField: 'closedAt', also: { state: 'closed' } },
  { kind: 'handoffAgentMessages', collection: 'handoffAgentMessages', ageField: 'at' },
  { kind: 'deliveryMarks', collection: 'handoffDeliveryMarks', ageField: 'at' },
  { kind: 'handoffCycles', collection: HANDOFF_CYCLES_COLLECTION, ageField: 'requestedAt' },
  // The text index: a day's postings go as soon as the day began before the cut-off (a little early, never late).
  { kind: 'transcriptTerms', collection: TRANSCRIPT_TERMS_COLLECTION, ageField: 'day' },
];

/** What one run of {@link RetentionSweep.run} deleted, by kind (customers: profiles without any conversation left). */
export type RetentionResult = Record<string, number>;

/** Options of {@link RetentionSweep.open}. */
export interface RetentionSweepOptions {
  /** Days personal data is kept (`TRANSCRIPT_RETENTION_DAYS`); `undefined` keeps it (the sweep deletes nothing). */
  readonly retentionDays: number | undefined;
  /** The least time between two runs of {@link RetentionSweep.runIfDue}. */
  readonly intervalMs: number;
  readonly now?: () => number;
  readonly batchSize?: number;
  readonly logger?: Logger;
}

/**
 * Deletes personal data older than the retention setting, by its age computed when the sweep runs (not by a date
 * stamped when it was written), so a changed `TRANSCRIPT_RETENTION_DAYS` applies to old data at the next run:
 * transcript activities and conversations, customers' media and agents' files (with their blobs), surveys, closed
 * handoff records, agents' message copies, delivery marks, handoff cycle facts, the transcript text index, and customer profiles last seen before
 * the cut-off that no conversation refers to any more. Deletes in batches through indexes on the age fields; the
 * sweep leader runs it (see `leaderSweep.ts`).
 *
 * @example
 * const retention = await RetentionSweep.open(store, { retentionDays: 365, intervalMs: 3_600_000, logger });
 * await retention.runIfDue(); // from the leader's sweep
 */
export class RetentionSweep {
  private lastRunAt: number | undefined;
  private running: Promise<RetentionResult> | undefined;

  private constructor(
    private readonly store: DocumentStore,
    private readonly collections: ReadonlyMap<string, DocumentCollection<StoredDocument>>,
    private readonly conversations: DocumentCollection<StoredDocument>,
    private readonly customers: DocumentCollection<StoredDocument>,
    private readonly options: RetentionSweepOptions,
  ) {}

  /** Opens the collections it sweeps, adding an index on each age field. */
  static async open(store: DocumentStore, options: RetentionSweepOptions): Promise<RetentionSweep> {
    const collections = new Map<string, DocumentCollection<StoredDocument>>();
    for (const target of TARGETS) {
      const keys = target.also ? { ...Object.fromEntries(Object.keys(target.also).map((field) => [field, 1 as const])), [target.ageField]: 1 as const } : { [target.ageField]: 1 as const };
      collections.set(target.kind, await store.collection<StoredDocument>(target.collection, [{ keys }]));
    }
    const conversations = await store.collection<StoredDocument>('conversations', [{ keys: { customerId: 1, lastActivityAt: -1, _id: 1 } }]);
    const customers = await store.collection<StoredDocument>(CUSTOMERS_COLLECTION, [{ keys: { lastSeenAt: 1, _id: 1 } }]);
    return new RetentionSweep(store, collections, conversations, customers, options);
  }

  /**
   * Runs {@link run} when `intervalMs` has passed since the last run in this process (or it never ran) and no run is
   * in progress; `undefined` when it did not run.
   */
  async runIfDue(): Promise<RetentionResult | undefined> {
    const now = this.now();
    if (this.running || (this.lastRunAt !== undefined && now - this.lastRunAt < this.options.intervalMs)) return undefined;
    this.lastRunAt = now;
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when the run in progress (if any) has ended, however it ended; for shutdown. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Deletes everything older than the retention setting now; returns what went, by kind. */
  async run(): Promise<RetentionResult> {
    const days = this.options.retentionDays;
    const result: RetentionResult = {};
    if (days === undefined) return result;
    const cutoff = new Date(this.now() - days * DAY_MS);
    for (const target of TARGETS) {
      const collection = this.collections.get(target.kind);
      if (collection) result[target.kind] = await this.deleteOlder(collection, target, cutoff);
    }
    result.customers = await this.deleteUnreferencedCustomers(cutoff);
    const deleted = Object.values(result).reduce((sum, count) => sum + count, 0);
    if (deleted > 0) this.options.logger?.info({ retentionDays: days, cutoff, deleted: result }, 'retention sweep deleted personal data older than the retention setting');
    return result;
  }

  private async deleteOlder(collection: DocumentCollection<StoredDocument>, target: RetentionTarget, cutoff: Date): Promise<number> {
    const filter: Filter = { ...target.also, [target.ageField]: { $lt: cutoff } };
    let removed = 0;
    for (;;) {
      const batch = await collection.find(filter, { limit: this.batchSize() });
      if (batch.length === 0) return removed;
      // Blobs first: an interrupted run leaves a document that the next run finds, never bytes nothing points at.
      if (target.blobs) for (const document of batch) for (const id of target.blobs(document)) await this.store.blobs.delete(id);
      removed += await collection.deleteMany({ _id: { $in: batch.map((document) => document._id) } });
    }
  }

  private async deleteUnreferencedCustomers(cutoff: Date): Promise<number> {
    let removed = 0;
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      // Paged by (lastSeenAt, _id): profiles that stay (a conversation is kept) are passed over, not read again.
      const filter: Filter = after
        ? { $or: [{ lastSeenAt: { $gt: after.at, $lt: cutoff } }, { lastSeenAt: after.at, _id: { $gt: after.id } }] }
        : { lastSeenAt: { $lt: cutoff } };
      const batch = await this.customers.find(filter, { sort: { lastSeenAt: 1, _id: 1 }, limit: this.batchSize() });
      const last = batch[batch.length - 1];
      if (!last) return removed;
      after = { at: last.lastSeenAt as Date, id: last._id };
      for (const customer of batch) {
        // A customer seen long ago keeps the profile while a conversation of theirs is still kept.
        if ((await this.conversations.countDocuments({ customerId: customer._id })) > 0) continue;
        removed += await this.customers.deleteOne({ _id: customer._id, lastSeenAt: { $lt: cutoff } });
      }
    }
  }

  private batchSize(): number {
    return this.options.batchSize ?? DEFAULT_BATCH;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
