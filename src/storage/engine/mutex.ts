/**
 * Serialises asynchronous critical sections: each `run` starts after every earlier one settled, so a read-then-write
 * sequence inside one section cannot interleave with another. In-process only.
 *
 * @example
 * ```ts
 * const mutex = new Mutex();
 * await mutex.run(async () => { const doc = await read(); await write(change(doc)); });
 * ```
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Runs `section` once every earlier section has settled; resolves or rejects with its outcome. */
  run<T>(section: () => Promise<T>): Promise<T> {
    // `tail` never rejects (see below), so `section` always runs, whatever the earlier sections did.
    const result = this.tail.then(() => section());
    this.pending += 1;
    this.tail = result.then(
      () => { this.pending -= 1; },
      () => { this.pending -= 1; },
    );
    return result;
  }

  /** Whether no section is running or waiting. */
  get idle(): boolean {
    return this.pending === 0;
  }

  /** Resolves once every section started so far has settled. */
  async drain(): Promise<void> {
    await this.tail;
  }
}

/**
 * One {@link Mutex} per key, created on demand and forgotten when idle: sections of one key run one at a time,
 * different keys run concurrently.
 *
 * @example
 * ```ts
 * const locks = new KeyedMutex();
 * await locks.run(blobId, () => replaceFiles(blobId));
 * ```
 */
export class KeyedMutex {
  private readonly mutexes = new Map<string, Mutex>();

  /** Runs `section` after every earlier section of `key` settled. */
  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    let mutex = this.mutexes.get(key);
    if (!mutex) {
      mutex = new Mutex();
      this.mutexes.set(key, mutex);
    }
    try {
      return await mutex.run(section);
    } finally {
      if (mutex.idle && this.mutexes.get(key) === mutex) this.mutexes.delete(key);
    }
  }

  /** Resolves once every section started so far, of every key, has settled. */
  async drain(): Promise<void> {
    await Promise.all([...this.mutexes.values()].map((mutex) => mutex.drain()));
  }
}
