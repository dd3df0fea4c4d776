import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { FromTurnThread, ThreadMetrics, ToTurnThread, TurnThreadData } from './turnThreadProtocol';

/** What {@link TurnWorkerThread} needs. */
export interface TurnWorkerThreadOptions extends TurnThreadData {
  readonly logger: Logger;
  /** Wait before a thread that ended unexpectedly is started again (default 1 s). */
  readonly restartDelayMs?: number;
  /** How long {@link TurnWorkerThread.stop} waits for running turns before it ends the thread (default 8 s, within the 10 s `main.ts` gives a stop). */
  readonly stopTimeoutMs?: number;
}

/** How long a metrics request waits for the thread before `/metrics` goes on without its figures. */
const METRICS_TIMEOUT_MS = 2_000;

/**
 * The main thread's side of the turn worker thread (`LINE_TURN_RUNNER=thread`): starts it, tells it at once which
 * conversations have newly admitted events, collects its metrics, starts it again when it ends unexpectedly (a crash:
 * the leases of its conversations expire and the new thread takes them over, so nothing admitted is lost), and
 * drains it on {@link stop}.
 *
 * @example
 * const turns = new TurnWorkerThread({ config, publicUrl, logger });
 * await turns.start();
 * turns.runConversation('line:default:user:U1');
 * await turns.stop();
 */
export class TurnWorkerThread {
  private worker: Worker | undefined;
  private everReady = false;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { readonly resolve: (value: ThreadMetrics | undefined) => void }>();
  private readonly batch = new Set<string>();
  private batchScheduled = false;
  private starts = 0;

  constructor(private readonly options: TurnWorkerThreadOptions) {}

  /** Times the thread was started (1 after {@link start}; more after crashes). */
  get startCount(): number {
    return this.starts;
  }

  /** Starts the thread; resolves once it runs turns, rejects when it could not start (e.g. the store would not open). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => this.spawn(resolve, reject));
  }

  /** Has the conversation's pending events run now (conversations named in one pass of the event loop go in one message). */
  runConversation(conversation: string): void {
    this.batch.add(conversation);
    if (this.batchScheduled) return;
    this.batchScheduled = true;
    setImmediate(() => {
      this.batchScheduled = false;
      const conversations = [...this.batch];
      this.batch.clear();
      // A thread being restarted finds these at its first poll.
      this.send({ type: 'run', conversations });
    });
  }

  /** Resolves once every turn the thread started so far and its writes are done (at once when no thread runs). */
  async whenIdle(): Promise<void> {
    // Conversations handed over in this pass of the event loop (or the next, as the adapter hands them over) go out first.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    await this.ask((id) => ({ type: 'idle', id }), undefined);
  }

  /** The thread's metrics registry, or nothing when it does not answer in time. */
  async metrics(): Promise<ThreadMetrics[]> {
    const values = await this.ask((id) => ({ type: 'metrics', id }), METRICS_TIMEOUT_MS);
    return values ? [values] : [];
  }

  /** Ends the thread at once, as a crash would (tests); it is started again after the restart delay. */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Lets running turns finish, then ends the thread (at the latest after the stop time-out); no restart follows. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'stop' } satisfies ToTurnThread);
    const timer = setTimeout(() => void worker.terminate(), this.options.stopTimeoutMs ?? 8_000);
    await ended;
    clearTimeout(timer);
  }

  private spawn(resolve?: () => void, reject?: (error: Error) => void): void {
    this.starts += 1;
    const data: TurnThreadData = { config: this.options.config, publicUrl: this.options.publicUrl };
    const worker = new Worker(join(__dirname, 'turnThreadMain.js'), { workerData: data, name: 'line-turns' });
    this.worker = worker;
    let failed: string | undefined;
    worker.on('message', (message: FromTurnThread) => {
      if (message.type === 'ready') {
        this.everReady = true;
        resolve?.();
      } else if (message.type === 'failed') {
        failed = message.error;
      } else if (message.type === 'idle') {
        this.answer(message.id, undefined);
      } else {
        this.answer(message.id, message.metrics);
      }
    });
    worker.on('error', (error) => {
      failed ??= error.message;
      this.options.logger.error({ err: error }, 'the turn worker thread failed');
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      // Nobody will answer what was asked of this thread.
      for (const id of [...this.waiting.keys()]) this.answer(id, undefined);
      if (this.stopping) return;
      if (!this.everReady && reject) {
        reject(new Error(`the turn worker thread could not start: ${failed ?? `exit code ${code}`}`));
        return;
      }
      this.options.logger.error({ code, err: failed }, 'the turn worker thread ended; starting it again (its conversations are taken over once their leases expire)');
      this.restartTimer = setTimeout(() => this.spawn(), this.options.restartDelayMs ?? 1_000);
      this.restartTimer.unref();
    });
  }

  private send(message: ToTurnThread): boolean {
    if (!this.worker) return false;
    this.worker.postMessage(message);
    return true;
  }

  private ask(message: (id: number) => ToTurnThread, timeoutMs: number | undefined): Promise<ThreadMetrics | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => this.answer(id, undefined), timeoutMs);
      this.waiting.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
      });
      if (!this.send(message(id))) this.answer(id, undefined);
    });
  }

  private answer(id: number, value: ThreadMetrics | undefined): void {
    const waiter = this.waiting.get(id);
    if (!waiter) return;
    this.waiting.delete(id);
    waiter.resolve(value);
  }
}
