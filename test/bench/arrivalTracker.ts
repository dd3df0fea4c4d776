import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarise, type LatencySummary } from './latencySummary';

/** What became of the messages a tracker waited for. */
export interface ArrivalResult {
  /** Messages expected. */
  readonly expected: number;
  /** From send to arrival, in ms, of the messages that arrived. */
  readonly latency: LatencySummary;
  /** Keys of the messages that never arrived within the drain time. */
  readonly lost: readonly string[];
  /** Messages whose sending failed (given up on at once, not counted lost). */
  readonly failed: number;
  /** The failures by reason (`HTTP 500`, `ECONNRESET`, …). */
  readonly failureReasons: Readonly<Record<string, number>>;
}

/**
 * Times messages from being sent to being seen at their destination, by a key unique to each message (its text, its
 * reply token). Arrivals of keys never expected, or already seen, are ignored: warm-up traffic and other phases share
 * the same sources.
 *
 * @example
 * const tracker = new ArrivalTracker();
 * tracker.expect('relay-in-1', performance.now());
 * stream.on('message', (text) => tracker.arrived(text));
 * await tracker.settle(5_000);
 * const { latency, lost } = tracker.finish();
 */
export class ArrivalTracker {
  private readonly pending = new Map<string, number>();
  private readonly latencies: number[] = [];
  private readonly failures = new Map<string, number>();
  private expected = 0;

  /** Starts the clock of the message known by `key`, sent at `sentAt` (`performance.now()`). */
  expect(key: string, sentAt: number): void {
    this.expected += 1;
    this.pending.set(key, sentAt);
  }

  /** The message known by `key` arrived (now, unless `at` says when). */
  arrived(key: string, at: number = performance.now()): void {
    const sentAt = this.pending.get(key);
    if (sentAt === undefined) return;
    this.pending.delete(key);
    this.latencies.push(at - sentAt);
  }

  /** Sending the message failed (`reason`, e.g. `HTTP 500`): it will not arrive, so stop waiting for it. */
  failed(key: string, reason: string): void {
    if (!this.pending.delete(key)) return;
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }

  /** Waits until every expected message arrived or failed, or `timeoutMs` passed. */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.pending.size > 0 && performance.now() < deadline) await sleep(5);
  }

  /** The result so far; what is still pending counts as lost. */
  finish(): ArrivalResult {
    let failed = 0;
    for (const count of this.failures.values()) failed += count;
    return { expected: this.expected, latency: summarise(this.latencies), lost: [...this.pending.keys()], failed, failureReasons: Object.fromEntries(this.failures) };
  }
}
