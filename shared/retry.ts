/**
 * Retrying with exponential backoff, full jitter, a cap and an abort signal: the one retry helper of the server, the
 * LINE adapter and the dashboard. It imports nothing and uses only what browsers and Node share (`setTimeout`,
 * `AbortSignal`), so all three can import it.
 */

/** How often and how patiently a failed call is repeated. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Ceiling of the first delay; it doubles with each further retry. */
  readonly baseDelayMs: number;
  /** Upper bound of one delay (also caps a server's `Retry-After`). */
  readonly maxDelayMs: number;
}

/** LINE's advice is to back off exponentially; five attempts span about eight seconds. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 });

/** What {@link retry} needs to know about a failure. */
export interface RetryDecision {
  readonly retryable: boolean;
  /** A wait the server asked for, in milliseconds. */
  readonly retryAfterMs?: number;
}

/** Options of {@link retry}. */
export interface RetryOptions {
  /** Whether a failure is worth another attempt; every failure is, unless told. */
  readonly classify?: (error: unknown) => RetryDecision;
  /** Called before each wait, e.g. to count or log retries. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Stops the retries: a wait in progress ends at once and {@link retry} rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Source of randomness in [0, 1); `Math.random` unless told (tests pass a fixed one). */
  readonly random?: () => number;
}

/** The part of a {@link RetryPolicy} that shapes the delays. */
export type BackoffShape = Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;

/**
 * The delay before retry number `retry` (1 for the first): "full jitter", a random whole number of milliseconds
 * between 0 and `min(maxDelayMs, baseDelayMs × 2^(retry − 1))`, so that many clients failing together do not retry
 * in lockstep.
 *
 * @example backoffDelayMs(3, { baseDelayMs: 250, maxDelayMs: 8_000 }); // somewhere in [0, 1000]
 */
export function backoffDelayMs(retry: number, shape: BackoffShape, random: () => number = Math.random): number {
  // The exponent is bounded so that a long outage cannot overflow to Infinity × 0.
  const ceiling = Math.min(shape.maxDelayMs, shape.baseDelayMs * 2 ** Math.min(Math.max(retry - 1, 0), 52));
  return Math.round(random() * ceiling);
}

/**
 * Runs `operation` until it succeeds, a failure is not retryable, the attempts run out (then rethrows the last
 * error) or `options.signal` aborts (then rejects with its reason). Delays follow {@link backoffDelayMs}; a server's
 * `retryAfterMs` lengthens a delay, but never beyond `maxDelayMs`.
 *
 * @example
 * const profile = await retry(() => client.getProfile(userId), { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 }, { classify, signal });
 */
export async function retry<T>(operation: (attempt: number) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY_POLICY, options: RetryOptions = {}): Promise<T> {
  const { classify = alwaysRetryable, onRetry, signal, random = Math.random } = options;
  for (let attempt = 1; ; attempt += 1) {
    signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retryable || attempt >= policy.attempts || signal?.aborted) throw error;
      const delayMs = Math.min(policy.maxDelayMs, Math.max(backoffDelayMs(attempt, policy, random), decision.retryAfterMs ?? 0));
      onRetry?.(error, attempt, delayMs);
      await abortableDelay(delayMs, signal);
    }
  }
}

/**
 * Resolves after `ms`, or rejects with `signal`'s reason as soon as it aborts.
 *
 * @example await abortableDelay(1_000, controller.signal);
 */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function alwaysRetryable(): RetryDecision {
  return { retryable: true };
}
