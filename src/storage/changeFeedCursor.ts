/** A run of sequence numbers a follower gave up waiting for. */
export interface SkippedRange {
  readonly from: number;
  readonly to: number;
}

/** What {@link ChangeFeedCursor.advance} decided for one read of the feed. */
export interface CursorAdvance<T> {
  /** Entries to deliver now, in sequence order. */
  readonly deliver: T[];
  /** Sequence numbers given up on (their entries never committed within the wait, or expired). */
  readonly skipped: SkippedRange[];
}

/**
 * Where a follower of the change feed stands: the last sequence number it delivered, and a gap it is waiting on.
 *
 * Publishers take a sequence number first and commit their entry after, so an entry may commit after a later one
 * (another process was faster). A follower that sees `n + 2` while `n + 1` is missing waits up to `gapWaitMs` (from
 * when it first saw the gap) for `n + 1` before giving up on it; entries after a gap wait with it, so every entry is
 * delivered in sequence order and once.
 *
 * @example
 * const cursor = new ChangeFeedCursor(10, 1_000);
 * cursor.advance([{ seq: 11 }, { seq: 13 }], Date.now()); // delivers 11, waits for 12
 */
export class ChangeFeedCursor {
  private gap: { readonly from: number; readonly since: number } | undefined;

  constructor(
    private current: number,
    private readonly gapWaitMs: number,
  ) {}

  /** The last sequence number delivered or given up on. */
  get position(): number {
    return this.current;
  }

  /** Whether the cursor waits for a missing sequence number right now. */
  get waiting(): boolean {
    return this.gap !== undefined;
  }

  /**
   * Takes the entries read after {@link position} (ascending, as read) at time `now` (ms) and moves past those it
   * delivers or gives up on.
   */
  advance<T extends { readonly seq: number }>(entries: readonly T[], now: number): CursorAdvance<T> {
    const deliver: T[] = [];
    const skipped: SkippedRange[] = [];
    for (const entry of entries) {
      if (entry.seq <= this.current) continue;
      if (entry.seq > this.current + 1) {
        const from = this.current + 1;
        if (this.gap?.from !== from) this.gap = { from, since: now };
        if (now - this.gap.since < this.gapWaitMs) break;
        skipped.push({ from, to: entry.seq - 1 });
      }
      this.gap = undefined;
      this.current = entry.seq;
      deliver.push(entry);
    }
    return { deliver, skipped };
  }
}
