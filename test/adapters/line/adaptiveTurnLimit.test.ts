import assert from 'node:assert/strict';
import { AdaptiveTurnLimit } from '../../../adapters/line/adaptiveTurnLimit';

/** A target that records the limits it is given. */
function recordingTarget(initial: number): { limit: number; setLimit(limit: number): void; given: number[] } {
  return {
    limit: initial,
    given: [],
    setLimit(limit: number) {
      this.limit = limit;
      this.given.push(limit);
    },
  };
}

describe('AdaptiveTurnLimit', () => {
  it('lowers the limit by a quarter while the event loop lags beyond the target, down to the minimum', () => {
    const target = recordingTarget(64);
    const limit = new AdaptiveTurnLimit(target, { max: 64, min: 16, targetLagMs: 10, sampleLagMs: () => 50 });
    for (let round = 0; round < 8; round += 1) limit.adjust();
    assert.deepEqual(target.given, [48, 36, 27, 20, 16]);
  });

  it('raises the limit by an eighth (at least one) while the lag is under half the target, up to the maximum', () => {
    const target = recordingTarget(4);
    const limit = new AdaptiveTurnLimit(target, { max: 12, min: 4, targetLagMs: 10, sampleLagMs: () => 1 });
    for (let round = 0; round < 10; round += 1) limit.adjust();
    assert.deepEqual(target.given, [5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('keeps the limit while the lag lies between half the target and the target', () => {
    const target = recordingTarget(20);
    const limit = new AdaptiveTurnLimit(target, { max: 64, targetLagMs: 10, sampleLagMs: () => 7 });
    limit.adjust();
    assert.deepEqual(target.given, []);
    assert.equal(target.limit, 20);
  });

  it('gives the highest limit back when stopped', () => {
    const target = recordingTarget(64);
    const limit = new AdaptiveTurnLimit(target, { max: 64, targetLagMs: 10, sampleLagMs: () => 100 });
    limit.start();
    limit.adjust();
    assert.equal(target.limit, 48);
    limit.stop();
    assert.equal(target.limit, 64);
  });
});
