import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { isStorageFailure } from './sqliteErrors';
import { SqliteWriteLock } from './sqliteWriteLock';

interface Job {
  readonly writes: boolean;
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for the SQLite store: the operations asked for during one turn of the event loop run together, in
 * order, in one transaction — `BEGIN IMMEDIATE` when any of them writes, so that each one's reads and writes are
 * atomic across every process sharing the database — and are acknowledged only once `COMMIT` has returned. Each
 * write runs inside its own savepoint, so one that fails (a duplicate key, an invalid update) is undone alone; when
 * SQLite gives up the whole transaction (disk full, I/O error) or the commit fails, every operation of the batch
 * fails with that error and none of them has happened.
 *
 * Operations are synchronous functions (`node:sqlite` is synchronous), so nothing can interleave with them inside
 * this process either.
 *
 * The batch waits for the check phase, and runs behind whatever the event loop has queued by then (under load, the
 * continuations of every turn the last batch answered). A prompt job (see {@link run}) commits instead as soon as the
 * synchronous step that asked for it ends: what a webhook's acknowledgement waits on never queues behind turns.
 */
export class TransactionQueue {
  private jobs: Job[] = [];
  /** Jobs a caller answers on at once (a webhook's acknowledgement): they do not wait behind the batch. */
  private promptJobs: Job[] = [];
  private scheduled: Promise<void> | undefined;
  /** The transaction-control statements, prepared once: parsing them on every operation cost more than running them. */
  private readonly control = new Map<string, StatementSync>();
  private readonly writeLock: SqliteWriteLock;

  /**
   * @param beforeEach runs first inside every transaction (to refresh what other processes changed).
   * @param afterWrite runs after every batch that wrote, with the storage failure (full disk, I/O error, …) that
   *   failed it or one of its operations, if any.
   * @param beforeBegin runs before every transaction begins (connection settings that cannot change inside one).
   * @param busyTimeoutMs how long a write transaction waits for another connection's (see {@link SqliteWriteLock}).
   */
  constructor(
    private readonly db: DatabaseSync,
    private readonly beforeEach: () => void,
    private readonly afterWrite: (error: unknown) => void,
    private readonly beforeBegin: () => void = () => undefined,
    busyTimeoutMs = 5_000,
  ) {
    this.writeLock = new SqliteWriteLock(db, busyTimeoutMs);
  }

  /**
   * Runs `work` in the next batch; `writes` when it may change the database. A `prompt` job does not wait for the next
   * turn of the event loop: it runs, with the other prompt jobs asked for in the same synchronous step, in a transaction
   * of its own as soon as that step ends — ahead of batched jobs asked for earlier, which are independent operations.
   */
  run<R>(writes: boolean, work: () => R, prompt = false): Promise<R> {
    if (prompt) {
      return new Promise<R>((resolve, reject) => {
        this.promptJobs.push({ writes, work, resolve: resolve as (value: unknown) => void, reject });
        if (this.promptJobs.length === 1) queueMicrotask(() => this.flushPrompt());
      });
    }
    return new Promise<R>((resolve, reject) => {
      this.jobs.push({ writes, work, resolve: resolve as (value: unknown) => void, reject });
      this.scheduled ??= new Promise<void>((done) =>
        setImmediate(() => {
          this.scheduled = undefined;
          this.flush();
          done();
        }),
      );
    });
  }

  /** Resolves once every operation asked for so far has been settled. */
  async drain(): Promise<void> {
    while (this.scheduled) await this.scheduled;
  }

  private flush(): void {
    const jobs = this.jobs;
    this.jobs = [];
    this.commit(jobs);
  }

  private flushPrompt(): void {
    const jobs = this.promptJobs;
    this.promptJobs = [];
    this.commit(jobs);
  }

  private commit(jobs: readonly Job[]): void {
    if (jobs.length === 0) return;
    const writes = jobs.some((job) => job.writes);
    let outcomes: Outcome[];
    try {
      outcomes = this.transaction(jobs, writes);
    } catch (error) {
      if (this.db.isTransaction) this.rollbackQuietly();
      outcomes = jobs.map(() => ({ ok: false, error }));
      if (writes) this.afterWrite(error);
    }
    jobs.forEach((job, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  private transaction(jobs: readonly Job[], writes: boolean): Outcome[] {
    this.beforeBegin();
    if (writes) this.writeLock.acquire(() => this.exec('BEGIN IMMEDIATE'));
    else this.exec('BEGIN');
    this.beforeEach();
    const outcomes = jobs.map((job): Outcome => {
      if (!job.writes) {
        try {
          return { ok: true, value: job.work() };
        } catch (error) {
          this.assertStillInTransaction(error);
          return { ok: false, error };
        }
      }
      this.exec('SAVEPOINT operation');
      try {
        const value = job.work();
        this.exec('RELEASE operation');
        return { ok: true, value };
      } catch (error) {
        this.assertStillInTransaction(error);
        this.exec('ROLLBACK TO operation');
        this.exec('RELEASE operation');
        return { ok: false, error };
      }
    });
    this.exec('COMMIT');
    const failure = outcomes.find((outcome): outcome is { ok: false; error: unknown } => !outcome.ok && isStorageFailure(outcome.error));
    if (writes) this.afterWrite(failure?.error);
    return outcomes;
  }

  private exec(sql: string): void {
    let statement = this.control.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.control.set(sql, statement);
    }
    statement.run();
  }

  /** After some errors (SQLITE_FULL, SQLITE_IOERR, …) SQLite has rolled the whole transaction back: the batch fails. */
  private assertStillInTransaction(error: unknown): void {
    if (!this.db.isTransaction) throw error;
  }

  private rollbackQuietly(): void {
    try {
      this.db.exec('ROLLBACK');
    } catch {
      // The transaction is gone either way; the caller reports the error that ended it.
    }
  }
}
