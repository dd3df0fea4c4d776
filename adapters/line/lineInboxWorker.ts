import { randomUUID } from 'node:crypto';
import type { KeyedSerialQueue } from '../../shared/keyedSerialQueue';
import { backoffDelayMs } from '../../shared/retry';
import type { LineAdapterLogger } from './lineAdapterLogger';
import type { InboxSettlement, LineEventInbox, PendingInboxEvent, UndeliveredMessages } from './lineEventInbox';

/** How one run of an inbox event ended, as the adapter reports it. */
export type InboxRunOutcome =
  | { readonly kind: 'done' }
  | {
      readonly kind: 'failed';
      readonly error: string;
      /** `false` when repeating cannot help (e.g. LINE refused the message as invalid): the event dies at once. */
      readonly retryable: boolean;
      readonly undelivered?: UndeliveredMessages;
    };

/** What the adapter does with one event, and what follows once its outcome is recorded. */
export interface InboxRun {
  readonly outcome: InboxRunOutcome;
  /** Awaited after the outcome is recorded, before the conversation's next event (e.g. transcript writes). */
  readonly afterSettled?: () => Promise<void>;
}

/** Timing of the work queue. */
export interface LineInboxWorkerSettings {
  /** How long a lease lasts unless renewed (renewed every third of it while a conversation runs). */
  readonly leaseMs: number;
  /** How often due work is looked for (events of dead instances, retries). */
  readonly pollIntervalMs: number;
  /** Runs of an event before it is dead. */
  readonly maxAttempts: number;
  /** Longest delay before the first retry (the delay is random below it: full jitter); doubles per attempt. */
  readonly retryBaseMs: number;
  /** Upper bound of one retry delay. */
  readonly retryMaxMs: number;
}

/** Defaults: 15 s leases, a poll a second, 8 runs spread over about half an hour. */
export const DEFAULT_INBOX_WORKER_SETTINGS: LineInboxWorkerSettings = Object.freeze({ leaseMs: 15_000, pollIntervalMs: 1_000, maxAttempts: 8, retryBaseMs: 15_000, retryMaxMs: 15 * 60_000 });

/** What {@link LineInboxWorker} needs. */
export interface LineInboxWorkerOptions {
  readonly inbox: LineEventInbox;
  /** The local executor: serial per conversation, bounded across conversations. */
  readonly queue: KeyedSerialQueue;
  /** Handles one event; a throw counts as a retryable failure. */
  readonly run: (event: PendingInboxEvent) => Promise<InboxRun>;
  readonly logger: LineAdapterLogger;
  readonly settings?: Partial<LineInboxWorkerSettings>;
  /** When set, conversations are handed to it instead of run here (an ingest-only process); no poll runs then. */
  readonly handOff?: (conversation: string) => void;
  /** Conversations the poll hands to the local queue at most at once. */
  readonly pollLimit?: number;
  readonly now?: () => number;
}

/**
 * Runs the inbox's events conversation by conversation under the conversation's lease, so that however many server
 * instances share the store, one runs a conversation at a time and in webhook order; the others take over the
 * conversations of an instance that died once its leases expire. Failed runs are retried with exponential backoff and
 * jitter until `maxAttempts`, then the event is dead.
 */
export class LineInboxWorker {
  /** This process's identity in leases. */
  readonly owner = randomUUID();
  private readonly settings: LineInboxWorkerSettings;
  private readonly now: () => number;
  private readonly draining = new Map<string, { again: boolean }>();
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly options: LineInboxWorkerOptions) {
    this.settings = { ...DEFAULT_INBOX_WORKER_SETTINGS, ...options.settings };
    this.now = options.now ?? Date.now;
  }

  /** Runs of an event before it is dead. */
  get maxAttempts(): number {
    return this.settings.maxAttempts;
  }

  /** Starts looking for due work periodically (and once now). */
  start(): void {
    if (this.pollTimer || this.options.handOff) return;
    this.pollTimer = setInterval(() => void this.poll(), this.settings.pollIntervalMs);
    this.pollTimer.unref();
    void this.poll();
  }

  /** Stops looking for due work; conversations already running finish. */
  stop(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  /** Runs the conversation's pending events here if its lease can be had (at once after admitting). */
  request(conversation: string): void {
    if (this.options.handOff) return this.options.handOff(conversation);
    const running = this.draining.get(conversation);
    if (running) {
      // The running drain reads the pending events again before it lets go.
      running.again = true;
      return;
    }
    const flag = { again: false };
    this.draining.set(conversation, flag);
    void this.options.queue.run(conversation, () => this.drain(conversation, flag));
  }

  /**
   * Runs `task` (a proactive turn) while holding the conversation's lease, so it never overlaps a turn of the same
   * conversation on another instance; waits for the lease up to twice its duration. Events that arrived meanwhile run
   * afterwards.
   * @throws when the lease could not be had in time.
   */
  async withLease<T>(conversation: string, task: () => Promise<T>): Promise<T> {
    const inbox = this.options.inbox;
    const deadline = this.now() + 2 * this.settings.leaseMs;
    while (!(await inbox.claim(conversation, this.owner, this.settings.leaseMs))) {
      if (this.now() > deadline) throw new Error(`conversation ${conversation} is busy on another instance`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, this.settings.pollIntervalMs)));
    }
    const renewal = setInterval(() => {
      inbox.renew(conversation, this.owner, this.settings.leaseMs).catch((error: unknown) => this.options.logger.warn({ conversation, err: error }, 'could not renew a LINE conversation lease'));
    }, Math.max(1, Math.floor(this.settings.leaseMs / 3)));
    renewal.unref();
    try {
      return await task();
    } finally {
      clearInterval(renewal);
      await inbox.release(conversation, this.owner).catch((error: unknown) => this.options.logger.warn({ conversation, err: error }, 'could not release a LINE conversation lease; it expires'));
      // Whoever admitted an event meanwhile could not claim the lease: its event is ours to start.
      this.request(conversation);
    }
  }

  /** Looks for conversations with due events and no live lease, and runs them here. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const limit = this.options.pollLimit ?? 64;
      // A busy process leaves due work to less busy instances.
      if (this.options.queue.size >= limit) return;
      const due = await this.options.inbox.dueConversations(this.now(), limit);
      for (const conversation of due) if (!this.draining.has(conversation)) this.request(conversation);
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not look for due LINE events; trying again at the next poll');
    } finally {
      this.polling = false;
    }
  }

  private async drain(conversation: string, flag: { again: boolean }): Promise<void> {
    const inbox = this.options.inbox;
    try {
      for (;;) {
        flag.again = false;
        // Another instance holds it: it reads the pending events again before letting go, ours included.
        if (!(await inbox.claim(conversation, this.owner, this.settings.leaseMs))) return;
        try {
          await this.runHeld(conversation, flag);
        } finally {
          await inbox.release(conversation, this.owner).catch((error: unknown) => this.options.logger.warn({ conversation, err: error }, 'could not release a LINE conversation lease; it expires'));
        }
        // An event another instance admitted while we held the lease: it could not claim, so it is ours to run.
        const pending = await inbox.pending(conversation);
        const now = this.now();
        if (!flag.again && !pending.some((event) => event.nextAttemptAt <= now)) return;
      }
    } catch (error) {
      this.options.logger.error({ conversation, err: error }, 'LINE conversation stopped on a store error; its events wait for the next poll');
    } finally {
      this.draining.delete(conversation);
    }
  }

  private async runHeld(conversation: string, flag: { again: boolean }): Promise<void> {
    const inbox = this.options.inbox;
    let lost = false;
    const renewal = setInterval(() => {
      inbox.renew(conversation, this.owner, this.settings.leaseMs).then(
        (held) => {
          if (!held) lost = true;
        },
        (error: unknown) => this.options.logger.warn({ conversation, err: error }, 'could not renew a LINE conversation lease'),
      );
    }, Math.max(1, Math.floor(this.settings.leaseMs / 3)));
    renewal.unref();
    try {
      for (;;) {
        // Whatever was admitted before this read is in it; a request after it sets the flag again.
        flag.again = false;
        const pending = await inbox.pending(conversation);
        if (pending.length === 0) return;
        for (const event of pending) {
          if (lost) {
            this.options.logger.warn({ conversation }, 'lost a LINE conversation lease while running it; leaving the rest to its new holder');
            return;
          }
          if (event.nextAttemptAt > this.now()) {
            // Later events wait behind it, so the conversation keeps its order.
            await inbox.defer(conversation, event.nextAttemptAt);
            return;
          }
          const settlement = await this.runOne(event);
          if (settlement.state === 'pending') {
            await inbox.defer(conversation, settlement.nextAttemptAt);
            return;
          }
        }
        // Events admitted here meanwhile are read again at once; those admitted elsewhere, after the release (see drain).
        if (!flag.again) return;
      }
    } finally {
      clearInterval(renewal);
    }
  }

  private async runOne(event: PendingInboxEvent): Promise<InboxSettlement> {
    let run: InboxRun;
    try {
      run = await this.options.run(event);
    } catch (error) {
      run = { outcome: { kind: 'failed', error: error instanceof Error ? error.message : String(error), retryable: true } };
    }
    const settlement = this.settlementOf(event, run.outcome);
    const log = { accountId: event.accountId, webhookEventId: event.event.webhookEventId, conversation: event.conversation, attempts: event.attempts + 1 };
    if (settlement.state === 'pending') this.options.logger.warn({ ...log, err: settlement.error, retryAt: new Date(settlement.nextAttemptAt).toISOString() }, 'LINE event failed; it will be retried');
    if (settlement.state === 'dead') this.options.logger.error({ ...log, err: settlement.error }, 'LINE event failed for good; it is a dead letter now');
    if (!(await this.options.inbox.settle(event, settlement))) this.options.logger.warn(log, 'LINE event was settled by another run meanwhile');
    await run.afterSettled?.().catch((error: unknown) => this.options.logger.error({ ...log, err: error }, 'work after a LINE event failed'));
    return settlement;
  }

  private settlementOf(event: PendingInboxEvent, outcome: InboxRunOutcome): InboxSettlement {
    if (outcome.kind === 'done') return { state: 'done' };
    const attempts = event.attempts + 1;
    const undelivered = outcome.undelivered ? { undelivered: outcome.undelivered } : {};
    if (!outcome.retryable || attempts >= this.settings.maxAttempts) return { state: 'dead', error: outcome.error, ...undelivered };
    // Jitter keeps the conversations of one outage from retrying in lockstep.
    const delayMs = backoffDelayMs(attempts, { baseDelayMs: this.settings.retryBaseMs, maxDelayMs: this.settings.retryMaxMs });
    return { state: 'pending', error: outcome.error, nextAttemptAt: this.now() + delayMs, ...undelivered };
  }
}
