import type { SupportedLanguage } from '../../dialogs/language/supportedLanguage';
import { LOCALES } from '../../dialogs/texts/durations';
import { isWithinOperatingHours } from './routing/operatingHours';
import type { OperatingHours } from './routing/routingModel';

const MINUTE_MS = 60_000;
/** Coarse step of the search; openings shorter than this may be missed (no desk opens for under five minutes). */
const STEP_MS = 5 * MINUTE_MS;
/** How far ahead an opening is looked for. */
const HORIZON_MS = 31 * 24 * 60 * MINUTE_MS;

/**
 * The first minute at or after `from` when `hours` are open (to the minute), or `undefined` when they do not open
 * within a month (e.g. no weekly interval at all).
 *
 * @example
 * nextOpening({ timeZone: 'Asia/Tokyo', weekly: [{ day: 1, opens: '09:00', closes: '18:00' }], holidays: [] }, new Date('2026-12-06T12:00:00Z'));
 * // 2026-12-07T00:00:00.000Z (Monday 09:00 in Tokyo)
 */
export function nextOpening(hours: OperatingHours, from: Date): Date | undefined {
  const start = Math.ceil(from.getTime() / MINUTE_MS) * MINUTE_MS;
  if (isWithinOperatingHours(hours, new Date(start))) return new Date(start);
  for (let at = start + STEP_MS; at <= start + HORIZON_MS; at += STEP_MS) {
    if (!isWithinOperatingHours(hours, new Date(at))) continue;
    // Open at `at`, closed a step before: the opening is the first open minute in between.
    let first = at;
    while (first - MINUTE_MS > at - STEP_MS && isWithinOperatingHours(hours, new Date(first - MINUTE_MS))) first -= MINUTE_MS;
    return new Date(first);
  }
  return undefined;
}

/**
 * `at` as a customer reads an opening time: weekday, date and time in `language`, in the queue's time zone, with the
 * zone named (the customer may be elsewhere).
 *
 * @example
 * formatOpening('en', 'Asia/Tokyo', new Date('2026-12-07T00:00:00Z')); // 'Monday, December 7 at 9:00 AM GMT+9'
 */
export function formatOpening(language: SupportedLanguage, timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat(LOCALES[language], { timeZone, weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
}
