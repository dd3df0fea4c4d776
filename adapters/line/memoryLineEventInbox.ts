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
} from './lineEventInbox';

interface MemoryRecord {
  readonly accountId: string;
  readonly destination: string;
  readonly json: string | undefined;
  readonly receivedAt: number;
  readonly position: number;
  readonly conversation: string;
  state: 'pending' | 'done' | 'dead';
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  undelivered?: UndeliveredMessages;
}

/**
 * An in-memory {@link LineEventInbox} for a single process (adapter-only use and tests): deduplicates redeliveries
 * within the process's life, remembering the most recent `capacity` events. Nothing survives a restart; the
 * store-backed inbox replaces it when a store is configured.
 */
export class MemoryLineEventInbox implements LineEventInbox {
  private readonly records = new Map<string, MemoryRecord>();
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();

  constructor(
    private readonly capacity = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async admit(events: readonly InboxEvent[]): Promise<InboxAdmission> {
    const admitted: InboxEvent[] = [];
    let poisoned = 0;
    for (const [position, item] of events.entries()) {
      const key = keyOf(item.accountId, item.event.webhookEventId);
      if (this.records.has(key)) continue;
      const serialised = serialiseInboxEvent(item.event);
      const base = { accountId: item.accountId, destination: item.destination, receivedAt: item.receivedAt, position, conversation: inboxConversationOf(item.accountId, item.event), attempts: 0, nextAttemptAt: item.receivedAt };
      if ('error' in serialised) {
        this.records.set(key, { ...base, json: undefined, state: 'dead', lastError: serialised.error });
        poisoned += 1;
        continue;
      }
      this.records.set(key, { ...base, json: serialised.json, state: 'pending' });
      admitted.push(item);
    }
    this.evictOldest();
    return { admitted, poisoned };
  }

  async claim(conversation: string, owner: string, leaseMs: number): Promise<boolean> {
    const lease = this.leases.get(conversation);
    if (lease && lease.owner !== owner && lease.expiresAt > this.now()) return false;
    this.leases.set(conversation, { owner, expiresAt: this.now() + leaseMs });
    return true;
  }

  async renew(conversation: string, owner: string, leaseMs: number): Promise<boolean> {
    const lease = this.leases.get(conversation);
    if (lease?.owner !== owner) return false;
    lease.expiresAt = this.now() + leaseMs;
    return true;
  }

  async release(conversation: string, owner: string): Promise<void> {
    if (this.leases.get(conversation)?.owner === owner) this.leases.delete(conversation);
  }

  async pending(conversation: string): Promise<PendingInboxEvent[]> {
    const found: PendingInboxEvent[] = [];
    const records = [...this.records.values()].filter((record) => record.state === 'pending' && record.conversation === conversation);
    records.sort((a, b) => a.receivedAt - b.receivedAt || a.position - b.position);
    for (const record of records) {
      const parsed = parseInboxEvent(record.json ?? '');
      if ('error' in parsed) {
        record.state = 'dead';
        record.lastError = parsed.error;
        continue;
      }
      found.push({
        accountId: record.accountId,
        destination: record.destination,
        event: parsed.event,
        receivedAt: record.receivedAt,
        conversation,
        attempts: record.attempts,
        nextAttemptAt: record.nextAttemptAt,
        ...(record.undelivered ? { undelivered: record.undelivered } : {}),
      });
    }
    return found;
  }

  async settle(event: PendingInboxEvent, settlement: InboxSettlement): Promise<boolean> {
    const record = this.records.get(keyOf(event.accountId, event.event.webhookEventId));
    if (!record || record.state !== 'pending' || record.attempts !== event.attempts) return false;
    record.state = settlement.state;
    if (settlement.state === 'done') {
      delete record.undelivered;
      return true;
    }
    record.lastError = settlement.error;
    if (settlement.undelivered) record.undelivered = settlement.undelivered;
    record.attempts += 1;
    if (settlement.state === 'pending') {
      record.nextAttemptAt = settlement.nextAttemptAt;
    }
    return true;
  }

  async defer(conversation: string, until: number): Promise<void> {
    for (const record of this.records.values()) {
      if (record.state === 'pending' && record.conversation === conversation && record.nextAttemptAt < until) record.nextAttemptAt = until;
    }
  }

  async dueConversations(now: number, limit: number): Promise<string[]> {
    const due = new Set<string>();
    for (const record of this.records.values()) {
      if (due.size >= limit) break;
      if (record.state !== 'pending' || record.nextAttemptAt > now) continue;
      const lease = this.leases.get(record.conversation);
      if (lease && lease.expiresAt > now) continue;
      due.add(record.conversation);
    }
    return [...due];
  }

  /** Events per state, for tests and diagnostics. */
  counts(): Record<'pending' | 'done' | 'dead', number> {
    const counts = { pending: 0, done: 0, dead: 0 };
    for (const record of this.records.values()) counts[record.state] += 1;
    return counts;
  }

  private evictOldest(): void {
    // Maps iterate in insertion order, so the first keys are the oldest; pending work is never forgotten.
    for (const [key, record] of this.records) {
      if (this.records.size <= this.capacity) break;
      if (record.state !== 'pending') this.records.delete(key);
    }
  }
}

function keyOf(accountId: string, webhookEventId: string): string {
  return `${accountId}\u0000${webhookEventId}`;
}
