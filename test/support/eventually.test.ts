import assert from 'node:assert/strict';
import FakeTimers, { type Clock } from '@sinonjs/fake-timers';
import { eventually } from './eventually';

describe('eventually (the tests’ one way to wait for something to happen)', () => {
  let clock: Clock;
  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.uninstall());

  it('tries again every interval until the assertion passes, and returns its result', async () => {
    let tries = 0;
    const result = eventually(() => {
      tries += 1;
      assert.ok(tries >= 3, `try ${tries}`);
      return `passed at try ${tries}`;
    }, { intervalMs: 100 });
    await clock.tickAsync(199);
    assert.equal(tries, 2);
    await clock.tickAsync(1);
    assert.equal(await result, 'passed at try 3');
  });

  it('rethrows the last failure after the timeout, same error, led by how long it waited', async () => {
    let tries = 0;
    const result = eventually(() => assert.equal((tries += 1), 0, 'nothing yet'), { timeoutMs: 1_000, intervalMs: 250 });
    const settled = assert.rejects(result, (error: unknown) => {
      assert.ok(error instanceof assert.AssertionError);
      assert.equal(error.actual, 5);
      assert.match(error.message, /^still failing after 1000 ms \(5 tries\): nothing yet/);
      return true;
    });
    await clock.tickAsync(1_000);
    await settled;
    assert.equal(tries, 5);
  });

  it('waits for async assertions too', async () => {
    let ready = false;
    setTimeout(() => (ready = true), 500);
    const result = eventually(async () => assert.ok(await Promise.resolve(ready), 'ready'));
    await clock.tickAsync(520);
    await result;
  });
});
