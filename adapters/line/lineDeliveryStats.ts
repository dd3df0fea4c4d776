/** What one account has sent, split into the free part (replies) and the paid part (pushes). */
export interface LineDeliveryCounts {
  /** Reply API calls that succeeded. */
  replyRequests: number;
  /** Messages delivered by reply (free). */
  replyMessages: number;
  /** Push API calls that succeeded (including a 409 "already accepted"). */
  pushRequests: number;
  /** Messages delivered by push (counted against the paid quota). */
  pushMessages: number;
  /** Replies that could not be used (token expired, used or rejected) and went by push. */
  replyFallbacks: number;
  /** Calls repeated after a retryable failure. */
  retries: number;
  /** Deliveries that finally failed. */
  failures: number;
  /** Loading animations shown for `typing` activities. */
  loadingAnimations: number;
  /** Chats whose messages were marked read on LINE. */
  readMarks: number;
}

/** Told of every count as it happens (metrics, a stored meter). */
export type LineDeliveryListener = (accountId: string, counter: keyof LineDeliveryCounts, amount: number) => void;

/** Per-account delivery counters, kept in memory and exposed for metrics. */
export class LineDeliveryStats {
  private readonly byAccount = new Map<string, LineDeliveryCounts>();
  private readonly listeners: LineDeliveryListener[] = [];

  /** Adds `amount` to one counter of one account. */
  add(accountId: string, counter: keyof LineDeliveryCounts, amount = 1): void {
    const counts = this.countsOf(accountId);
    counts[counter] += amount;
    for (const listener of this.listeners) listener(accountId, counter, amount);
  }

  /**
   * Calls `listener` on every later count.
   *
   * @example adapter.deliveryStats.subscribe((accountId, counter, amount) => meter.count(accountId, counter, amount));
   */
  subscribe(listener: LineDeliveryListener): void {
    this.listeners.push(listener);
  }

  /** A copy of the counters, per account id. */
  snapshot(): Record<string, LineDeliveryCounts> {
    return Object.fromEntries([...this.byAccount].map(([accountId, counts]) => [accountId, { ...counts }]));
  }

  private countsOf(accountId: string): LineDeliveryCounts {
    let counts = this.byAccount.get(accountId);
    if (!counts) {
      counts = { replyRequests: 0, replyMessages: 0, pushRequests: 0, pushMessages: 0, replyFallbacks: 0, retries: 0, failures: 0, loadingAnimations: 0, readMarks: 0 };
      this.byAccount.set(accountId, counts);
    }
    return counts;
  }
}
