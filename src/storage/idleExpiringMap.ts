/** Options of {@link IdleExpiringMap}. */
export interface IdleExpiringMapOptions {
  /** An entry not read or written for this long is forgotten by the next {@link IdleExpiringMap.sweep}. */
  readonly idleMs: number;
  /** Most entries kept; past it the least recently used goes at once. */
  readonly max: number;
  /** The clock that tells idleness; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * A map for facts remembered per conversation or per customer, bounded both ways: by size (least recently used out
 * first) and by time (entries idle for `idleMs` go at the next {@link sweep}), so memory returns to what is in use
 * rather than to the most ever seen. Nothing in it may be needed for correctness: it only saves reads.
 *
 * @example
 * const known = new IdleExpiringMap<string, Facts>({ idleMs: 600_000, max: 10_000 });
 * known.set(conversationKey, facts);
 * setInterval(() => known.sweep(), 60_000).unref();
 */
export class IdleExpiringMap<K, V> {
  /** Entries in order of last use, least recent first. */
  private readonly entries = new Map<K, { value: V; usedAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: IdleExpiringMapOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** The value of `key`, marking it used; `undefined` when not held. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    entry.usedAt = this.now();
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Holds `value` under `key` as used now, dropping the least recently used entry past the maximum. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, usedAt: this.now() });
    while (this.entries.size > this.options.max) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Forgets every entry idle for `idleMs` or longer; returns how many went. */
  sweep(): number {
    const cutoff = this.now() - this.options.idleMs;
    let removed = 0;
    // Least recently used first: the first entry still in use ends the sweep.
    for (const [key, entry] of this.entries) {
      if (entry.usedAt > cutoff) break;
      this.entries.delete(key);
      removed += 1;
    }
    return removed;
  }
}
