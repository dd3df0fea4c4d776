import { RoutingConfigurationError } from './routingConfigurationError';
import type { OperatingHours, WeeklyInterval } from './routingModel';

const MINUTES_PER_DAY = 24 * 60;
const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

interface LocalTime {
  readonly date: string;
  readonly previousDate: string;
  readonly weekday: number;
  readonly minute: number;
}

// Building a formatter costs far more than using one, and routing asks for the same few zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Whether `at` falls inside `hours`, read in the schedule's own time zone (so daylight saving
 * is the zone's business). An interval crossing midnight counts on the day it opens; a holiday
 * cancels the intervals opening on it.
 *
 * @example
 * const hours = { timeZone: 'Asia/Tokyo', weekly: [{ day: 5, opens: '22:00', closes: '02:00' }], holidays: [] };
 * isWithinOperatingHours(hours, new Date('2025-06-06T16:30:00Z')); // true: Saturday 01:30 in Tokyo
 * @throws {RoutingConfigurationError} on an unknown time zone or a time that is not `HH:MM`.
 */
export function isWithinOperatingHours(hours: OperatingHours, at: Date): boolean {
  const local = localTime(hours.timeZone, at);
  const yesterday = (local.weekday + 6) % 7;
  const openToday = !hours.holidays.includes(local.date);
  const openYesterday = !hours.holidays.includes(local.previousDate);
  for (const interval of hours.weekly) {
    const opens = minuteOfDay(interval.opens, interval);
    const closes = minuteOfDay(interval.closes, interval);
    const crossesMidnight = closes <= opens;
    if (interval.day === local.weekday && openToday) {
      if (local.minute >= opens && (crossesMidnight || local.minute < closes)) return true;
    }
    if (crossesMidnight && interval.day === yesterday && openYesterday && local.minute < closes) return true;
  }
  return false;
}

function localTime(timeZone: string, at: Date): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const year = Number(parts['year']);
  const month = Number(parts['month']);
  const day = Number(parts['day']);
  const weekday = WEEKDAYS[parts['weekday'] ?? ''];
  if (weekday === undefined) throw new RoutingConfigurationError('invalid_time_zone', `cannot read the weekday in '${timeZone}'`);
  // Date.UTC normalises day 0 to the last day of the previous month, and so on across years.
  const previous = new Date(Date.UTC(year, month - 1, day - 1));
  return {
    date: isoDate(year, month, day),
    previousDate: isoDate(previous.getUTCFullYear(), previous.getUTCMonth() + 1, previous.getUTCDate()),
    weekday,
    minute: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        weekday: 'short',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      });
    } catch (error) {
      throw new RoutingConfigurationError('invalid_time_zone', `unknown time zone '${timeZone}': ${String(error)}`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function minuteOfDay(time: string, interval: WeeklyInterval): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(time);
  const minute = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(minute <= MINUTES_PER_DAY)) {
    throw new RoutingConfigurationError('invalid_time', `'${time}' in the interval of day ${interval.day} is not HH:MM between 00:00 and 24:00`);
  }
  return minute;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
