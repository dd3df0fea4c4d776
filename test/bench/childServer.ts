import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ProcessStats } from './processStats';
import { parseChildMessage, type ChildCommand } from './serverProcessProtocol';
import type { ServerKind } from './serverKind';

/** A server running in its own child process (`serverProcess.js`). */
export interface ChildServer {
  readonly kind: ServerKind;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Whether the child exited before it was asked to stop (a crash under load). */
  readonly crashed: () => boolean;
  /** Starts a new interval of the child's own CPU, event-loop and GC statistics. */
  resetStats(): void;
  /** The child's statistics since the last {@link resetStats}. */
  readStats(): Promise<ProcessStats>;
  /** Asks the child to stop, then kills it if it has not exited in time. Idempotent. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 15_000;
const STATS_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 5_000;

/** Children still running, killed on the way out if the benchmark itself fails. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `serverProcess.js <kind>` with `node` itself, passing `environment` as its whole
 * environment, and resolves once it printed the URL it listens on (a loopback one).
 *
 * @throws when the child exits or stays silent for 15 s before printing its URL.
 * @example const server = await spawnChildServer('plain', { PORT: '0', HOST: '127.0.0.1', … });
 */
export async function spawnChildServer(kind: ServerKind, environment: Readonly<Record<string, string>>): Promise<ChildServer> {
  const child = spawn(process.execPath, [join(__dirname, 'serverProcess.js'), kind], {
    env: { ...environment },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  running.add(child);
  let exited = false;
  let stopping = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    });
  });
  // Spawning can fail (e.g. EAGAIN): said here; the start-up time-out then ends the wait.
  child.once('error', (error) => process.stderr.write(`bench server process error: ${error.message}\n`));

  const urls: ((url: string) => void)[] = [];
  const statsWaiters: ((stats: ProcessStats) => void)[] = [];
  if (!child.stdout || !child.stdin) throw new Error('child process has no stdio pipes');
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = parseChildMessage(line);
    if (message === undefined) process.stderr.write(`${kind} server: ${line}\n`);
    else if ('url' in message) urls.shift()?.(message.url);
    else statsWaiters.shift()?.(message.stats);
  });
  const command = (line: ChildCommand): void => {
    if (!exited) child.stdin?.write(`${line}\n`);
  };

  const stop = async (): Promise<void> => {
    if (exited) return;
    stopping = true;
    child.stdin?.end();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exit;
    clearTimeout(timer);
  };

  try {
    const url = await within(
      new Promise<string>((resolve) => urls.push(resolve)),
      exit.then(() => Promise.reject(new Error(`${kind} server exited (code ${String(child.exitCode)}, signal ${String(child.signalCode)}) before it started`))),
      STARTUP_TIMEOUT_MS,
      `${kind} server did not start within ${STARTUP_TIMEOUT_MS} ms`,
    );
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`${kind} server listens on ${url}, not on loopback`);
    return {
      kind,
      url,
      crashed: () => exited && !stopping,
      resetStats: () => command('reset-stats'),
      readStats: () => {
        const stats = new Promise<ProcessStats>((resolve) => statsWaiters.push(resolve));
        command('read-stats');
        const died = exit.then(() => Promise.reject(new Error(`${kind} server process died (code ${String(child.exitCode)}, signal ${String(child.signalCode)})`)));
        return within(stats, died, STATS_TIMEOUT_MS, `${kind} server sent no statistics`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `answer`, unless `failure` settles first or `timeoutMs` passes. */
function within<T>(answer: Promise<T>, failure: Promise<never>, timeoutMs: number, timeoutMessage: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(timeoutMessage)), timeoutMs);
  });
  return Promise.race([answer, failure, timeout]).finally(() => clearTimeout(timer));
}
