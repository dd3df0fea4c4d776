import {
  inboxConversationOf,
  parseInboxEvent,
  serialiseInboxEvent,
  type InboxAdmission,
  type InboxEvent,
  type InboxSettlement,
  type LineEventInbox,
  type PendingInboxEvent,
  type UndeliveredMessages,
} from '../../adapters/line/lineEventInbox.js';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../storage/engine/documentStore.js';

/** The states of an inbox event. */
export type InboxEventState = 'pending' | 'done' | 'dead';

/**
 * One admitted webhook event. The event is a JSON string: the store keeps it exactly as LINE sent it (empty for a
 * poison event that could not be serialised).
 */
export type InboxDocument = {
  _id: string;
  accountId: string;
  webhookEventId: string;
  destination: string;
  event: string;
  receivedAt: Date;
  /** The event's place in its webhook body, to keep the events of one delivery in order. */
  position: number;
  /** The lease key that orders it: the LINE conversation id (see `inboxConversationOf`). */
  conversation: string;
  state: InboxEventState;
  /** Failed runs so far. */
  attempts: number;
  /** Pending only: not to be run before. */
  nextAttemptAt?: Date;
  lastError?: string;
  /** When it last changed state (dead letters: when it died). */
  updatedAt: Date;
  /** Messages whose delivery failed after the turn ran: `{ chatId, batches: [{ retryKey, messages (JSON) }] }`. */
  undelivered?: { chatId: string; batches: { retryKey: string; messages: string }[] };
  processedAt?: Date;
  /** Written by earlier versions only (a fixed week after arrival); no longer read. */
  expiresAt?: Date;
};

/** A conversation's lease: who may process its events until when. */
type LeaseDocument = { _id: string; owner: string; expiresAt: Date };

/** A dead letter as operators see it. */
export interface DeadInboxEvent {
  readonly accountId: string;
  readonly webhookEventId: string;
  readonly conversation: string;
  readonly eventType: string | undefined;
  readonly attempts: number;
  readonly lastError: string | undefined;
  readonly receivedAt: Date;
  readonly diedAt: Date;
  /** Messages still waiting to be delivered, when the turn ran but delivery failed. */
  readonly undeliveredMessages: number;
}

/**
 * The persistent LINE work queue on a {@link DocumentStore} (collections `lineInbox` and `lineInboxLeases`): events are
 * recorded before the webhook answers 200, redeliveries are recognised while the event is kept, and every server
 * instance on the store takes conversations' leases to process their events — see {@link LineEventInbox}. Operators
 * list and retry dead letters through it.
 *
 * How long events are kept is the retention sweep's decision (`LINE_INBOX_RETENTION_DAYS`, judged when it runs, see
 * `retentionSweep.ts`): it deletes done and dead events by the time of their last change, never a pending one. No
 * expiry is stamped on an event and the collection has no TTL index: a date fixed at arrival could not follow a
 * changed setting, and a TTL index would delete an event still pending. Events written by earlier versions carry a
 * stamped week in `expiresAt`, which nothing reads any more; the sweep ages them as any other.
 *
 * @example
 * const inbox = await LineEventInboxRepository.open(store);
 * const adapter = new LineAdapter({ ...options, inbox });
 */
export class LineEventInboxRepository implements LineEventInbox {
  private constructor(
    private readonly events: DocumentCollection<InboxDocument>,
    private readonly leases: DocumentCollection<LeaseDocument>,
    private readonly now: () => number,
  ) {}

  /** Opens the collections, and brings events recorded by earlier versions (without a state) into the queue. */
  static async open(store: DocumentStore, options: { readonly now?: () => number } = {}): Promise<LineEventInboxRepository> {
    const events = await store.collection<InboxDocument>('lineInbox', [
      // The retention sweep's: done and dead events by their last change (no TTL index, see above).
      { keys: { state: 1, updatedAt: 1 } },
      // Every write maintains each index, and an event is written three times: only what the queue's queries need.
      { keys: { state: 1, nextAttemptAt: 1 } },
      // A conversation's pending events in webhook order, read from the index: no sort on MongoDB.
      { keys: { conversation: 1, state: 1, receivedAt: 1, position: 1, _id: 1 } },
    ]);
    // No index beyond `_id`: a lease is deleted when released, and the few a crashed instance leaves are taken over.
    const leases = await store.collection<LeaseDocument>('lineInboxLeases');
    const repository = new LineEventInboxRepository(events, leases, options.now ?? Date.now);
    await repository.migrateStateless();
    return repository;
  }

  async admit(events: readonly InboxEvent[]): Promise<InboxAdmission> {
    const fresh = new Map<string, InboxEvent>();
    for (const item of events) {
      const id = keyOf(item.accountId, item.event.webhookEventId);
      if (!fresh.has(id)) fresh.set(id, item);
    }
    if (fresh.size === 0) return { admitted: [], poisoned: 0 };
    const poisonIds = new Set<string>();
    const documents = [...fresh].map(([id, item], position): InboxDocument => {
      const serialised = serialiseInboxEvent(item.event);
      const receivedAt = new Date(item.receivedAt);
      const base = {
        _id: id,
        accountId: item.accountId,
        webhookEventId: String(item.event.webhookEventId),
        destination: item.destination,
        receivedAt,
        position,
        conversation: safeConversationOf(item),
        attempts: 0,
        updatedAt: receivedAt,
      };
      if ('error' in serialised) {
        poisonIds.add(id);
        return { ...base, event: '', state: 'dead', lastError: serialised.error };
      }
      return { ...base, event: serialised.json, state: 'pending', nextAttemptAt: receivedAt };
    });
    // The webhook answers on this write: it must not wait behind the turns' group commit.
    const duplicates = new Set(await this.events.insertManyIgnoringDuplicates(documents, { promptly: true }));
    const admitted = [...fresh].filter(([id]) => !duplicates.has(id) && !poisonIds.has(id)).map(([, item]) => item);
    return { admitted, poisoned: [...poisonIds].filter((id) => !duplicates.has(id)).length };
  }

  async claim(conversation: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    // Leases are deleted when released, so a free conversation usually has none: try that first.
    try {
      await this.leases.insertOne({ _id: conversation, owner, expiresAt: new Date(now + leaseMs) });
      return true;
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    // There is a lease: it is ours to take only if it is ours already or expired.
    const taken = await this.leases.findOneAndUpdate(
      { _id: conversation, $or: [{ owner }, { expiresAt: { $lte: new Date(now) } }] },
      { $set: { owner, expiresAt: new Date(now + leaseMs) } },
    );
    return taken !== undefined;
  }

  async renew(conversation: string, owner: string, leaseMs: number): Promise<boolean> {
    const result = await this.leases.updateOne({ _id: conversation, owner }, { $set: { expiresAt: new Date(this.now() + leaseMs) } });
    return result.matchedCount > 0;
  }

  async release(conversation: string, owner: string): Promise<void> {
    await this.leases.deleteOne({ _id: conversation, owner });
  }

  async pending(conversation: string): Promise<PendingInboxEvent[]> {
    const documents = await this.events.find({ conversation, state: 'pending' }, { sort: { receivedAt: 1, position: 1, _id: 1 } });
    const found: PendingInboxEvent[] = [];
    for (const document of documents) {
      const parsed = parseInboxEvent(document.event);
      if ('error' in parsed) {
        await this.events.updateOne({ _id: document._id, state: 'pending' }, { $set: { state: 'dead', lastError: parsed.error, updatedAt: new Date(this.now()) }, $unset: { nextAttemptAt: true } });
        continue;
      }
      found.push({
        accountId: document.accountId,
        destination: document.destination,
        event: parsed.event,
        receivedAt: document.receivedAt.getTime(),
        conversation,
        attempts: document.attempts,
        nextAttemptAt: (document.nextAttemptAt ?? document.receivedAt).getTime(),
        ...(document.undelivered ? { undelivered: fromStoredUndelivered(document.undelivered) } : {}),
      });
    }
    return found;
  }

  async settle(event: PendingInboxEvent, settlement: InboxSettlement): Promise<boolean> {
    const now = new Date(this.now());
    const filter = { _id: keyOf(event.accountId, event.event.webhookEventId), state: 'pending', attempts: event.attempts };
    if (settlement.state === 'done') {
      const result = await this.events.updateOne(filter, { $set: { state: 'done', processedAt: now, updatedAt: now }, $unset: { nextAttemptAt: true, undelivered: true } });
      return result.matchedCount > 0;
    }
    const set: Record<string, unknown> = { state: settlement.state, lastError: settlement.error.slice(0, 2000), updatedAt: now };
    if (settlement.undelivered) set.undelivered = toStoredUndelivered(settlement.undelivered);
    set.attempts = event.attempts + 1;
    if (settlement.state === 'pending') {
      set.nextAttemptAt = new Date(settlement.nextAttemptAt);
      return (await this.events.updateOne(filter, { $set: set })).matchedCount > 0;
    }
    return (await this.events.updateOne(filter, { $set: set, $unset: { nextAttemptAt: true } })).matchedCount > 0;
  }

  async defer(conversation: string, until: number): Promise<void> {
    await this.events.updateMany({ conversation, state: 'pending', nextAttemptAt: { $lt: new Date(until) } }, { $set: { nextAttemptAt: new Date(until) } });
  }

  async dueConversations(now: number, limit: number): Promise<string[]> {
    const due = await this.events.find({ state: 'pending', nextAttemptAt: { $lte: new Date(now) } }, { sort: { nextAttemptAt: 1 }, limit: limit * 4 });
    const conversations = [...new Set(due.map((document) => document.conversation))];
    if (conversations.length === 0) return [];
    const held = await this.leases.find({ _id: { $in: conversations }, expiresAt: { $gt: new Date(now) } });
    const heldIds = new Set(held.map((lease) => lease._id));
    return conversations.filter((conversation) => !heldIds.has(conversation)).slice(0, limit);
  }

  /**
   * Deletes every event of these conversations, whatever its state, and their leases — a customer's privacy request:
   * the events hold what they wrote. An event deleted while a turn runs it is simply not marked done afterwards.
   *
   * @example await inbox.purgeConversations(['default:user:U4af…']);
   */
  async purgeConversations(conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    const deleted = await this.events.deleteMany({ conversation: { $in: [...conversationIds] } });
    await this.leases.deleteMany({ _id: { $in: [...conversationIds] } });
    return deleted;
  }

  /** Dead letters, the most recent first. */
  async deadLetters(options: { readonly accountId?: string; readonly limit?: number } = {}): Promise<DeadInboxEvent[]> {
    // Dead letters are few: sorted here rather than by an index every write would have to maintain.
    const dead = await this.events.find({ state: 'dead', ...(options.accountId ? { accountId: options.accountId } : {}) });
    const documents = dead.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()).slice(0, options.limit ?? 100);
    return documents.map((document) => {
      const parsed = parseInboxEvent(document.event);
      return {
        accountId: document.accountId,
        webhookEventId: document.webhookEventId,
        conversation: document.conversation,
        eventType: 'event' in parsed ? parsed.event.type : undefined,
        attempts: document.attempts,
        lastError: document.lastError,
        receivedAt: document.receivedAt,
        diedAt: document.updatedAt,
        undeliveredMessages: document.undelivered ? fromStoredUndelivered(document.undelivered).batches.reduce((sum, batch) => sum + batch.messages.length, 0) : 0,
      };
    });
  }

  /** Events per state (of those the inbox still keeps). */
  async counts(): Promise<Record<InboxEventState, number>> {
    const [pending, done, dead] = await Promise.all((['pending', 'done', 'dead'] as const).map((state) => this.events.countDocuments({ state })));
    return { pending: pending ?? 0, done: done ?? 0, dead: dead ?? 0 };
  }

  /** Puts a dead letter back in the queue with its attempts reset; `false` when there is no such dead event. */
  async retryDead(accountId: string, webhookEventId: string): Promise<boolean> {
    const now = new Date(this.now());
    const result = await this.events.updateOne({ _id: keyOf(accountId, webhookEventId), state: 'dead' }, { $set: { state: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now } });
    return result.matchedCount > 0;
  }

  private async migrateStateless(): Promise<void> {
    const now = new Date(this.now());
    await this.events.updateMany({ state: { $exists: false }, processedAt: { $exists: true } }, { $set: { state: 'done', attempts: 0, updatedAt: now } });
    for (const document of await this.events.find({ state: { $exists: false } })) {
      const parsed = parseInboxEvent(document.event);
      const conversation = 'event' in parsed ? inboxConversationOf(document.accountId, parsed.event) : `${document.accountId}:event:${document.webhookEventId}`;
      await this.events.updateOne({ _id: document._id, state: { $exists: false } }, { $set: { state: 'pending', attempts: 0, nextAttemptAt: document.receivedAt, conversation, updatedAt: now } });
    }
  }
}

function keyOf(accountId: string, webhookEventId: string): string {
  return `${accountId}|${webhookEventId}`;
}

function safeConversationOf(item: InboxEvent): string {
  try {
    return inboxConversationOf(item.accountId, item.event);
  } catch {
    return `${item.accountId}:event:${String(item.event.webhookEventId)}`;
  }
}

function toStoredUndelivered(undelivered: UndeliveredMessages): NonNullable<InboxDocument['undelivered']> {
  return { chatId: undelivered.chatId, batches: undelivered.batches.map((batch) => ({ retryKey: batch.retryKey, messages: JSON.stringify(batch.messages) })) };
}

function fromStoredUndelivered(stored: NonNullable<InboxDocument['undelivered']>): UndeliveredMessages {
  return { chatId: stored.chatId, batches: stored.batches.map((batch) => ({ retryKey: batch.retryKey, messages: JSON.parse(batch.messages) as UndeliveredMessages['batches'][number]['messages'] })) };
}
