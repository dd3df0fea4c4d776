/** How long {@link eventually} keeps trying, and how often. */
export interface EventuallyOptions {
  /** Give up after this long (5 s unless told). */
  readonly timeoutMs?: number;
  /** Pause between two tries (20 ms unless told). */
  readonly intervalMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_INTERVAL_MS = 20;

/**
 * Runs `assertion` until it stops throwing and returns what it returned. After `timeoutMs` it rethrows the last
 * failure, its message led by how long it waited and how often it tried, so the report shows what was still
 * wrong rather than a bare "timed out".
 *
 * It replaces polling loops in tests that wait for something to happen (a delivery, a stored row, a stream line). It
 * is not for letting time pass: where time is the subject, fake timers (@sinonjs/fake-timers) move the clock.
 *
 * @example
 * await eventually(() => assert.equal(server.fake.api.delivered.length, 1));
 * const row = await eventually(async () => { const found = await store.findOne({ id }); assert.ok(found); return found; }, { timeoutMs: 10_000 });
 */
export async function eventually<T>(assertion: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const started = Date.now();
  for (let tries = 1; ; tries += 1) {
    try {
      return await assertion();
    } catch (error) {
      const waitedMs = Date.now() - started;
      if (waitedMs >= timeoutMs) throw withWait(error, waitedMs, tries);
      await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, timeoutMs - waitedMs)));
    }
  }
}

function withWait(error: unknown, waitedMs: number, tries: number): unknown {
  const note = `still failing after ${waitedMs} ms (${tries} ${tries === 1 ? 'try' : 'tries'})`;
  if (!(error instanceof Error)) return new Error(`${note}: ${String(error)}`, { cause: error });
  // The same error object keeps its type and, for an AssertionError, the actual and expected values mocha diffs.
  const message = `${note}: ${error.message}`;
  // Reporters print the stack, which captured the old message when the error was made.
  if (error.stack?.includes(error.message)) error.stack = error.stack.replace(error.message, message);
  error.message = message;
  return error;
}
