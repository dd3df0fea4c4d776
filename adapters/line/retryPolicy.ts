/** How often and how patiently a failed call is repeated. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Delay before the first retry; doubles each time. */
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

/**
 * Runs `operation` until it succeeds, a failure is not retryable, or the attempts run out; then
 * rethrows the last error. Delays grow exponentially with full jitter, so that many
 * conversations failing together do not retry in lockstep.
 *
 * @param onRetry called before each wait, e.g. to count or log retries.
 */
export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retryable || attempt >= policy.attempts) throw error;
      const backoff = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.min(policy.maxDelayMs, Math.max(backoff, decision.retryAfterMs ?? 0));
      onRetry?.(error, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
