import type { InboxAdmission, InboxEvent, InboxSettlement, LineEventInbox, PendingInboxEvent } from '../../adapters/line/lineEventInbox';

/** Counts of what became of LINE events. */
export type LineEventOutcome = 'accepted' | 'duplicate' | 'retried' | 'dead_lettered';

/**
 * The LINE work queue with its outcomes counted: events admitted new or as duplicates, runs left to a retry, events
 * given up (dead letters, poison events included). Every call goes to `inbox` unchanged.
 *
 * @example new LineAdapter({ accounts, inbox: new MeteredLineEventInbox(inbox, (outcome, n) => counter.inc({ outcome }, n)) });
 */
export class MeteredLineEventInbox implements LineEventInbox {
  constructor(
    private readonly inbox: LineEventInbox,
    private readonly count: (outcome: LineEventOutcome, amount: number) => void,
  ) {}

  /** Records the events (see {@link LineEventInbox.admit}) and counts them. */
  async admit(events: readonly InboxEvent[]): Promise<InboxAdmission> {
    const admission = await this.inbox.admit(events);
    this.count('accepted', admission.admitted.length);
    this.count('duplicate', events.length - admission.admitted.length - admission.poisoned);
    this.count('dead_lettered', admission.poisoned);
    return admission;
  }

  /** Records a run's end (see {@link LineEventInbox.settle}); counts retries and dead letters it recorded. */
  async settle(event: PendingInboxEvent, settlement: InboxSettlement): Promise<boolean> {
    const recorded = await this.inbox.settle(event, settlement);
    if (recorded && settlement.state === 'pending') this.count('retried', 1);
    if (recorded && settlement.state === 'dead') this.count('dead_lettered', 1);
    return recorded;
  }

  /** See {@link LineEventInbox.claim}. */
  claim(conversation: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.inbox.claim(conversation, owner, leaseMs);
  }

  /** See {@link LineEventInbox.renew}. */
  renew(conversation: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.inbox.renew(conversation, owner, leaseMs);
  }

  /** See {@link LineEventInbox.release}. */
  release(conversation: string, owner: string): Promise<void> {
    return this.inbox.release(conversation, owner);
  }

  /** See {@link LineEventInbox.pending}. */
  pending(conversation: string): Promise<PendingInboxEvent[]> {
    return this.inbox.pending(conversation);
  }

  /** See {@link LineEventInbox.defer}. */
  defer(conversation: string, until: number): Promise<void> {
    return this.inbox.defer(conversation, until);
  }

  /** See {@link LineEventInbox.dueConversations}. */
  dueConversations(now: number, limit: number): Promise<string[]> {
    return this.inbox.dueConversations(now, limit);
  }
}
