import type { SentMessage } from './fakeLineApiTypes.js';

/** How long LINE remembers an accepted `X-Line-Retry-Key`. */
export const RETRY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** What LINE remembers of a request accepted with a retry key, to answer its repetitions with 409. */
export interface AcceptedRetry {
  readonly acceptedAt: number;
  readonly requestId: string;
  readonly sentMessages: readonly SentMessage[];
}

/**
 * Retry keys of accepted requests, kept for 24 hours. Only a request that was accepted records its key, so a
 * request that failed may be retried with the same key.
 */
export class RetryKeyStore {
  private readonly accepted = new Map<string, AcceptedRetry>();

  /** Creates a store that ages keys by the given clock. */
  constructor(private readonly now: () => number) {}

  /** The accepted request that used this key within the last 24 hours, if any. */
  find(retryKey: string): AcceptedRetry | undefined {
    const now = this.now();
    // Keys are accepted in time order, so the expired ones are at the front of the map.
    for (const [key, entry] of this.accepted) {
      if (now - entry.acceptedAt < RETRY_KEY_TTL_MS) break;
      this.accepted.delete(key);
    }
    return this.accepted.get(retryKey);
  }

  /** Records that a request with this key was accepted. */
  accept(retryKey: string, requestId: string, sentMessages: readonly SentMessage[]): void {
    this.accepted.set(retryKey, { acceptedAt: this.now(), requestId, sentMessages });
  }

  /** Forgets every key. */
  clear(): void {
    this.accepted.clear();
  }
}
