import assert from 'node:assert/strict';
import { isWithinOperatingHours } from '../../../src/handoff/routing/operatingHours';
import { RoutingConfigurationError } from '../../../src/handoff/routing/routingConfigurationError';
import { TOKYO_HOURS } from './routingFixtures';

// 2025-06-06 is a Friday; Tokyo is UTC+9 all year.
describe('isWithinOperatingHours', () => {
  it('reads the schedule in its own time zone, not UTC', () => {
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-06-06T01:00:00Z')), true, 'Fri 10:00 JST');
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-06-06T10:00:00Z')), false, 'Fri 19:00 JST, though 10:00 UTC');
  });

  it('treats opening as inclusive and closing as exclusive', () => {
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-06-06T00:00:00Z')), true, 'Fri 09:00 JST');
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-06-05T23:59:00Z')), false, 'Fri 08:59 JST');
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-06-06T09:00:00Z')), false, 'Fri 18:00 JST');
  });

  it('keeps an interval open across midnight into the next day', () => {
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-06-06T12:59:00Z')), false, 'Fri 21:59 JST');
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-06-06T14:00:00Z')), true, 'Fri 23:00 JST');
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-06-06T16:30:00Z')), true, 'Sat 01:30 JST');
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-06-06T17:00:00Z')), false, 'Sat 02:00 JST');
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-06-07T16:30:00Z')), false, 'Sun 01:30 JST: Saturday has no late shift');
  });

  it('closes on a holiday in the local calendar', () => {
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-01-01T01:00:00Z')), false, 'Wed 1 Jan 10:00 JST');
    assert.equal(isWithinOperatingHours(TOKYO_HOURS, new Date('2025-01-02T01:00:00Z')), true, 'Thu 2 Jan 10:00 JST');
    // 2024-12-31 16:00 UTC is already 1 January in Tokyo.
    assert.equal(isWithinOperatingHours({ ...TOKYO_HOURS, weekly: [{ day: 3, opens: '00:00', closes: '24:00' }] }, new Date('2024-12-31T16:00:00Z')), false);
  });

  it('cancels a late shift opening on a holiday, after midnight too, but not one opening the day before', () => {
    const fridayOff = { ...TOKYO_HOURS, holidays: ['2025-06-06'] };
    assert.equal(isWithinOperatingHours(fridayOff, new Date('2025-06-06T14:00:00Z')), false, 'Fri 23:00 JST');
    assert.equal(isWithinOperatingHours(fridayOff, new Date('2025-06-06T16:30:00Z')), false, 'Sat 01:30 JST');
    const saturdayOff = { ...TOKYO_HOURS, holidays: ['2025-06-07'] };
    assert.equal(isWithinOperatingHours(saturdayOff, new Date('2025-06-06T16:30:00Z')), true, 'Sat 01:30 JST, shift opened Friday');
  });

  it('finds the previous day across a month and a year boundary', () => {
    const newYearsEve = { timeZone: 'Asia/Tokyo', weekly: [{ day: 2 as const, opens: '22:00', closes: '03:00' }], holidays: [] };
    // Tue 31 Dec 2024 22:00 JST shift; Wed 1 Jan 2025 02:00 JST.
    assert.equal(isWithinOperatingHours(newYearsEve, new Date('2024-12-31T17:00:00Z')), true);
    assert.equal(isWithinOperatingHours({ ...newYearsEve, holidays: ['2024-12-31'] }, new Date('2024-12-31T17:00:00Z')), false);
  });

  it('treats equal opening and closing as 24 hours', () => {
    const allDay = { timeZone: 'Asia/Tokyo', weekly: [{ day: 5 as const, opens: '00:00', closes: '00:00' }], holidays: [] };
    assert.equal(isWithinOperatingHours(allDay, new Date('2025-06-06T14:59:00Z')), true, 'Fri 23:59 JST');
    assert.equal(isWithinOperatingHours(allDay, new Date('2025-06-06T15:00:00Z')), false, 'Sat 00:00 JST');
  });

  it('rejects a malformed time and an unknown time zone with a coded error', () => {
    const badTime = { ...TOKYO_HOURS, weekly: [{ day: 1 as const, opens: '9:00', closes: '18:00' }] };
    assert.throws(() => isWithinOperatingHours(badTime, new Date()), (error: unknown) => error instanceof RoutingConfigurationError && error.code === 'invalid_time');
    assert.throws(
      () => isWithinOperatingHours({ ...TOKYO_HOURS, timeZone: 'Asia/Atlantis' }, new Date()),
      (error: unknown) => error instanceof RoutingConfigurationError && error.code === 'invalid_time_zone',
    );
  });
});
