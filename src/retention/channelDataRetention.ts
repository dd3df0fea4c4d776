import { CUSTOMERS_COLLECTION } from '../customers/customerRepository';
import type { DocumentCollection, DocumentStore, StoredDocument } from '../storage/engine/documentStore';
import { deleteInBatches } from './batchedDelete';

/** A collection whose documents carry their channel (`channelId`) and a Date that tells their last change. */
interface ChannelTarget {
  /** The name reported in logs, results and metrics. */
  readonly kind: string;
  readonly collection: string;
  readonly ageField: string;
}

const CHANNEL_TARGETS: readonly ChannelTarget[] = [
  { kind: 'channelBotState', collection: 'botState', ageField: 'updatedAt' },
  { kind: 'channelTranscriptActivities', collection: 'transcripts', ageField: 'timestamp' },
  { kind: 'channelConversations', collection: 'conversations', ageField: 'lastActivityAt' },
  { kind: 'channelCustomers', collection: CUSTOMERS_COLLECTION, ageField: 'lastSeenAt' },
];

/**
 * Deletes the data of channels with a lifetime of their own (`NON_LINE_DATA_TTL_HOURS`: the Emulator, Web Chat, …) by
 * its age when the sweep runs: bot state, transcript activities, conversations and customers whose last change is
 * older than the lifetime of their channel. Nothing is stamped on the documents, so a changed setting applies to what
 * was written before it. The channels present are found by walking an index on `channelId` (one read per channel),
 * then each channel's old documents are deleted in batches through the index `{ channelId, <age field> }`.
 *
 * @example
 * const channels = await ChannelDataRetention.open(store, (channelId) => expiry.secondsFor(channelId));
 * await channels.run(Date.now(), 200); // { channelTranscriptActivities: 12, … }
 */
export class ChannelDataRetention {
  private constructor(
    private readonly collections: ReadonlyMap<string, DocumentCollection<StoredDocument>>,
    private readonly lifetimeSecondsOf: (channelId: string) => number | undefined,
  ) {}

  /** Opens the collections, adding the index `{ channelId, <age field> }` to each. */
  static async open(store: DocumentStore, lifetimeSecondsOf: (channelId: string) => number | undefined): Promise<ChannelDataRetention> {
    const collections = new Map<string, DocumentCollection<StoredDocument>>();
    for (const target of CHANNEL_TARGETS) collections.set(target.kind, await store.collection<StoredDocument>(target.collection, [{ keys: { channelId: 1, [target.ageField]: 1 } }]));
    return new ChannelDataRetention(collections, lifetimeSecondsOf);
  }

  /** Deletes what is older than its channel's lifetime at `now`; returns what went, by kind. */
  async run(now: number, batchSize: number): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const target of CHANNEL_TARGETS) {
      const collection = this.collections.get(target.kind);
      if (!collection) continue;
      let removed = 0;
      for (const channelId of await channelsOf(collection)) {
        const seconds = this.lifetimeSecondsOf(channelId);
        if (seconds === undefined) continue;
        const cutoff = new Date(now - seconds * 1000);
        removed += await deleteInBatches(collection, { channelId, [target.ageField]: { $lt: cutoff } }, { batchSize });
      }
      result[target.kind] = removed;
    }
    return result;
  }
}

/** The distinct channels of a collection, read one by one from the index that begins with `channelId`. */
async function channelsOf(collection: DocumentCollection<StoredDocument>): Promise<string[]> {
  const channels: string[] = [];
  let after = '';
  for (;;) {
    // `$gt ''` leaves out documents without a channel (bot state written by earlier versions), as strings only compare with strings.
    const [next] = await collection.find({ channelId: { $gt: after } }, { sort: { channelId: 1 }, limit: 1 });
    const channelId = next?.channelId;
    if (typeof channelId !== 'string') return channels;
    channels.push(channelId);
    after = channelId;
  }
}
