import { summarise, type LatencySummary } from './latencySummary';
import type { ServerAnswer } from './serverKind';
import type { AckResult } from './webhookClient';

/** What one load phase measured. */
export interface PhaseResult {
  /** Events posted. */
  readonly sent: number;
  /**
   * Events answered within the phase (and its drain time): their answer reached the fake LINE API, or — for a server
   * that answers with the acknowledgement alone (the floor) — their webhook POST got 200.
   */
  readonly answered: number;
  /** Numbers of the events never answered. */
  readonly lost: readonly number[];
  /** Webhook answers other than 200, or none at all. */
  readonly ackErrors: number;
  /** The failed answers by reason (`HTTP 503`, `ECONNRESET`, …). */
  readonly ackErrorReasons: Readonly<Record<string, number>>;
  readonly ack: LatencySummary;
  /** Event→reply latency; no samples (count 0) for a server that sends no replies. */
  readonly reply: LatencySummary;
  /** From the first POST to the last answer, in ms. */
  readonly elapsedMs: number;
  /** Answered events per second over `elapsedMs`. */
  readonly answeredPerSecond: number;
}

/**
 * Collects the samples of one phase; {@link finish} turns them into a {@link PhaseResult}. `answers` says what
 * answers an event: its reply at the fake LINE API, or (`ack`) the webhook's 200.
 */
export class PhaseRecorder {
  /** Events posted so far. */
  sent = 0;
  /** When the first event was posted (`performance.now()`). */
  firstSentAt: number | undefined;
  private answered = 0;
  private ackErrors = 0;
  private lastAnsweredAt: number | undefined;
  private readonly ackMs: number[] = [];
  private readonly replyMs: number[] = [];
  private readonly ackErrorReasons = new Map<string, number>();

  constructor(private readonly answers: ServerAnswer) {}

  /** Records a webhook answer at `at` (`performance.now()`); `true` when it was a 200. */
  noteAck(ack: AckResult, at: number): boolean {
    if (ack.status === 200) {
      this.ackMs.push(ack.ackMs);
      if (this.answers === 'ack') this.noteAnswered(at);
      return true;
    }
    this.ackErrors += 1;
    const reason = ack.status === 0 ? (ack.error ?? 'no answer') : `HTTP ${ack.status}`;
    this.ackErrorReasons.set(reason, (this.ackErrorReasons.get(reason) ?? 0) + 1);
    return false;
  }

  /** Records the answer to an event arriving at the fake LINE API. */
  noteReply(latencyMs: number, at: number): void {
    this.replyMs.push(latencyMs);
    this.noteAnswered(at);
  }

  private noteAnswered(at: number): void {
    this.answered += 1;
    this.lastAnsweredAt = at;
  }

  /** Summarises the samples; `lost` are the events the tracker gave up on. */
  finish(lost: readonly number[]): PhaseResult {
    const elapsedMs = this.firstSentAt !== undefined && this.lastAnsweredAt !== undefined ? this.lastAnsweredAt - this.firstSentAt : NaN;
    return {
      sent: this.sent,
      answered: this.answered,
      lost,
      ackErrors: this.ackErrors,
      ackErrorReasons: Object.fromEntries(this.ackErrorReasons),
      ack: summarise(this.ackMs),
      reply: summarise(this.replyMs),
      elapsedMs,
      answeredPerSecond: elapsedMs > 0 ? (this.answered * 1000) / elapsedMs : NaN,
    };
  }
}
