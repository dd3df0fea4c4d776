import type { webhook } from '@line/bot-sdk';
import type { InboxEvent, LineEventInbox } from '../../adapters/line/lineEventInbox.js';
import type { DocumentCollection, DocumentStore } from './engine/documentStore.js';

/** How long an event's id is remembered: LINE's redeliveries come well within a week. */
const DEDUPE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** One admitted webhook event. The event is a JSON string: the store keeps it exactly as LINE sent it. */
type InboxDocument = {
  _id: string;
  accountId: string;
  webhookEventId: string;
  destination: string;
  event: string;
  receivedAt: Date;
  /** The event's place in its webhook body, to keep the events of one delivery in order. */
  position: number;
  processedAt?: Date;
  expiresAt: Date;
};

/**
 * The persistent LINE webhook inbox on a {@link DocumentStore}: an event is recorded before the webhook answers 200,
 * a redelivery (same account and `webhookEventId`) within a week is recognised and not handed out again, and events
 * admitted but never processed (the process died) are found again after a restart.
 *
 * @example
 * const inbox = await LineEventInboxRepository.open(store);
 * const adapter = new LineAdapter({ ...options, inbox });
 */
export class LineEventInboxRepository implements LineEventInbox {
  private constructor(private readonly events: DocumentCollection<InboxDocument>) {}

  /** Opens the collection `lineInbox` of `store`, whose documents expire a week after they arrived. */
  static async open(store: DocumentStore): Promise<LineEventInboxRepository> {
    const events = await store.collection<InboxDocument>('lineInbox', [
      { keys: { expiresAt: 1 }, expireAfterSeconds: 0 },
      { keys: { receivedAt: 1 } },
    ]);
    return new LineEventInboxRepository(events);
  }

  /**
   * Records the events and returns those never admitted before, in the given order; an event repeated within
   * `events` is returned once.
   * @throws whatever the store throws: nothing may be acknowledged that was not recorded.
   */
  async admit(events: readonly InboxEvent[]): Promise<InboxEvent[]> {
    const fresh = new Map<string, InboxEvent>();
    for (const item of events) {
      const id = keyOf(item.accountId, item.event.webhookEventId);
      if (!fresh.has(id)) fresh.set(id, item);
    }
    if (fresh.size === 0) return [];
    const documents = [...fresh].map(([id, item], position): InboxDocument => ({
      _id: id,
      accountId: item.accountId,
      webhookEventId: item.event.webhookEventId,
      destination: item.destination,
      event: JSON.stringify(item.event),
      receivedAt: new Date(item.receivedAt),
      position,
      expiresAt: new Date(item.receivedAt + DEDUPE_WINDOW_MS),
    }));
    const duplicates = new Set(await this.events.insertManyIgnoringDuplicates(documents));
    return [...fresh].filter(([id]) => !duplicates.has(id)).map(([, item]) => item);
  }

  /** Marks an event handled, keeping the time it was first marked; an unknown event is ignored. */
  async markProcessed(accountId: string, webhookEventId: string): Promise<void> {
    await this.events.updateOne({ _id: keyOf(accountId, webhookEventId), processedAt: { $exists: false } }, { $set: { processedAt: new Date() } });
  }

  /** Events admitted (within the dedupe window) but not yet processed, oldest first. */
  async unprocessed(): Promise<InboxEvent[]> {
    const documents = await this.events.find({ processedAt: { $exists: false } }, { sort: { receivedAt: 1, position: 1, _id: 1 } });
    return documents.map((document) => ({
      accountId: document.accountId,
      destination: document.destination,
      event: JSON.parse(document.event) as webhook.Event,
      receivedAt: document.receivedAt.getTime(),
    }));
  }
}

function keyOf(accountId: string, webhookEventId: string): string {
  return `${accountId}|${webhookEventId}`;
}
