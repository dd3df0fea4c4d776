import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { performance } from 'node:perf_hooks';
import { isBusy } from './sqliteErrors';

/** Pause between tries while the lock was lost only briefly: about the time a batch holds it. */
const SHORT_PAUSE_MS = 0.05;
/** Waited this long, the holder is in a long transaction (a sweep, a migration): try less often. */
const SHORT_WAIT_MS = 5;
const LONG_PAUSE_MS = 1;

/**
 * Takes SQLite's write lock (`BEGIN IMMEDIATE`) on a connection whose database other threads or processes write too,
 * trying again every 50 µs (every millisecond once the wait passed 5 ms) until `timeoutMs`, instead of through SQLite's
 * own busy handler. That handler sleeps 1, 2, 5, 10, 15, 20, 25 ms… between tries, so under steady contention a writer
 * finds the lock taken again at each try and loses tens of milliseconds after it was free: what a webhook's
 * acknowledgement would wait on while a turn thread, or another instance, writes to the same file. The pauses block the
 * thread (SQLite is synchronous here anyway) without spinning the CPU.
 *
 * @example
 * const lock = new SqliteWriteLock(db, 5_000);
 * lock.acquire(() => begin.run()); // begin = db.prepare('BEGIN IMMEDIATE')
 */
export class SqliteWriteLock {
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  private readonly noWait: StatementSync;
  private readonly restoreWait: StatementSync;

  /** @param timeoutMs how long to wait for the lock before the busy error is thrown (the connection's busy timeout). */
  constructor(
    db: DatabaseSync,
    private readonly timeoutMs: number,
  ) {
    this.noWait = db.prepare('PRAGMA busy_timeout = 0');
    this.restoreWait = db.prepare(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(timeoutMs))}`);
  }

  /**
   * Runs `begin` until it gets the lock.
   * @throws SQLite's busy error once `timeoutMs` passed, or whatever else `begin` throws, at once.
   */
  acquire(begin: () => void): void {
    this.noWait.run();
    try {
      const started = performance.now();
      for (;;) {
        try {
          begin();
          return;
        } catch (error) {
          if (!isBusy(error)) throw error;
          const waitedMs = performance.now() - started;
          if (waitedMs >= this.timeoutMs) throw error;
          Atomics.wait(this.sleeper, 0, 0, waitedMs < SHORT_WAIT_MS ? SHORT_PAUSE_MS : LONG_PAUSE_MS);
        }
      }
    } finally {
      // Other statements (schema changes at start, reads during a recovery) keep SQLite's own waiting.
      this.restoreWait.run();
    }
  }
}
