import assert from 'node:assert/strict';
import { lineUsageReport, quotaLevel } from '../../src/metrics/lineUsageReport';
import { meterMonthOf } from '../../src/metrics/lineUsageRepository';

describe('push meter arithmetic', () => {
  it('warns from 80 % of the quota and is exhausted at 100 %', () => {
    assert.equal(quotaLevel(159, 200), 'ok');
    assert.equal(quotaLevel(160, 200), 'warning');
    assert.equal(quotaLevel(199, 200), 'warning');
    assert.equal(quotaLevel(200, 200), 'exhausted');
    assert.equal(quotaLevel(250, 200), 'exhausted');
  });

  it("counts months in Japan time (UTC+9)", () => {
    assert.equal(meterMonthOf(new Date('2026-01-31T14:59:59Z')), '2026-01');
    assert.equal(meterMonthOf(new Date('2026-01-31T15:00:00Z')), '2026-02');
  });

  it('uses the larger of LINE\'s consumption and the pushes counted here', () => {
    const base = { accountId: 'a', month: '2026-01', replyRequests: 0, replyMessages: 0, pushRequests: 0, replyFallbacks: 0, failures: 0 };
    const stale = lineUsageReport({ id: 'a', name: 'A' }, '2026-01', { ...base, pushMessages: 190, quota: { limit: 200, consumption: 10, readAt: new Date() } });
    assert.equal(stale.level, 'warning');
    const unread = lineUsageReport({ id: 'a', name: 'A' }, '2026-01', undefined);
    assert.equal(unread.level, 'unknown');
    assert.equal(unread.pushMessages, 0);
  });
});
