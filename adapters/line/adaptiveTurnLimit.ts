import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';

/** What {@link AdaptiveTurnLimit} steers: a limit on tasks running at once. */
export interface TurnLimitTarget {
  readonly limit: number;
  setLimit(limit: number): void;
}

/** Options of {@link AdaptiveTurnLimit}. */
export interface AdaptiveTurnLimitOptions {
  /** The highest limit (the configured maximum of concurrent turns). */
  readonly max: number;
  /** The lowest limit; default 16 (turns mostly wait for the store and LINE: fewer would leave the CPU idle). */
  readonly min?: number;
  /** Event-loop delay (the 90th percentile over each interval, in ms, beyond the 10 ms sampling) above which the limit is lowered. */
  readonly targetLagMs: number;
  /** How often the delay is read and the limit adjusted; default 100 ms. */
  readonly intervalMs?: number;
  /** Reads the event-loop delay of the last interval in ms and starts a new interval (tests); default the process's. */
  readonly sampleLagMs?: () => number;
}

/**
 * Keeps the event loop free for webhook requests while turns saturate the process: every interval it reads the
 * event-loop delay, lowers the limit of concurrent turns by a quarter when the delay is above the target, and raises
 * it by an eighth (at least one) when the delay is under half the target — so acknowledgements stay fast, and turns get all
 * the concurrency the process can serve without delaying them.
 *
 * @example
 * const limit = new AdaptiveTurnLimit(queue, { max: 64, targetLagMs: 10 });
 * limit.start();
 * // at shutdown
 * limit.stop();
 */
export class AdaptiveTurnLimit {
  private readonly min: number;
  private readonly intervalMs: number;
  private readonly sampleLagMs: () => number;
  private histogram: ELDHistogram | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: TurnLimitTarget,
    private readonly options: AdaptiveTurnLimitOptions,
  ) {
    this.min = Math.max(1, Math.min(options.min ?? 16, options.max));
    this.intervalMs = options.intervalMs ?? 100;
    this.sampleLagMs = options.sampleLagMs ?? (() => this.processLagMs());
  }

  /** Starts adjusting (idempotent). */
  start(): void {
    if (this.timer) return;
    if (!this.options.sampleLagMs) {
      this.histogram = monitorEventLoopDelay({ resolution: 10 });
      this.histogram.enable();
    }
    this.timer = setInterval(() => this.adjust(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops adjusting and gives the target its highest limit back. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.histogram?.disable();
    this.histogram = undefined;
    this.target.setLimit(this.options.max);
  }

  /** One adjustment from the delay of the interval that just ended (the timer calls it; tests call it directly). */
  adjust(): void {
    const lagMs = this.sampleLagMs();
    const limit = this.target.limit;
    if (lagMs > this.options.targetLagMs) {
      const lowered = Math.max(this.min, Math.floor((limit * 3) / 4));
      if (lowered !== limit) this.target.setLimit(lowered);
    } else if (lagMs < this.options.targetLagMs / 2 && limit < this.options.max) {
      this.target.setLimit(Math.min(this.options.max, limit + Math.max(1, Math.floor(limit / 8))));
    }
  }

  private processLagMs(): number {
    const histogram = this.histogram;
    if (!histogram || histogram.count === 0) return 0;
    // The histogram counts the delay beyond its 10 ms sampling resolution; nanoseconds to ms.
    const lagMs = histogram.percentile(90) / 1e6 - 10;
    histogram.reset();
    return Math.max(0, lagMs);
  }
}
