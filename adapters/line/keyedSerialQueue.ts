/**
 * Runs tasks one after another per key and concurrently across keys: a conversation's events
 * are handled in the order they arrived while other conversations go on in parallel.
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];

  /**
   * Schedules `task` after every earlier task of `key`. The returned promise settles with the
   * task; a failing task does not stop the tasks queued behind it.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.pending += 1;
    const result = previous.then(task);
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

  private releaseIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
