/**
 * Runs tasks one after another per key and concurrently across keys — at most `maxConcurrent` at
 * a time: a conversation's events are handled in the order they arrived while other
 * conversations go on in parallel, and a burst cannot flood the process with half-done turns
 * (which would starve new webhook requests of the event loop).
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private pending = 0;
  private running = 0;
  private readonly waitingForSlot: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(private maxConcurrent = Number.POSITIVE_INFINITY) {}

  /** Tasks allowed to run at once now. */
  get limit(): number {
    return this.maxConcurrent;
  }

  /** Tasks running now (at most {@link limit}, or more right after it was lowered). */
  get active(): number {
    return this.running;
  }

  /**
   * Changes how many tasks may run at once: a higher limit starts waiting tasks now; a lower one lets running tasks
   * finish and starts none until fewer than the new limit run.
   *
   * @throws {RangeError} when `limit` is not a positive number.
   */
  setLimit(limit: number): void {
    if (!(limit >= 1)) throw new RangeError(`the limit must be at least 1, got ${limit}`);
    this.maxConcurrent = limit;
    while (this.running < this.maxConcurrent && this.waitingForSlot.length > 0) {
      this.running += 1;
      const start = this.waitingForSlot.shift()!;
      setImmediate(start);
    }
  }

  /**
   * Schedules `task` after every earlier task of `key`. The returned promise settles with the
   * task; a failing task does not stop the tasks queued behind it.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.pending += 1;
    const result = previous.then(() => this.withSlot(task));
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      // Drop the key once nothing is queued behind this task, so the map does not grow forever.
      if (this.tails.get(key) === tail) this.tails.delete(key);
      this.pending -= 1;
      if (this.pending === 0) this.releaseIdleWaiters();
    });
    return result;
  }

  /** Number of tasks queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Resolves when no task is queued or running. */
  onIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async withSlot<T>(task: () => Promise<T>): Promise<T> {
    // A waiting task is handed its slot by the one that frees it (or by setLimit): the count never goes over.
    if (this.running >= this.maxConcurrent) await new Promise<void>((resolve) => this.waitingForSlot.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.running <= this.maxConcurrent ? this.waitingForSlot.shift() : undefined;
      // The next task starts on a later turn of the event loop, so that requests waiting for I/O go first.
      if (next) setImmediate(next);
      else this.running -= 1;
    }
  }

  private releaseIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
