import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

// The worker of `sqliteCheckpointer.ts`: every `intervalMs`, copies what the WAL holds into the database file
// (a passive checkpoint: it never waits for, nor blocks, the writers). Posts `{ failed }` and ends on any other error.
const { path, intervalMs } = workerData as { path: string; intervalMs: number };
let db: DatabaseSync | undefined;
try {
  db = new DatabaseSync(path, { timeout: 0 });
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  const timer = setInterval(() => {
    try {
      checkpoint.get();
    } catch (error) {
      // Another process's checkpoint runs now: the next interval tries again.
      if (/locked|busy/i.test(error instanceof Error ? error.message : String(error))) return;
      clearInterval(timer);
      fail(error);
    }
  }, intervalMs);
  parentPort?.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    db?.close();
    db = undefined;
    parentPort?.close();
  });
} catch (error) {
  fail(error);
}

function fail(error: unknown): void {
  if (db?.isOpen) db.close();
  parentPort?.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  parentPort?.close();
}
