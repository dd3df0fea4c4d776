import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Checkpoints of one database running in a worker thread. */
export interface BackgroundCheckpoints {
  /** Stops the checkpoints and closes the worker's connection; resolves once the worker has ended. */
  stop(): Promise<void>;
}

/**
 * Moves the WAL's checkpoints off the event loop: a worker thread with its own connection to the database at `path`
 * runs a passive checkpoint every `intervalMs` (copying committed pages from the WAL into the database file, with its
 * reads, writes and fsync), so that no commit of the store's connection — which runs with `wal_autocheckpoint = 0`
 * meanwhile — stops to do it. `onFailure` is told once when the worker cannot go on (it could not open the file, an
 * I/O error): the store then checkpoints on its own connection again.
 *
 * @example
 * db.exec('PRAGMA wal_autocheckpoint = 0');
 * const checkpoints = checkpointInBackground(path, 250, () => db.exec('PRAGMA wal_autocheckpoint = 1000'));
 */
export function checkpointInBackground(path: string, intervalMs: number, onFailure: (reason: string) => void): BackgroundCheckpoints {
  const worker = new Worker(join(__dirname, 'sqliteCheckpointWorker.js'), { workerData: { path, intervalMs } });
  worker.unref();
  let stopping = false;
  let failed = false;
  const failure = (reason: string): void => {
    if (failed || stopping) return;
    failed = true;
    onFailure(reason);
  };
  worker.on('message', (message: { failed?: string }) => {
    if (message.failed !== undefined) failure(message.failed);
  });
  worker.once('error', (error) => failure(error.message));
  const ended = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      failure(`checkpoint worker ended (code ${code})`);
      resolve();
    });
  });
  return {
    async stop(): Promise<void> {
      stopping = true;
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), 2_000);
      await ended;
      clearTimeout(timer);
    },
  };
}
