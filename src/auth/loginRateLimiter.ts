/** Limits of a {@link LoginRateLimiter}. */
export interface LoginRateLimiterOptions {
  /** Failed logins per username within the window before further attempts are refused (default 5). */
  readonly maxFailuresPerUsername?: number;
  /** Failed logins per client address within the window (default 20). */
  readonly maxFailuresPerAddress?: number;
  /** The window, in milliseconds (default 15 minutes). */
  readonly windowMs?: number;
  /** The clock in milliseconds (tests move it). */
  readonly now?: () => number;
}

/** Whether a login attempt may proceed. */
export type LoginAttemptDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

// Past this many tracked keys, every key's expired failures are dropped, so a spray of usernames cannot grow memory.
const SWEEP_THRESHOLD = 10_000;

/**
 * Counts failed logins per username and per client address in a sliding window and refuses further attempts once
 * either reaches its limit, until the oldest failure leaves the window. A success clears the username's count (not
 * the address's, so one good account does not unlock guessing at others).
 *
 * The counts live in this process: each instance of a scaled-out deployment counts on its own, so the effective limit
 * is multiplied by the number of instances.
 *
 * @example
 * ```ts
 * const limiter = new LoginRateLimiter();
 * const decision = limiter.check('alice', '203.0.113.7');
 * if (!decision.allowed) res.header('Retry-After', String(decision.retryAfterSeconds));
 * ```
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxPerUsername: number;
  private readonly maxPerAddress: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: LoginRateLimiterOptions = {}) {
    this.maxPerUsername = options.maxFailuresPerUsername ?? 5;
    this.maxPerAddress = options.maxFailuresPerAddress ?? 20;
    this.windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Whether an attempt for `username` from `address` may proceed now. */
  check(username: string, address: string): LoginAttemptDecision {
    const now = this.now();
    const waits = [this.waitFor(usernameKey(username), this.maxPerUsername, now), this.waitFor(addressKey(address), this.maxPerAddress, now)];
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  /** Counts a failed attempt against the username and the address. */
  recordFailure(username: string, address: string): void {
    const now = this.now();
    if (this.failures.size > SWEEP_THRESHOLD) this.sweep(now);
    for (const key of [usernameKey(username), addressKey(address)]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  /** Forgets the username's failures after a successful login. */
  recordSuccess(username: string): void {
    this.failures.delete(usernameKey(username));
  }

  /** Milliseconds until `key` is below `limit` again; 0 when it is already. */
  private waitFor(key: string, limit: number, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < limit) return 0;
    const oldestCounted = recent[recent.length - limit] ?? now;
    return oldestCounted + this.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((time) => time > now - this.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }
}

function usernameKey(username: string): string {
  return `user:${username.trim().toLowerCase()}`;
}

function addressKey(address: string): string {
  return `address:${address}`;
}
