import type { Activity, TurnContext } from 'botbuilder';
import type { LineAdapterLogger } from './lineAdapterLogger';
import type { LineApiCall } from './lineApiClient';
import type { LineChatSignals } from './lineChatSignals';
import type { LineEventInbox } from './lineEventInbox';
import type { LineInboxWorkerSettings } from './lineInboxWorker';
import type { LineAccountDirectory } from './lineWebhookVerification';
import type { RetryPolicy } from '../../shared/retry';

/** The bot logic a turn runs, as for any Bot Framework adapter. */
export type TurnLogic = (context: TurnContext) => Promise<void>;

/** Options of {@link LineAdapter}. */
export interface LineAdapterOptions {
  readonly accounts: LineAccountDirectory;
  /** Defaults to an in-memory inbox (deduplication within the process's life only). */
  readonly inbox?: LineEventInbox;
  /** Leases, polling and retries of the inbox's events (see {@link LineInboxWorkerSettings}). */
  readonly workQueue?: Partial<LineInboxWorkerSettings>;
  /**
   * Reply tokens nobody used, read marks and loading animations per chat (default: in this process's memory). A
   * cluster passes one on the shared store, so a token is spent once and an animation not started twice.
   */
  readonly chatSignals?: LineChatSignals;
  readonly logger?: LineAdapterLogger;
  readonly retryPolicy?: RetryPolicy;
  /** How long after an event its reply token is still worth trying. LINE's tokens last about a minute. */
  readonly replyTokenTtlMs?: number;
  /** Time-out of one LINE API call. */
  readonly apiTimeoutMs?: number;
  /**
   * Turns running at once across conversations (default 64); more wait their turn. A bound keeps a
   * burst from starving new webhook requests of the event loop; it must stay well above what LINE's
   * API latency needs (turns spend most of their time waiting for LINE).
   */
  readonly maxConcurrentTurns?: number;
  /**
   * Event-loop delay in ms (90th percentile over 100 ms, beyond the sampling) above which fewer turns run at once,
   * down to 16, so webhook acknowledgements stay fast while turns saturate the process; the limit climbs back to
   * `maxConcurrentTurns` when the delay is under half of this. 0 or absent: a fixed limit. Active between
   * {@link LineAdapter.start} and {@link LineAdapter.stop}.
   */
  readonly turnLagTargetMs?: number;
  /** Seconds the loading animation shows for a `typing` activity (5–60, a multiple of 5). */
  readonly typingSeconds?: number;
  /**
   * Receives the activities of events in `standby` mode (another channel owns the chat): they are
   * recorded, but the bot must not answer them, so they never reach the turn logic.
   */
  readonly onStandbyActivity?: (activity: Partial<Activity>) => Promise<void>;
  /**
   * Awaited after an event's turn has sent its messages and the event is recorded done, before the
   * conversation's next event: the place to wait for writes the turn started (e.g. its transcript).
   */
  readonly onTurnCompleted?: (activity: Partial<Activity>) => Promise<void>;
  /**
   * When set, this adapter admits webhook events but runs no inbox turns itself: each conversation with newly admitted
   * events (or whose events a proactive turn held back) is handed to this function, e.g. to post it to a turn worker
   * thread or announce it to turn processes. {@link LineAdapter.start} then starts no poll.
   */
  readonly turnsElsewhere?: (conversation: string) => void;
  /** Told of every Messaging API call as it ends (metrics). */
  readonly onApiCall?: (call: LineApiCall) => void;
  readonly now?: () => number;
}
