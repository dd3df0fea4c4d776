/**
 * What the SQLite store makes of `node:sqlite` errors (`code: 'ERR_SQLITE_ERROR'` with SQLite's extended result code
 * in `errcode`).
 */

interface SqliteError extends Error {
  readonly errcode: number;
  readonly errstr?: string;
}

/** Whether `error` is an error reported by SQLite. */
export function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Error && (error as { code?: unknown }).code === 'ERR_SQLITE_ERROR' && typeof (error as { errcode?: unknown }).errcode === 'number';
}

const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** Whether `error` is a broken `_id` or unique index constraint. */
export function isUniqueViolation(error: unknown): boolean {
  return isSqliteError(error) && (error.errcode === SQLITE_CONSTRAINT_UNIQUE || error.errcode === SQLITE_CONSTRAINT_PRIMARYKEY);
}

// Primary result codes (the low byte of an extended code) that mean the database file cannot take writes or be read
// faithfully: SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB.
const STORAGE_FAILURES = new Set([3, 8, 10, 11, 13, 14, 26]);

/** Whether `error` says the database file itself is failing (full disk, read-only, I/O error, corruption). */
export function isStorageFailure(error: unknown): boolean {
  return isSqliteError(error) && STORAGE_FAILURES.has(error.errcode & 0xff);
}

const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/** Whether `error` says the database file is damaged or not a database at all. */
export function isCorruption(error: unknown): boolean {
  return isSqliteError(error) && [SQLITE_CORRUPT, SQLITE_NOTADB].includes(error.errcode & 0xff);
}

const SQLITE_BUSY = 5;

/** Whether `error` says another connection holds the lock asked for (SQLite gave up waiting). */
export function isBusy(error: unknown): boolean {
  return isSqliteError(error) && (error.errcode & 0xff) === SQLITE_BUSY;
}
