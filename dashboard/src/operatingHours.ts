import { adminTexts, currentLocale } from './i18n/current';
import type { OperatingHours } from './types';

/**
 * A queue's operating hours as the editor holds them: the server's `OperatingHours` laid out by weekday, with
 * whatever the admin switched off kept aside so that switching it back on restores it. `hoursOfDraft` turns it back
 * into what the server stores.
 *
 * @example hoursDraftOf({ timeZone: 'Asia/Tokyo', weekly: [{ day: 1, opens: '09:00', closes: '18:00' }], holidays: [] }, 'UTC').days[1]
 * // { open: true, intervals: [{ opens: '09:00', closes: '18:00' }] }
 */
export interface HoursDraft {
  /** No schedule at all: the queue never closes (the server's `hours` absent). */
  readonly alwaysOpen: boolean;
  readonly timeZone: string;
  /** Seven days indexed by the server's day numbers: 0 is Sunday. */
  readonly days: readonly DayDraft[];
  /** `YYYY-MM-DD`, sorted, each once. */
  readonly holidays: readonly string[];
}

/** One weekday in the editor; its intervals survive being switched off. */
export interface DayDraft {
  readonly open: boolean;
  readonly intervals: readonly IntervalDraft[];
}

/** One opening as typed: `HH:MM`, or `''` while its field is empty. `closes` may be the server's `24:00`. */
export interface IntervalDraft {
  readonly opens: string;
  readonly closes: string;
}

/** What is wrong with one interval, and which of its fields to mark. */
export interface IntervalProblem {
  readonly field: 'opens' | 'closes' | 'both';
  readonly message: string;
  /** A time not filled in yet, rather than a wrong one. */
  readonly incomplete: boolean;
}

/** Everything the editor refuses before asking the server; {@link isValidDraft} says whether there is any. */
export interface DraftProblems {
  /** By day number, then by interval: its problem, if any. */
  readonly intervals: readonly (readonly (IntervalProblem | undefined)[])[];
  /** About the week as a whole (the server's limit on intervals). */
  readonly weekly?: string;
  readonly holidays?: string;
}

/** The weekdays in the order the editor shows them, Monday first, as the server numbers them. */
export const DAYS_MONDAY_FIRST: readonly number[] = [1, 2, 3, 4, 5, 6, 0];

/** The weekday of the server's day number `day` (0 is Sunday) in the dashboard language, `long` (`Monday`) or `short` (`Mon`). */
export function dayName(day: number, width: 'long' | 'short' = 'long'): string {
  // 4 January 2026 is a Sunday: day n is n days later.
  return new Intl.DateTimeFormat(currentLocale(), { weekday: width, timeZone: 'UTC' }).format(Date.UTC(2026, 0, 4 + day));
}

/** The server's limits (`operatingHoursSchema` in src/handoff/config/handoffConfigSchemas.ts). */
export const MAX_WEEKLY_INTERVALS = 100;
/** The server's limit on holidays. */
export const MAX_HOLIDAYS = 1000;

/** The hours of a new interval or of a day switched on with none. */
export const DEFAULT_INTERVAL: IntervalDraft = { opens: '09:00', closes: '18:00' };

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const WORKING_DAYS = [1, 2, 3, 4, 5];
const OPENS_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOSES_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Where an interval ends relative to the day it opens on. */
export type IntervalEnd = 'same day' | 'midnight' | 'next day' | 'all day';

/** The browser's own time zone, or Asia/Tokyo when it names none. */
export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Tokyo';
}

/**
 * The editor's draft of stored hours (absent: always open, with an empty week in `timeZone` ready to fill in).
 * Intervals keep their stored order within a day.
 */
export function hoursDraftOf(hours: OperatingHours | undefined, timeZone: string): HoursDraft {
  const days = Array.from({ length: 7 }, (_, day) => {
    const intervals = (hours?.weekly ?? []).filter((interval) => interval.day === day).map(({ opens, closes }) => ({ opens, closes }));
    return { open: intervals.length > 0, intervals };
  });
  return { alwaysOpen: hours === undefined, timeZone: hours?.timeZone ?? timeZone, days, holidays: sortedHolidays(hours?.holidays ?? []) };
}

/** A day of the week as the server numbers it: 0 (Sunday) to 6 (Saturday). */
type Weekday = OperatingHours['weekly'][number]['day'];

/** What the server stores for `draft`: intervals of open days ordered by day then opening time; holidays sorted. */
export function hoursOfDraft(draft: HoursDraft): OperatingHours | undefined {
  if (draft.alwaysOpen) return undefined;
  // The draft has one entry per weekday, Sunday first, so an index is a day number.
  const weekly = draft.days.flatMap((day, dayNumber) =>
    day.open ? [...day.intervals].sort((a, b) => a.opens.localeCompare(b.opens)).map(({ opens, closes }) => ({ day: dayNumber as Weekday, opens, closes })) : [],
  );
  return { timeZone: draft.timeZone, weekly, holidays: [...draft.holidays] };
}

/** `draft` with `day` replaced by what `change` makes of it. */
export function withDay(draft: HoursDraft, day: number, change: (current: DayDraft) => DayDraft): HoursDraft {
  return { ...draft, days: draft.days.map((current, dayNumber) => (dayNumber === day ? change(current) : current)) };
}

/** Monday to Friday 09:00–18:00, the weekend closed (the weekend's intervals kept for switching it back on). */
export function withWorkingWeekTemplate(draft: HoursDraft): HoursDraft {
  return {
    ...draft,
    days: draft.days.map((current, day) => (WORKING_DAYS.includes(day) ? { open: true, intervals: [DEFAULT_INTERVAL] } : { ...current, open: false })),
  };
}

/** Monday's hours (open or closed, and its intervals) copied to Tuesday through Friday. */
export function withMondayCopiedToWeekdays(draft: HoursDraft): HoursDraft {
  const monday = draft.days[1];
  if (!monday) return draft;
  return { ...draft, days: draft.days.map((current, day) => (day > 1 && WORKING_DAYS.includes(day) ? { open: monday.open, intervals: [...monday.intervals] } : current)) };
}

/** Minutes since midnight of `HH:MM` (`24:00` is 1440), or `undefined` when it is not such a time. */
export function minuteOf(time: string): number | undefined {
  if (!CLOSES_PATTERN.test(time)) return undefined;
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * Where the interval ends, as the router reads it (src/handoff/routing/operatingHours.ts): a closing time not after
 * the opening one crosses midnight, except that closing at 00:00 (or `24:00`) is closing at midnight, and 00:00 to
 * 00:00 is the whole day. `undefined` while a time is missing; an equal pair at any other hour is a mistake
 * {@link draftProblems} reports.
 */
export function intervalEnd(interval: IntervalDraft): IntervalEnd | undefined {
  const opens = minuteOf(interval.opens);
  const closes = minuteOf(interval.closes);
  if (opens === undefined || closes === undefined) return undefined;
  const closesAtMidnight = closes === 0 || closes === MINUTES_PER_DAY;
  if (closesAtMidnight) return opens === 0 ? 'all day' : 'midnight';
  return closes <= opens ? 'next day' : 'same day';
}

/** `09:00–18:00`, `22:00–02:00 next day`, `09:00–24:00`, `all day`. */
export function intervalText(interval: IntervalDraft): string {
  switch (intervalEnd(interval)) {
    case 'all day':
      return adminTexts().intervalAllDay;
    case 'midnight':
      return `${interval.opens}–24:00`;
    case 'next day':
      return adminTexts().intervalNextDay(`${interval.opens}–${interval.closes}`);
    default:
      return `${interval.opens}–${interval.closes}`;
  }
}

/**
 * What the editor refuses in `draft` (nothing when always open): empty or malformed times, an interval that opens
 * when it closes, intervals overlapping one another (an interval crossing midnight overlaps the next day's early
 * ones, Saturday's overlaps Sunday's), and more intervals or holidays than the server takes.
 */
export function draftProblems(draft: HoursDraft): DraftProblems {
  const intervals: (IntervalProblem | undefined)[][] = draft.days.map((day) => day.intervals.map(() => undefined));
  if (draft.alwaysOpen) return { intervals };
  const spans: { day: number; index: number; start: number; end: number }[] = [];
  draft.days.forEach((day, dayNumber) => {
    if (!day.open) return;
    day.intervals.forEach((interval, index) => {
      const problem = timeProblem(interval);
      const row = intervals[dayNumber];
      if (problem && row) row[index] = problem;
      const opens = minuteOf(interval.opens);
      const closes = minuteOf(interval.closes);
      if (problem || opens === undefined || closes === undefined) return;
      const start = dayNumber * MINUTES_PER_DAY + opens;
      const length = closes > opens ? closes - opens : closes + MINUTES_PER_DAY - opens;
      spans.push({ day: dayNumber, index, start, end: start + length });
    });
  });
  for (const span of spans) {
    const other = spans.find((candidate) => candidate !== span && [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK].some((shift) => span.start < candidate.end + shift && candidate.start + shift < span.end));
    const interval = other && draft.days[other.day]?.intervals[other.index];
    const row = intervals[span.day];
    if (other && interval && row) row[span.index] = { field: 'both', message: adminTexts().overlaps(dayName(other.day), intervalText(interval)), incomplete: false };
  }
  const intervalCount = draft.days.reduce((count, day) => count + (day.open ? day.intervals.length : 0), 0);
  return {
    intervals,
    ...(intervalCount > MAX_WEEKLY_INTERVALS ? { weekly: adminTexts().tooManyIntervals(MAX_WEEKLY_INTERVALS, intervalCount) } : {}),
    ...(draft.holidays.length > MAX_HOLIDAYS ? { holidays: adminTexts().tooManyHolidaysNow(MAX_HOLIDAYS, draft.holidays.length) } : {}),
  };
}

/** Whether {@link draftProblems} found nothing. */
export function isValidDraft(problems: DraftProblems): boolean {
  return !problems.weekly && !problems.holidays && problems.intervals.every((day) => day.every((problem) => problem === undefined));
}

function timeProblem(interval: IntervalDraft): IntervalProblem | undefined {
  if (!interval.opens) return { field: 'opens', message: adminTexts().enterOpening, incomplete: true };
  if (!OPENS_PATTERN.test(interval.opens)) return { field: 'opens', message: adminTexts().openingFormat, incomplete: false };
  if (!interval.closes) return { field: 'closes', message: adminTexts().enterClosing, incomplete: true };
  if (!CLOSES_PATTERN.test(interval.closes)) return { field: 'closes', message: adminTexts().closingFormat, incomplete: false };
  if (interval.opens === interval.closes && interval.opens !== '00:00') {
    return { field: 'both', message: adminTexts().sameOpenClose, incomplete: false };
  }
  return undefined;
}

/** Whether `date` is `YYYY-MM-DD` and a day of the calendar (not 2025-02-30), as the server checks. */
export function isCalendarDate(date: string): boolean {
  if (!DATE_PATTERN.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

/** The day number (0 is Sunday) of a `YYYY-MM-DD` date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Dates typed or pasted as a list (spaces, commas, semicolons or lines apart; `2025/01/01` read as `2025-01-01`). */
export function datesInText(text: string): { readonly dates: readonly string[]; readonly rejected: readonly string[] } {
  const words = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((word) => word.replaceAll('/', '-'));
  return { dates: words.filter(isCalendarDate), rejected: words.filter((word) => !isCalendarDate(word)) };
}

/** `holidays` sorted, each once. */
export function sortedHolidays(holidays: readonly string[]): string[] {
  return [...new Set(holidays)].sort();
}
