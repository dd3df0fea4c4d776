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

  constructor(private readonly maxConcurrent = Number.POSITIVE_INFINITY) {}

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
    if (this.running >= this.maxConcurrent) await new Promise<void>((resolve) => this.waitingForSlot.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waitingForSlot.shift()?.();
    }
  }

  private releaseIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
