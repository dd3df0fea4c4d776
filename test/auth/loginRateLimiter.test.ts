import assert from 'node:assert/strict';
import { LoginRateLimiter, type LoginAttemptDecision } from '../../src/auth/loginRateLimiter';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { describeEachBackend } from '../storage/engine/storageBackends';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const ATTACKER = '203.0.113.7';
const VICTIM_HOME = '198.51.100.20';

describeEachBackend('LoginRateLimiter', (backend) => {
  let store: DocumentStore;
  let now: number;
  let limiter: LoginRateLimiter;
  const clock = (): number => now;

  beforeEach(async () => {
    store = await backend.open();
    // The real time at least: the stores' TTL expiry deletes counters by the real clock.
    now = Date.now();
    limiter = new LoginRateLimiter(store, { now: clock });
  });
  afterEach(() => store.close());

  /** One attempt that fails when allowed; the decision it got. */
  async function fail(username: string, address: string, on = limiter): Promise<LoginAttemptDecision> {
    const decision = await on.begin(username, address);
    if (decision.allowed) await on.recordFailure(username, address);
    return decision;
  }

  it('gives a username five free failures from one address, then makes each attempt wait twice as long', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) assert.deepEqual(await fail('Alice', ATTACKER), { allowed: true, delayMs: 0 }, `attempt ${attempt}`);
    assert.deepEqual(await limiter.begin('alice', ATTACKER), { allowed: false, retryAfterSeconds: 1, limit: 'usernameAndAddress' }, 'any case of the username');
    now += SECOND;
    assert.equal((await fail('alice', ATTACKER)).allowed, true, 'after the first delay');
    assert.deepEqual(await limiter.begin('alice', ATTACKER), { allowed: false, retryAfterSeconds: 2, limit: 'usernameAndAddress' });
    now += 2 * SECOND;
    assert.equal((await fail('alice', ATTACKER)).allowed, true);
    assert.equal((await limiter.begin('alice', ATTACKER) as { retryAfterSeconds?: number }).retryAfterSeconds, 4);
    assert.equal((await limiter.begin('bob', ATTACKER)).allowed, true, 'other usernames from the address go on');
  });

  it('lets the right password in from another address however often a username failed elsewhere', async () => {
    const attackers = Array.from({ length: 8 }, (_, n) => `203.0.113.${n + 1}`);
    for (let round = 0; round < 40; round += 1) {
      for (const address of attackers) await fail('alice', address);
      now += 20 * SECOND;
    }
    const decision = await limiter.begin('alice', VICTIM_HOME);
    assert.equal(decision.allowed, true, JSON.stringify(decision));
    assert.ok(decision.allowed && decision.delayMs > 0 && decision.delayMs <= 2 * SECOND, `a soft slowdown only: ${JSON.stringify(decision)}`);
    await limiter.recordSuccess('alice', VICTIM_HOME);
    assert.deepEqual(await limiter.begin('alice', VICTIM_HOME), { allowed: true, delayMs: 0 }, 'a success forgets the username’s failures');
    assert.equal((await limiter.begin('alice', attackers[0] ?? '')).allowed, false, 'the guessers stay slowed down');
  });

  it('refuses an address after twenty failures, whatever the usernames, until its window ends', async () => {
    for (let user = 0; user < 20; user += 1) assert.equal((await fail(`user${user}`, ATTACKER)).allowed, true, `failure ${user + 1}`);
    const refused = await limiter.begin('someone-new', ATTACKER);
    assert.deepEqual(refused, { allowed: false, retryAfterSeconds: 15 * 60, limit: 'address' });
    assert.equal((await limiter.begin('someone-new', VICTIM_HOME)).allowed, true, 'another address');
    now += 15 * MINUTE;
    assert.equal((await limiter.begin('someone-new', ATTACKER)).allowed, true, 'the window ended');
  });

  it('counts successes from an address as nothing, and its earlier failures still', async () => {
    for (let user = 0; user < 19; user += 1) await fail(`user${user}`, ATTACKER);
    for (let login = 0; login < 5; login += 1) {
      assert.equal((await limiter.begin('alice', ATTACKER)).allowed, true, `login ${login + 1}`);
      await limiter.recordSuccess('alice', ATTACKER);
    }
    await fail('user19', ATTACKER);
    assert.equal((await limiter.begin('alice', ATTACKER)).allowed, false, 'twenty failures');
  });

  it('counts an IPv6 client by its /64 network', async () => {
    for (let host = 1; host <= 20; host += 1) await fail(`user${host}`, `2001:db8:0:7::${host.toString(16)}`);
    assert.equal((await limiter.begin('someone', '2001:0db8:0000:0007:ffff::1')).allowed, false, 'another host of the /64');
    assert.equal((await limiter.begin('someone', '2001:db8:0:8::1')).allowed, true, 'the next /64');
  });

  it('shares the counts between two instances on one store', async () => {
    const other = new LoginRateLimiter(store, { now: clock });
    for (let attempt = 0; attempt < 5; attempt += 1) await fail('alice', ATTACKER, attempt % 2 === 0 ? limiter : other);
    assert.equal((await other.begin('alice', ATTACKER)).allowed, false, 'the pair, counted by both');
    assert.equal((await limiter.begin('alice', ATTACKER)).allowed, false);
    for (let user = 0; user < 15; user += 1) await fail(`user${user}`, ATTACKER, other);
    assert.deepEqual(await limiter.begin('bob', ATTACKER), { allowed: false, retryAfterSeconds: 15 * 60, limit: 'address' });
  });

  it('lets no burst of parallel attempts slip past a limit', async () => {
    const pair = await Promise.all(Array.from({ length: 30 }, () => limiter.begin('alice', ATTACKER)));
    const pairAllowed = pair.filter((decision) => decision.allowed).length;
    assert.ok(pairAllowed >= 1 && pairAllowed <= 5, `${pairAllowed} parallel attempts for one username from one address went on`);

    const spray = await Promise.all(Array.from({ length: 40 }, (_, n) => limiter.begin(`user${n}`, VICTIM_HOME)));
    assert.equal(spray.filter((decision) => decision.allowed).length, 20, 'exactly the address’s limit went on');
  });

  it('remembers a pair’s failures for a day after the last one, then gives the free failures again', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) await fail('alice', ATTACKER);
    now += 12 * 60 * MINUTE;
    assert.equal((await fail('alice', ATTACKER)).allowed, true, 'the delay is long over');
    assert.equal((await limiter.begin('alice', ATTACKER)).allowed, false, 'but the failures are remembered: no free attempt');
    now += 24 * 60 * MINUTE;
    for (let attempt = 1; attempt <= 5; attempt += 1) assert.deepEqual(await fail('alice', ATTACKER), { allowed: true, delayMs: 0 }, `attempt ${attempt}`);
  });
});
