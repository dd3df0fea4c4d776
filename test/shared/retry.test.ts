import assert from 'node:assert/strict';
import FakeTimers, { type Clock } from '@sinonjs/fake-timers';
import { abortableDelay, backoffDelayMs, retry, type RetryDecision } from '../../shared/retry';
import { seededRandom } from '../support/seededRandom';

const SHAPE = { baseDelayMs: 250, maxDelayMs: 8_000 };
const ALMOST_ONE = 1 - Number.EPSILON;

describe('backoffDelayMs (exponential backoff with full jitter)', () => {
  it('has a ceiling that doubles from the base delay and stops at the cap', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 30, 5_000].map((attempt) => backoffDelayMs(attempt, SHAPE, () => ALMOST_ONE));
    assert.deepEqual(ceilings, [250, 500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000]);
  });

  it('starts at zero: full jitter may retry at once', () => {
    assert.deepEqual([1, 4, 9].map((attempt) => backoffDelayMs(attempt, SHAPE, () => 0)), [0, 0, 0]);
  });

  it('spreads delays over the whole range below the ceiling, in whole milliseconds', () => {
    const random = seededRandom(19);
    const delays = Array.from({ length: 2_000 }, () => backoffDelayMs(3, SHAPE, random));
    assert.ok(delays.every((delay) => Number.isInteger(delay) && delay >= 0 && delay <= 1_000), 'within [0, 1000]');
    const quarters = [0, 1, 2, 3].map((quarter) => delays.filter((delay) => delay >= quarter * 250 && delay < (quarter + 1) * 250).length);
    assert.ok(quarters.every((count) => count > 350), `every quarter of the range is used about evenly: ${quarters.join(', ')}`);
  });
});

describe('retry (the shared retry helper)', () => {
  let clock: Clock;
  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.uninstall());

  /** An operation that fails `failures` times, then answers `'done'`; `calls` counts its runs. */
  function flaky(failures: number, error: (call: number) => Error = (call) => new Error(`failure ${call}`)) {
    const state = { calls: 0, operation: async (): Promise<string> => {
      state.calls += 1;
      if (state.calls <= failures) throw error(state.calls);
      return 'done';
    } };
    return state;
  }

  it('waits out each announced delay, no less, and returns the first success', async () => {
    const op = flaky(2);
    const delays: number[] = [];
    const result = retry(op.operation, { attempts: 5, ...SHAPE }, { random: () => 0.5, onRetry: (_error, _attempt, delayMs) => delays.push(delayMs) });
    await clock.tickAsync(0);
    assert.deepEqual([op.calls, delays], [1, [125]]);
    await clock.tickAsync(124);
    assert.equal(op.calls, 1, 'not before the first delay');
    await clock.tickAsync(1);
    assert.deepEqual([op.calls, delays], [2, [125, 250]]);
    await clock.tickAsync(249);
    assert.equal(op.calls, 2, 'not before the second delay');
    await clock.tickAsync(1);
    assert.equal(await result, 'done');
    assert.equal(op.calls, 3);
  });

  it('rethrows the last error once the attempts run out', async () => {
    const op = flaky(10);
    const result = retry(op.operation, { attempts: 3, ...SHAPE }, { random: () => ALMOST_ONE });
    const settled = assert.rejects(result, /failure 3/);
    await clock.tickAsync(250 + 500);
    await settled;
    assert.equal(op.calls, 3);
  });

  it('stops at once on a failure that is not retryable', async () => {
    const op = flaky(10);
    await assert.rejects(retry(op.operation, { attempts: 5, ...SHAPE }, { classify: (): RetryDecision => ({ retryable: false }) }), /failure 1/);
    assert.equal(op.calls, 1);
  });

  it('waits as long as the server asks, but never beyond the cap', async () => {
    const delays: number[] = [];
    const asks = [3_000, 60_000];
    const op = flaky(2);
    const result = retry(op.operation, { attempts: 5, ...SHAPE }, {
      random: () => 0,
      classify: () => ({ retryable: true, retryAfterMs: asks[delays.length] }),
      onRetry: (_error, _attempt, delayMs) => delays.push(delayMs),
    });
    await clock.tickAsync(3_000 + 8_000);
    assert.equal(await result, 'done');
    assert.deepEqual(delays, [3_000, 8_000]);
  });

  it('ends a wait at once when its signal aborts, with the signal’s reason, and runs the operation no more', async () => {
    const op = flaky(10);
    const controller = new AbortController();
    const result = retry(op.operation, { attempts: 5, ...SHAPE }, { signal: controller.signal, random: () => ALMOST_ONE });
    const settled = assert.rejects(result, (error: unknown) => error instanceof Error && error.message === 'shutting down');
    await clock.tickAsync(0);
    controller.abort(new Error('shutting down'));
    await settled;
    await clock.tickAsync(60_000);
    assert.equal(op.calls, 1);
  });

  it('does not start when its signal has aborted already', async () => {
    const op = flaky(0);
    await assert.rejects(retry(op.operation, undefined, { signal: AbortSignal.abort(new Error('too late')) }), /too late/);
    assert.equal(op.calls, 0);
  });

  it('abortableDelay resolves after its time, and leaves no timer behind once aborted', async () => {
    let resolved = false;
    void abortableDelay(100).then(() => (resolved = true));
    await clock.tickAsync(99);
    assert.equal(resolved, false);
    await clock.tickAsync(1);
    assert.equal(resolved, true);

    const controller = new AbortController();
    const aborted = assert.rejects(abortableDelay(100, controller.signal), /stop/);
    controller.abort(new Error('stop'));
    await aborted;
    assert.equal(clock.countTimers(), 0);
  });
});
