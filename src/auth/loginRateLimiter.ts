import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../storage/engine/documentStore';

/** Collection of the login counters; documents expire on their own (TTL index on `expiresAt`). */
export const LOGIN_THROTTLE_COLLECTION = 'loginThrottle';

/** Limits of a {@link LoginRateLimiter}; the defaults follow the names. */
export interface LoginRateLimiterOptions {
  /** Failures of one username from one address before each further attempt must wait (default 5). */
  readonly freeFailures?: number;
  /** The first wait; it doubles with each further failure (default 1 second). */
  readonly firstDelayMs?: number;
  /** The longest wait between two attempts of one username from one address (default 15 minutes). */
  readonly maxDelayMs?: number;
  /** How long a username and address pair's failures are remembered after its last one (default 24 hours). */
  readonly pairMemoryMs?: number;
  /** Failed attempts from one address, whatever the username, before it is refused (default 20). */
  readonly maxFailuresPerAddress?: number;
  /** The window of the per-address and per-username counts, from their first failure (default 15 minutes). */
  readonly windowMs?: number;
  /** Failures of one username from every address in the window before its attempts are slowed (default 10). */
  readonly usernameSlowdownAfter?: number;
  /** The slowdown added per failure past `usernameSlowdownAfter` (default 250 ms)… */
  readonly slowdownStepMs?: number;
  /** …up to this (default 2 seconds). */
  readonly maxSlowdownMs?: number;
  /** The clock in milliseconds (tests move it). */
  readonly now?: () => number;
}

/** Whether a login attempt may proceed: after `delayMs` (the per-username slowdown), or not before `retryAfterSeconds`. */
export type LoginAttemptDecision =
  | { readonly allowed: true; readonly delayMs: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly limit: 'address' | 'usernameAndAddress' };

type CounterKind = 'address' | 'pair' | 'username';

type CounterDocument = {
  _id: string;
  kind: CounterKind;
  count: number;
  /** Pairs: the earliest time of the next attempt. */
  nextAt?: Date;
  /** Pairs: bumped at each claim, so concurrent claims are decided one by one (compare-and-set). */
  rev?: number;
  expiresAt: Date;
};

// Rounds of a contended counter: a compare-and-set claim is then refused (only a burst for one pair contends).
const MAX_CLAIM_ROUNDS = 3;

/**
 * Limits password guessing without letting anyone lock out the real user (OWASP's authentication guidance):
 * - **per username and client address**: the first `freeFailures` failures are free, then each attempt must wait a
 *   delay doubling from `firstDelayMs` up to `maxDelayMs` after the previous failure; a success forgets the pair. A
 *   guesser slows only their own address;
 * - **per client address**: after `maxFailuresPerAddress` failed attempts within `windowMs` (any usernames), the
 *   address is refused until the window ends (spraying many usernames);
 * - **per username**, from all addresses: a soft slowdown only (at most `maxSlowdownMs` before the password is
 *   checked), never a refusal, so the right password from an address that has not failed gets in.
 * IPv6 clients are counted by their /64 network, as one host usually holds all of it.
 *
 * The counts live in the store (collection `loginThrottle`), so every instance of a cluster shares them; each is
 * changed atomically (an attempt is counted before the password is checked, so parallel attempts cannot slip past a
 * limit) and expires by itself. Usernames and addresses are kept only as hashes.
 *
 * @example
 * ```ts
 * const limiter = new LoginRateLimiter(store);
 * const decision = await limiter.begin('alice', '203.0.113.7');
 * if (!decision.allowed) res.header('Retry-After', String(decision.retryAfterSeconds));
 * else if (await checkPassword()) await limiter.recordSuccess('alice', '203.0.113.7');
 * else await limiter.recordFailure('alice', '203.0.113.7');
 * ```
 */
export class LoginRateLimiter {
  private collectionPromise: Promise<DocumentCollection<CounterDocument>> | undefined;
  private readonly freeFailures: number;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly pairMemoryMs: number;
  private readonly maxFailuresPerAddress: number;
  private readonly windowMs: number;
  private readonly usernameSlowdownAfter: number;
  private readonly slowdownStepMs: number;
  private readonly maxSlowdownMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: DocumentStore,
    options: LoginRateLimiterOptions = {},
  ) {
    this.freeFailures = options.freeFailures ?? 5;
    this.firstDelayMs = options.firstDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60 * 1000;
    this.pairMemoryMs = options.pairMemoryMs ?? 24 * 60 * 60 * 1000;
    this.maxFailuresPerAddress = options.maxFailuresPerAddress ?? 20;
    this.windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.usernameSlowdownAfter = options.usernameSlowdownAfter ?? 10;
    this.slowdownStepMs = options.slowdownStepMs ?? 250;
    this.maxSlowdownMs = options.maxSlowdownMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Starts an attempt for `username` from `address`: counts it against the address and the pair (as a failure, until
   * {@link recordSuccess} says otherwise) and answers whether it may go on, or refuses it without counting it.
   */
  async begin(username: string, address: string): Promise<LoginAttemptDecision> {
    const now = this.now();
    const addressId = counterId('address', addressGroup(address));
    const perAddress = await this.bumpWindow(addressId, 'address', now);
    if (perAddress.count > this.maxFailuresPerAddress) {
      await this.unbump(addressId, now);
      return refused(perAddress.expiresAt.getTime() - now, 'address');
    }
    const waitMs = await this.claimPair(pairId(username, address), now);
    if (waitMs > 0) {
      await this.unbump(addressId, now);
      return refused(waitMs, 'usernameAndAddress');
    }
    const perUsername = await (await this.collection()).findOne({ _id: counterId('username', normalizedUsername(username)) });
    const failures = perUsername && perUsername.expiresAt.getTime() > now ? perUsername.count : 0;
    const excess = failures - this.usernameSlowdownAfter + 1;
    return { allowed: true, delayMs: excess > 0 ? Math.min(this.maxSlowdownMs, excess * this.slowdownStepMs) : 0 };
  }

  /** The attempt begun with {@link begin} failed: it counts towards the username's slowdown too. */
  async recordFailure(username: string, _address: string): Promise<void> {
    await this.bumpWindow(counterId('username', normalizedUsername(username)), 'username', this.now());
  }

  /**
   * The attempt begun with {@link begin} succeeded: the username's and the pair's failures are forgotten, and the
   * attempt no longer counts against the address (its earlier failures still do, so one good account does not
   * unlock guessing at others).
   */
  async recordSuccess(username: string, address: string): Promise<void> {
    const collection = await this.collection();
    await collection.deleteMany({ _id: { $in: [pairId(username, address), counterId('username', normalizedUsername(username))] } });
    await this.unbump(counterId('address', addressGroup(address)), this.now());
  }

  /** The milliseconds until a next attempt of the pair is allowed: 0 when this one may go on (it is then counted). */
  private async claimPair(id: string, now: number): Promise<number> {
    const collection = await this.collection();
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round += 1) {
      const current = await collection.findOne({ _id: id });
      const live = current && current.expiresAt.getTime() > now ? current : undefined;
      const nextAt = live?.nextAt?.getTime() ?? now;
      if (nextAt > now) return nextAt - now;
      const failures = (live?.count ?? 0) + 1;
      const claim = { count: failures, nextAt: new Date(now + this.delayAfter(failures)), expiresAt: new Date(now + this.pairMemoryMs) };
      if (current) {
        const rev = current.rev ?? 0;
        if (await collection.findOneAndUpdate({ _id: id, rev }, { $set: { ...claim, rev: rev + 1 } })) return 0;
      } else {
        try {
          await collection.insertOne({ _id: id, kind: 'pair', ...claim, rev: 1 });
          return 0;
        } catch (error) {
          if (!(error instanceof DuplicateKeyError)) throw error;
        }
      }
    }
    return this.firstDelayMs;
  }

  /** The wait before the attempt after `failures` failures of a pair. */
  private delayAfter(failures: number): number {
    if (failures < this.freeFailures) return 0;
    return Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** Math.min(failures - this.freeFailures, 30));
  }

  /** Adds one to a counter of a fixed window starting at its first count; a counter past its window starts again. */
  private async bumpWindow(id: string, kind: CounterKind, now: number): Promise<{ readonly count: number; readonly expiresAt: Date }> {
    const collection = await this.collection();
    const at = new Date(now);
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round += 1) {
      const live = await collection.findOneAndUpdate({ _id: id, expiresAt: { $gt: at } }, { $inc: { count: 1 } });
      if (live) return live;
      const restarted = await collection.findOneAndUpdate({ _id: id, expiresAt: { $lte: at } }, { $set: { count: 1, expiresAt: new Date(now + this.windowMs) } });
      if (restarted) return restarted;
      const created: CounterDocument = { _id: id, kind, count: 1, expiresAt: new Date(now + this.windowMs) };
      try {
        await collection.insertOne(created);
        return created;
      } catch (error) {
        // Created by a concurrent attempt a moment ago: the next round counts on it.
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
    throw new Error(`login counter ${kind} could not be counted after ${MAX_CLAIM_ROUNDS} rounds`);
  }

  private async unbump(id: string, now: number): Promise<void> {
    await (await this.collection()).updateOne({ _id: id, expiresAt: { $gt: new Date(now) }, count: { $gt: 0 } }, { $inc: { count: -1 } });
  }

  private collection(): Promise<DocumentCollection<CounterDocument>> {
    this.collectionPromise ??= this.store.collection<CounterDocument>(LOGIN_THROTTLE_COLLECTION, [{ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }]);
    return this.collectionPromise;
  }
}

function refused(waitMs: number, limit: 'address' | 'usernameAndAddress'): LoginAttemptDecision {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), limit };
}

function normalizedUsername(username: string): string {
  return username.trim().toLowerCase();
}

function pairId(username: string, address: string): string {
  return counterId('pair', `${normalizedUsername(username)}\u0000${addressGroup(address)}`);
}

/** A counter's id: its kind and a hash of what it counts, so no typed username (or password by mistake) is stored. */
function counterId(kind: CounterKind, subject: string): string {
  return `${kind}:${createHash('sha256').update(subject).digest('base64url')}`;
}

/** What the limits count by: an IPv4 address, or the /64 network of an IPv6 address. */
function addressGroup(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
