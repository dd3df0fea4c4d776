import assert from 'node:assert/strict';
import { formatOpening, nextOpening } from '../../src/handoff/openingHours';

describe('nextOpening', () => {
  const tokyo = { timeZone: 'Asia/Tokyo', weekly: [{ day: 1 as const, opens: '09:30', closes: '18:00' }], holidays: [] };

  it('finds the next opening to the minute, in the schedule\'s time zone', () => {
    // Sunday 2026-12-06 21:00 in Tokyo → Monday 09:30 in Tokyo = 00:30 UTC.
    assert.equal(nextOpening(tokyo, new Date('2026-12-06T12:00:00Z'))?.toISOString(), '2026-12-07T00:30:00.000Z');
  });

  it('is now while open, skips holidays, and is undefined for a schedule that never opens', () => {
    assert.equal(nextOpening(tokyo, new Date('2026-12-07T01:00:00Z'))?.toISOString(), '2026-12-07T01:00:00.000Z');
    assert.equal(nextOpening({ ...tokyo, holidays: ['2026-12-07'] }, new Date('2026-12-06T12:00:00Z'))?.toISOString(), '2026-12-14T00:30:00.000Z');
    assert.equal(nextOpening({ ...tokyo, weekly: [] }, new Date('2026-12-06T12:00:00Z')), undefined);
  });

  it('names the time in the customer\'s language with the zone', () => {
    const at = new Date('2026-12-07T00:30:00Z');
    assert.match(formatOpening('en', 'Asia/Tokyo', at), /Monday, December 7.*9:30.*GMT\+9/);
    assert.match(formatOpening('ja', 'Asia/Tokyo', at), /12月7日.*9:30/);
    assert.notEqual(formatOpening('th', 'Asia/Tokyo', at), formatOpening('zh-TW', 'Asia/Tokyo', at));
  });
});
