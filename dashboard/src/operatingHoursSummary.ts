import { adminTexts } from './i18n/current';
import { dayName, DAYS_MONDAY_FIRST, intervalText } from './operatingHours';
import type { OperatingHours } from './types';

/**
 * Operating hours in one line for a table: days with the same hours grouped, runs of days as ranges, Monday first.
 *
 * @example hoursSummary(undefined) // 'Always open'
 * @example hoursSummary(hours) // 'Mon–Fri 09:00–18:00, Sat 22:00–02:00 next day (Asia/Bangkok), 2 holidays'
 */
export function hoursSummary(hours: OperatingHours | undefined): string {
  const a = adminTexts();
  if (!hours) return a.alwaysOpen;
  const byDay = DAYS_MONDAY_FIRST.map((day) =>
    hours.weekly
      .filter((interval) => interval.day === day)
      .sort((a, b) => a.opens.localeCompare(b.opens))
      .map(intervalText)
      .join(a.summaryAnd),
  );
  const groups = new Map<string, number[]>();
  byDay.forEach((text, position) => {
    if (text) groups.set(text, [...(groups.get(text) ?? []), position]);
  });
  const week = [...groups].map(([text, positions]) => `${dayRanges(positions)} ${text}`).join(', ');
  const holidays = hours.holidays.length > 0 ? `, ${a.holidayCount(hours.holidays.length)}` : '';
  return `${week || a.closedEveryDay} (${hours.timeZone})${holidays}`;
}

/** `Mon–Wed, Fri` for positions in the Monday-first week (0 is Monday). */
function dayRanges(positions: readonly number[]): string {
  const runs: number[][] = [];
  for (const position of positions) {
    const run = runs.at(-1);
    if (run && run.at(-1) === position - 1) run.push(position);
    else runs.push([position]);
  }
  return runs
    .map((run) => {
      const first = abbreviationAt(run[0]);
      return run.length > 1 ? `${first}–${abbreviationAt(run.at(-1))}` : first;
    })
    .join(', ');
}

function abbreviationAt(position: number | undefined): string {
  return dayName(DAYS_MONDAY_FIRST[position ?? 0] ?? 0, 'short');
}
