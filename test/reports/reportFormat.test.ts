import assert from 'node:assert/strict';
import type { HandoffCycleFact } from '../../src/reports/handoffCycleFact';
import { csvText } from '../../src/reports/reportCsv';
import { reportCycleOf } from '../../src/reports/reportCycle';
import { reportFigures } from '../../src/reports/reportFigures';
import { instantIn, reportPeriod, reportQuerySchema } from '../../src/reports/reportQuery';
import { parseCsv } from '../support/reportLedger';

function requestedAt(iso: string, n: number): HandoffCycleFact {
  const at = new Date(iso);
  return { _id: `h${n}:1`, handoffId: `h${n}`, cycle: 1, channelId: 'line', conversationId: `c${n}`, customerId: `line:U${n}`, language: 'ja', firstQueueId: 'q', queueId: 'q', state: 'queued', requestedAt: at, queuedAt: at, transfers: 0, recordVersion: 1 };
}

describe('report periods, time buckets and CSV', () => {
  it('takes a date as its midnight in the time zone, across daylight-saving changes and quarter-hour offsets', () => {
    assert.equal(instantIn('2026-12-01', 'Asia/Tokyo').toISOString(), '2026-11-30T15:00:00.000Z');
    assert.equal(instantIn('2026-03-08', 'America/New_York').toISOString(), '2026-03-08T05:00:00.000Z', 'standard time');
    assert.equal(instantIn('2026-03-09', 'America/New_York').toISOString(), '2026-03-09T04:00:00.000Z', 'daylight time');
    assert.equal(instantIn('2026-01-01', 'Asia/Kathmandu').toISOString(), '2025-12-31T18:15:00.000Z');
    assert.equal(instantIn('2026-01-01T09:30:00+09:00', 'UTC').toISOString(), '2026-01-01T00:30:00.000Z', 'a date-time is taken as it is');
  });

  it('refuses reversed, empty and too long periods, and unknown time zones', () => {
    assert.ok('refusal' in reportPeriod({ from: '2026-02-01', to: '2026-01-01', timeZone: 'UTC' }));
    assert.ok('refusal' in reportPeriod({ from: '2026-01-01', to: '2026-01-01', timeZone: 'UTC' }));
    assert.ok('refusal' in reportPeriod({ from: '2026-01-01', to: '2026-06-01', timeZone: 'UTC' }));
    assert.ok(!('refusal' in reportPeriod({ from: '2026-01-01', to: '2026-04-01', timeZone: 'UTC' })));
    assert.equal(reportQuerySchema.safeParse({ from: '2026-01-01', to: '2026-01-02', timeZone: 'Mars/Olympus' }).success, false);
    assert.equal(reportQuerySchema.safeParse({ from: 'yesterday', to: '2026-01-02' }).success, false);
  });

  it('buckets hours in a zone with a quarter-hour offset exactly at its hour boundary', () => {
    const figures = reportFigures([requestedAt('2025-12-31T18:14:59Z', 1), requestedAt('2025-12-31T18:15:00Z', 2), requestedAt('2025-12-31T18:16:00Z', 3)].map(reportCycleOf), [], { grouping: 'hour', timeZone: 'Asia/Kathmandu', serviceLevelSeconds: 60 });
    assert.deepEqual(figures.rows.map((row) => [row.key, row.requested]), [['2025-12-31 23:00', 1], ['2026-01-01 00:00', 2]]);
    const days = reportFigures([requestedAt('2026-03-08T04:59:00Z', 1), requestedAt('2026-03-08T05:00:00Z', 2)].map(reportCycleOf), [], { grouping: 'day', timeZone: 'America/New_York', serviceLevelSeconds: 60 });
    assert.deepEqual(days.rows.map((row) => row.key), ['2026-03-07', '2026-03-08']);
  });

  it('writes RFC 4180 CSV with a byte order mark, and defuses formulas', () => {
    const text = csvText({ header: ['a', 'b', 'c', 'd', 'e', 'f'], rows: [['x,y', 'say "hi"', 'two\nlines', '=HYPERLINK("http://x")', 1.5, null]] });
    assert.ok(text.startsWith('\uFEFFa,b,c,d,e,f\r\n'));
    assert.ok(text.endsWith('\r\n'));
    assert.deepEqual(parseCsv(text), [['a', 'b', 'c', 'd', 'e', 'f'], ['x,y', 'say "hi"', 'two\nlines', `'=HYPERLINK("http://x")`, '1.5', '']]);
    assert.match(text, /"say ""hi"""/);
  });
});
