import assert from 'node:assert/strict';
import { LoginRateLimiter } from '../../src/auth/loginRateLimiter';

describe('LoginRateLimiter', () => {
  const MINUTE = 60_000;
  let now: number;
  let limiter: LoginRateLimiter;

  beforeEach(() => {
    now = Date.parse('2026-11-20T10:00:00Z');
    limiter = new LoginRateLimiter({ maxFailuresPerUsername: 5, maxFailuresPerAddress: 20, windowMs: 15 * MINUTE, now: () => now });
  });

  it('refuses a username after five failures in the window, with the wait until the oldest leaves it', () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      assert.equal(limiter.check('Alice', '203.0.113.7').allowed, true);
      limiter.recordFailure('Alice', '203.0.113.7');
      now += MINUTE;
    }
    assert.deepEqual(limiter.check('alice', '198.51.100.1'), { allowed: false, retryAfterSeconds: 10 * 60 }, 'any address, any case');
    assert.equal(limiter.check('bob', '203.0.113.7').allowed, true, 'other usernames from the address go on');
    now += 10 * MINUTE;
    assert.equal(limiter.check('alice', '203.0.113.7').allowed, true, 'the first failure left the window');
  });

  it('a success clears the username’s count but not the address’s', () => {
    for (let attempt = 0; attempt < 4; attempt += 1) limiter.recordFailure('alice', '203.0.113.7');
    limiter.recordSuccess('alice');
    limiter.recordFailure('alice', '203.0.113.7');
    assert.equal(limiter.check('alice', '203.0.113.7').allowed, true);
    for (let user = 0; user < 15; user += 1) limiter.recordFailure(`user${user}`, '203.0.113.7');
    const decision = limiter.check('someone-new', '203.0.113.7');
    assert.equal(decision.allowed, false, 'twenty failures from one address');
    assert.equal(limiter.check('someone-new', '198.51.100.1').allowed, true, 'another address');
  });

  it('forgets failures older than the window', () => {
    for (let attempt = 0; attempt < 5; attempt += 1) limiter.recordFailure('alice', '203.0.113.7');
    assert.equal(limiter.check('alice', '203.0.113.7').allowed, false);
    now += 15 * MINUTE;
    assert.equal(limiter.check('alice', '203.0.113.7').allowed, true);
  });
});
