import { ActivityEventNames, ActivityTypes, TurnContext, type Activity, type ConversationReference, type Middleware, type TranscriptLogger } from 'botbuilder';
import type { Logger } from 'pino';
import { KeyedSerialQueue } from '../../shared/keyedSerialQueue.js';
import { retry } from '../../shared/retry.js';
import { CONTINUE_CONVERSATION_EVENT } from '../../adapters/line/lineAdapter.js';

/** Options of {@link TranscriptLoggingMiddleware}. */
export interface TranscriptLoggingMiddlewareOptions {
  /** Where failed writes (after the last attempt) are reported, and retries noted. */
  readonly logger: Logger;
  /** Attempts per activity before it is reported as lost; 5 by default. */
  readonly maxAttempts?: number;
  /** Longest wait before the first retry (the wait is random up to it), doubled for each further one; 100 ms by default. */
  readonly initialBackoffMs?: number;
  /** Longest wait before any retry; 5 s by default. */
  readonly maxBackoffMs?: number;
  /** An attempt still unsettled after this long counts as failed (a hung store must not block the queue); 10 s by default. */
  readonly attemptTimeoutMs?: number;
  /**
   * Writes queued at most before a new turn waits for room (the store is slower than what comes in): a burst then
   * slows its senders instead of piling up in memory; 1,000 by default.
   */
  readonly maxPendingWrites?: number;
}

/** A transcript store that can also log several activities of one conversation in one go (fewer writes). */
export type BatchingTranscriptLogger = TranscriptLogger & { logActivities?(activities: Activity[]): Promise<void> };

/**
 * Logs every turn to a transcript store without slowing the turn: the incoming activity (copied before the bot runs)
 * and each activity the turn sends (as sent, with the id the adapter returned) — including the replies of a turn that
 * throws, such as an apology sent by the adapter's `onTurnError`. `typing` activities are not logged. A turn's
 * activities are written together when it ends (in one go when the store has `logActivities`); what is sent after
 * that (the apology) follows on its own.
 *
 * Writes are queued per conversation and run one after another, so a conversation's transcript keeps its order, while
 * the turn goes on without waiting. A failing write is retried with exponential backoff and jitter; one that still fails is
 * reported through the logger and counted in {@link failedWrites} — never dropped silently. While more than
 * `maxPendingWrites` writes are queued, a new turn waits before it runs, so a store slower than the traffic holds back
 * the traffic rather than letting queued writes grow without bound.
 *
 * @example
 * const transcripts = new TranscriptLoggingMiddleware(await TranscriptRepository.open(store), { logger });
 * adapter.use(transcripts);
 * // at shutdown
 * await transcripts.flush();
 */
export class TranscriptLoggingMiddleware implements Middleware {
  private readonly queue = new KeyedSerialQueue();
  private readonly logger: Logger;
  private readonly maxAttempts: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly maxPendingWrites: number;
  private waitingForRoom: (() => void)[] = [];
  private failed = 0;

  constructor(
    private readonly transcripts: BatchingTranscriptLogger,
    options: TranscriptLoggingMiddlewareOptions,
  ) {
    this.logger = options.logger;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.initialBackoffMs = options.initialBackoffMs ?? 100;
    this.maxBackoffMs = Math.max(this.initialBackoffMs, options.maxBackoffMs ?? 5_000);
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.maxPendingWrites = Math.max(1, options.maxPendingWrites ?? 1_000);
  }

  /** Activities that could not be logged after every attempt, since this middleware was created. */
  get failedWrites(): number {
    return this.failed;
  }

  /** Writes queued or running. */
  get pendingWrites(): number {
    return this.queue.size;
  }

  /** Queues the incoming activity, hooks the turn's sends, and runs the rest of the turn; its error goes through unchanged. */
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    while (this.queue.size >= this.maxPendingWrites) await new Promise<void>((resolve) => this.waitingForRoom.push(resolve));
    const incoming = context.activity;
    // Taken now: the context is revoked when the turn ends, and the replies are completed from this reference.
    const reference = TurnContext.getConversationReference(incoming);
    const turn: Partial<Activity>[] = [];
    let turnEnded = false;
    const log = (activity: Partial<Activity>): void => {
      if (activity.type === ActivityTypes.Typing) return;
      if (turnEnded) this.enqueue([activity]);
      else turn.push(activity);
    };
    // A proactive turn starts with the adapter's own event, which nobody sent: only what it sends belongs in the transcript.
    if (!isContinuation(incoming)) log(incomingCopy(incoming));
    context.onSendActivities(async (_context, activities, sendNext) => {
      const responses = await sendNext();
      activities.forEach((activity, index) => {
        log(outgoingCopy(activity, reference, responses?.[index]?.id));
      });
      return responses;
    });
    try {
      await next();
    } finally {
      turnEnded = true;
      if (turn.length > 0) this.enqueue(turn);
    }
  }

  /** Resolves when every write queued so far has been stored or reported as failed. */
  flush(): Promise<void> {
    return this.queue.onIdle();
  }

  /** Resolves when the writes queued so far for one conversation have been stored or reported as failed. */
  flushConversation(channelId: string, conversationId: string): Promise<void> {
    return this.queue.run(`${channelId}|${conversationId}`, async () => undefined);
  }

  /** Queues the activities (of one conversation) as one write when the store can take them together. */
  private enqueue(activities: Partial<Activity>[]): void {
    if (activities.length > 1 && !this.transcripts.logActivities) {
      for (const activity of activities) this.enqueue([activity]);
      return;
    }
    const channelId = activities[0]?.channelId ?? '';
    const conversationId = activities[0]?.conversation?.id ?? '';
    void this.queue
      .run(`${channelId}|${conversationId}`, () => this.write(activities as Activity[]))
      .finally(() => {
        // The queue counts the write as done only after this turn of the event loop.
        setImmediate(() => this.releaseWaitingTurns());
      });
  }

  private releaseWaitingTurns(): void {
    if (this.queue.size >= this.maxPendingWrites || this.waitingForRoom.length === 0) return;
    const waiting = this.waitingForRoom;
    this.waitingForRoom = [];
    // Each checks again: the first ones may fill the room.
    for (const resume of waiting) resume();
  }

  /** Never rejects: a write that cannot be done is reported here, as nothing awaits it. */
  private async write(activities: Activity[]): Promise<void> {
    const activity = activities[0]!;
    const batch = this.transcripts.logActivities;
    const where = (attempt: number) => ({ activityId: activity.id, channelId: activity.channelId, conversationId: activity.conversation?.id, attempt, activities: activities.length });
    let attempts = 0;
    try {
      await retry(
        async (attempt) => {
          attempts = attempt;
          const written = activities.length > 1 && batch ? batch.call(this.transcripts, activities) : this.transcripts.logActivity(activity);
          await withTimeout(Promise.resolve(written), this.attemptTimeoutMs);
        },
        { attempts: this.maxAttempts, baseDelayMs: this.initialBackoffMs, maxDelayMs: this.maxBackoffMs },
        { onRetry: (err, attempt, delayMs) => this.logger.warn({ ...where(attempt), err, delayMs }, 'transcript write failed; retrying') },
      );
    } catch (err) {
      this.failed += activities.length;
      this.logger.error({ ...where(attempts), err, activityType: activity.type }, activities.length > 1 ? 'transcript write failed; activities not logged' : 'transcript write failed; activity not logged');
    }
  }
}

/** A copy of the incoming activity (the turn may change the original) with the sender marked as the user. */
function isContinuation(activity: Activity): boolean {
  return activity.type === ActivityTypes.Event && (activity.name === ActivityEventNames.ContinueConversation || activity.name === CONTINUE_CONVERSATION_EVENT);
}

function incomingCopy(activity: Activity): Partial<Activity> {
  const copy = cloneActivity(activity);
  if (copy.from && !copy.from.role) copy.from.role = 'user';
  copy.timestamp ??= new Date();
  return copy;
}

/** A copy of a sent activity, completed from the turn's conversation: what the customer actually received. */
function outgoingCopy(activity: Partial<Activity>, reference: Partial<ConversationReference>, sentId: string | undefined): Partial<Activity> {
  const copy = cloneActivity(activity);
  copy.channelId ??= reference.channelId;
  copy.conversation ??= reference.conversation;
  copy.from ??= reference.bot;
  copy.recipient ??= reference.user;
  if (copy.from && !copy.from.role) copy.from = { ...copy.from, role: 'bot' };
  copy.timestamp = new Date();
  if (sentId) copy.id = sentId;
  return copy;
}

/** A deep copy as the store will see it (JSON), with its timestamps still dates. */
function cloneActivity(activity: Partial<Activity>): Partial<Activity> {
  const copy = JSON.parse(JSON.stringify(activity)) as Partial<Activity>;
  if (activity.timestamp !== undefined) copy.timestamp = new Date(activity.timestamp);
  if (activity.localTimestamp !== undefined) copy.localTimestamp = new Date(activity.localTimestamp);
  return copy;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`transcript write did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
