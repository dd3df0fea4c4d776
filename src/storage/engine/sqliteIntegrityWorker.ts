import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

// The worker of `sqliteIntegrityCheck.ts`: posts the problems `PRAGMA quick_check` finds, or `[]`.
const { path } = workerData as { path: string };
let problems: string[];
try {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    problems = (db.prepare('PRAGMA quick_check').all() as { quick_check: string }[]).map((row) => row.quick_check).filter((line) => line !== 'ok');
  } finally {
    db.close();
  }
} catch (error) {
  problems = [error instanceof Error ? error.message : String(error)];
}
parentPort?.postMessage(problems);
