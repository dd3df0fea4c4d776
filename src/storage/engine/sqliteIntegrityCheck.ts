import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite's `PRAGMA quick_check` on the database at `path` in a worker thread, on its own read-only connection,
 * so that checking a large file does not hold up the event loop; resolves with the problems found (`[]` when the file
 * is sound). The check reads the whole file: a few seconds for a few GiB.
 *
 * @example const problems = await quickCheckInBackground(storeFilePath(dataDir));
 */
export function quickCheckInBackground(path: string): { readonly result: Promise<string[]>; stop(): void } {
  const worker = new Worker(join(__dirname, 'sqliteIntegrityWorker.js'), { workerData: { path } });
  worker.unref();
  const result = new Promise<string[]>((resolve, reject) => {
    worker.once('message', (problems: string[]) => resolve(problems));
    worker.once('error', reject);
    worker.once('exit', () => resolve([]));
  });
  return { result, stop: () => void worker.terminate() };
}
