import type { webhook } from '@line/bot-sdk';

/** A webhook event the inbox has taken, with when it arrived. */
export interface InboxEvent {
  readonly accountId: string;
  /** The webhook body's `destination` (the bot's user id). */
  readonly destination: string;
  readonly event: webhook.Event;
  /** Epoch ms at which our server received it. */
  readonly receivedAt: number;
}

/**
 * Where webhook events are recorded before the webhook answers 200, so that none is
 * acknowledged and then lost, and a redelivery (same `webhookEventId`) is recognised.
 */
export interface LineEventInbox {
  /**
   * Records the events and returns those not seen before, in the given order.
   * Must throw when the events cannot be recorded; the webhook then answers 503 and LINE redelivers.
   */
  admit(events: readonly InboxEvent[]): Promise<InboxEvent[]>;
  /** Marks an event handled; it will not be handed out again. */
  markProcessed(accountId: string, webhookEventId: string): Promise<void>;
  /** Events admitted but not yet processed (e.g. after a crash), oldest first. */
  unprocessed(): Promise<InboxEvent[]>;
}

/**
 * An in-memory inbox: deduplicates redeliveries within the process's life, remembering the
 * most recent `capacity` event ids. Nothing survives a restart; a persistent inbox replaces it
 * when a store is configured.
 */
export class MemoryLineEventInbox implements LineEventInbox {
  private readonly seen = new Map<string, boolean>();

  constructor(private readonly capacity = 100_000) {}

  async admit(events: readonly InboxEvent[]): Promise<InboxEvent[]> {
    const admitted: InboxEvent[] = [];
    for (const item of events) {
      const key = keyOf(item.accountId, item.event.webhookEventId);
      if (this.seen.has(key)) continue;
      this.seen.set(key, false);
      admitted.push(item);
    }
    this.evictOldest();
    return admitted;
  }

  async markProcessed(accountId: string, webhookEventId: string): Promise<void> {
    const key = keyOf(accountId, webhookEventId);
    if (this.seen.has(key)) this.seen.set(key, true);
  }

  async unprocessed(): Promise<InboxEvent[]> {
    return [];
  }

  private evictOldest(): void {
    // Maps iterate in insertion order, so the first keys are the oldest.
    for (const key of this.seen.keys()) {
      if (this.seen.size <= this.capacity) break;
      this.seen.delete(key);
    }
  }
}

function keyOf(accountId: string, webhookEventId: string): string {
  return `${accountId}\u0000${webhookEventId}`;
}
