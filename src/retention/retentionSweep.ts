import type { Logger } from 'pino';
import { CONTACTS_COLLECTION, CUSTOMERS_COLLECTION } from '../customers/customerRepository';
import type { DocumentCollection, DocumentStore, Filter, StoredDocument } from '../storage/engine/documentStore';
import { deleteInBatches } from './batchedDelete';
import { ChannelDataRetention } from './channelDataRetention';
import { deleteUnreferenced } from './unreferencedDelete';
import { RETENTION_TARGETS, type RetentionSetting, type RetentionTarget } from './retentionTargets';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_BATCH = 200;

/** What one run of {@link RetentionSweep.run} deleted, by kind (customers: profiles without any conversation left; contacts: without any customer). */
export type RetentionResult = Record<string, number>;

/** What a completed run reports to {@link RetentionSweepOptions.onCompleted}. */
export interface RetentionRunReport {
  readonly deleted: RetentionResult;
  readonly completedAt: Date;
  readonly durationMs: number;
}

/** Options of {@link RetentionSweep.open}. */
export interface RetentionSweepOptions {
  /** Days personal data is kept (`TRANSCRIPT_RETENTION_DAYS`); `undefined` keeps it. */
  readonly retentionDays: number | undefined;
  /** Days done and dead LINE webhook events are kept (see `lineInboxRetention.ts`); `undefined` keeps them. */
  readonly lineInboxRetentionDays?: number;
  /** Seconds the data of a channel is kept after its last change (`NON_LINE_DATA_TTL_HOURS`); `undefined`: no lifetime of its own. */
  readonly channelLifetimeSecondsOf?: (channelId: string) => number | undefined;
  /** The least time between two runs of {@link RetentionSweep.runIfDue}. */
  readonly intervalMs: number;
  readonly now?: () => number;
  /** Documents read and deleted per pass; 200 by default. */
  readonly batchSize?: number;
  readonly logger?: Logger;
  /** Told after every completed run (the metrics). */
  readonly onCompleted?: (report: RetentionRunReport) => void;
}

/**
 * Deletes personal data by its age computed when the sweep runs (not by a date stamped when it was written), so a
 * changed setting applies to old data at the next run:
 * - under `TRANSCRIPT_RETENTION_DAYS`: transcript activities and conversations, customers' media and agents' files
 *   (with their blobs), surveys, closed handoff records, internal notes, closed assignment items, agents' message
 *   copies, delivery marks, handoff cycle facts, bot state, customer profiles last seen before the cut-off that no
 *   conversation refers to any more, and contacts unchanged since before the cut-off that no customer is linked to;
 * - under `LINE_INBOX_RETENTION_DAYS`: done and dead LINE webhook events (never a pending one);
 * - under `NON_LINE_DATA_TTL_HOURS`: bot state, transcripts, conversations and customers of other channels.
 *
 * Deletes in batches through indexes on the age fields, each batch one write conditioned on the age again, so runs
 * on two instances at once (a leadership change mid-run) delete each document once and nothing younger. The sweep
 * leader runs it (see `leaderSweep.ts`).
 *
 * @example
 * const retention = await RetentionSweep.open(store, { retentionDays: 365, lineInboxRetentionDays: 7, intervalMs: 3_600_000, logger });
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
    private readonly contacts: DocumentCollection<StoredDocument>,
    private readonly channels: ChannelDataRetention | undefined,
    private readonly options: RetentionSweepOptions,
  ) {}

  /** Opens the collections it sweeps, adding an index on each age field (after the fields of its conditions). */
  static async open(store: DocumentStore, options: RetentionSweepOptions): Promise<RetentionSweep> {
    const collections = new Map<string, DocumentCollection<StoredDocument>>();
    for (const target of RETENTION_TARGETS) {
      const keys = { ...Object.fromEntries(Object.keys(target.also ?? {}).map((field) => [field, 1 as const])), [target.ageField]: 1 as const };
      collections.set(target.kind, await store.collection<StoredDocument>(target.collection, target.indexedByOwner ? [] : [{ keys }]));
    }
    const conversations = await store.collection<StoredDocument>('conversations', [{ keys: { customerId: 1, lastActivityAt: -1, _id: 1 } }]);
    const customers = await store.collection<StoredDocument>(CUSTOMERS_COLLECTION, [{ keys: { lastSeenAt: 1, _id: 1 } }]);
    const contacts = await store.collection<StoredDocument>(CONTACTS_COLLECTION, [{ keys: { updatedAt: 1, _id: 1 } }]);
    const channels = options.channelLifetimeSecondsOf ? await ChannelDataRetention.open(store, options.channelLifetimeSecondsOf) : undefined;
    return new RetentionSweep(store, collections, conversations, customers, contacts, channels, options);
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

  /** Deletes everything older than its setting now; returns what went, by kind (kinds without a setting are absent). */
  async run(): Promise<RetentionResult> {
    const startedAt = performance.now();
    const now = this.now();
    const result: RetentionResult = {};
    for (const target of RETENTION_TARGETS) {
      const days = this.daysOf(target.setting);
      const collection = this.collections.get(target.kind);
      if (days !== undefined && collection) result[target.kind] = await this.deleteOlder(collection, target, new Date(now - days * DAY_MS));
    }
    if (this.options.retentionDays !== undefined) {
      const cutoff = new Date(now - this.options.retentionDays * DAY_MS);
      result.customers = await this.deleteUnreferencedCustomers(cutoff);
      result.contacts = await this.deleteUnreferencedContacts(cutoff);
    }
    if (this.channels) Object.assign(result, await this.channels.run(now, this.batchSize()));
    const deleted = Object.values(result).reduce((sum, count) => sum + count, 0);
    if (deleted > 0) this.options.logger?.info({ retentionDays: this.options.retentionDays, lineInboxRetentionDays: this.options.lineInboxRetentionDays, deleted: result }, 'retention sweep deleted personal data older than the retention settings');
    this.options.onCompleted?.({ deleted: result, completedAt: new Date(this.now()), durationMs: performance.now() - startedAt });
    return result;
  }

  private daysOf(setting: RetentionSetting): number | undefined {
    return setting === 'lineInbox' ? this.options.lineInboxRetentionDays : this.options.retentionDays;
  }

  private deleteOlder(collection: DocumentCollection<StoredDocument>, target: RetentionTarget, cutoff: Date): Promise<number> {
    const filter: Filter = { ...target.also, [target.ageField]: { $lt: target.ageInMs ? cutoff.getTime() : cutoff } };
    const blobsOf = target.blobs;
    const beforeDelete = blobsOf
      ? async (batch: readonly StoredDocument[]): Promise<void> => {
          for (const document of batch) for (const id of blobsOf(document)) await this.store.blobs.delete(id);
        }
      : undefined;
    return deleteInBatches(collection, filter, { batchSize: this.batchSize(), ...(beforeDelete ? { beforeDelete } : {}) });
  }

  private deleteUnreferencedCustomers(cutoff: Date): Promise<number> {
    return deleteUnreferenced(this.customers, {
      ageField: 'lastSeenAt',
      cutoff,
      batchSize: this.batchSize(),
      // A customer seen long ago keeps the profile while a conversation of theirs is still kept.
      isReferenced: async (customer) => (await this.conversations.countDocuments({ customerId: customer._id })) > 0,
    });
  }

  private deleteUnreferencedContacts(cutoff: Date): Promise<number> {
    return deleteUnreferenced(this.contacts, {
      ageField: 'updatedAt',
      cutoff,
      batchSize: this.batchSize(),
      // A contact stays while a customer is linked to it (customers go with their last conversation, above).
      isReferenced: async (contact) => (await this.customers.countDocuments({ contactId: contact._id })) > 0,
      // A customer linked between the check and the delete would point at nothing.
      afterDelete: async (contact) => {
        await this.customers.updateMany({ contactId: contact._id }, { $unset: { contactId: true } });
      },
    });
  }

  private batchSize(): number {
    return this.options.batchSize ?? DEFAULT_BATCH;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
