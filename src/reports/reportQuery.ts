import { z } from 'zod';

/** The longest period one report covers. */
export const MAX_REPORT_DAYS = 93;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const instantOrDate = z.string().refine((value) => DATE.test(value) || (/T/.test(value) && !Number.isNaN(Date.parse(value))), { message: 'a date (YYYY-MM-DD) or an ISO 8601 date-time' });

/**
 * The query of `GET /api/supervisor/reports`: `from` (inclusive) and `to` (exclusive) as dates in `timeZone`
 * (midnight there) or ISO date-times; `groupBy`; `serviceLevelSeconds`; `format` `json` or `csv` with the CSV's
 * `table` (`figures`, `series`, `csat` or `comments`).
 */
export const reportQuerySchema = z.strictObject({
  from: instantOrDate,
  to: instantOrDate,
  timeZone: z.string().max(64).refine(isTimeZone, { message: 'an IANA time zone, e.g. Asia/Tokyo' }).default('UTC'),
  groupBy: z.enum(['queue', 'agent', 'lineAccount', 'language', 'day', 'hour']).default('day'),
  serviceLevelSeconds: z.coerce.number().int().min(1).max(86_400).default(60),
  format: z.enum(['json', 'csv']).default('json'),
  table: z.enum(['figures', 'series', 'csat', 'comments']).default('figures'),
});

/** A parsed report query. */
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/**
 * The instant `value` names: an ISO date-time as it is, a date as its midnight in `timeZone`.
 *
 * @example instantIn('2026-12-01', 'Asia/Tokyo').toISOString(); // '2026-11-30T15:00:00.000Z'
 */
export function instantIn(value: string, timeZone: string): Date {
  if (!DATE.test(value)) return new Date(value);
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day);
  let instant = wall - offsetAt(wall, timeZone);
  // Once more at the instant found: the offset may differ there (a daylight-saving change in between).
  instant = wall - offsetAt(instant, timeZone);
  return new Date(instant);
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at` (ms). */
function offsetAt(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((part) => [part.type, Number(part.value)]),
  );
  const asUtc = Date.UTC(parts['year'] ?? 0, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The period of a query as instants, or why it is refused (empty, reversed, or longer than {@link MAX_REPORT_DAYS}).
 */
export function reportPeriod(query: Pick<ReportQuery, 'from' | 'to' | 'timeZone'>): { readonly from: Date; readonly to: Date } | { readonly refusal: string } {
  const from = instantIn(query.from, query.timeZone);
  const to = instantIn(query.to, query.timeZone);
  if (!(from.getTime() < to.getTime())) return { refusal: '`from` must be before `to`' };
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * 24 * 60 * 60 * 1000) return { refusal: `a report covers at most ${MAX_REPORT_DAYS} days` };
  return { from, to };
}
