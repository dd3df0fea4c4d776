/** The period presets of the Reports view. */
export type PeriodPreset = 'today' | 'last7' | 'last30' | 'custom';

/** Today's date (`YYYY-MM-DD`) in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** `date` (`YYYY-MM-DD`) moved by `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The first day and the day after the last of a preset (what the API takes as `from` and `to`), in `timeZone`; a
 * custom period's last day is included.
 */
export function periodOf(preset: PeriodPreset, timeZone: string, custom: { readonly from: string; readonly to: string }): { readonly from: string; readonly to: string } {
  const today = todayIn(timeZone);
  switch (preset) {
    case 'today':
      return { from: today, to: addDays(today, 1) };
    case 'last7':
      return { from: addDays(today, -6), to: addDays(today, 1) };
    case 'last30':
      return { from: addDays(today, -29), to: addDays(today, 1) };
    case 'custom':
      return { from: custom.from, to: addDays(custom.to, 1) };
  }
}

/** The browser's time zone, or UTC. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * Every day (`YYYY-MM-DD`) of `[from, to)`, or every hour (`YYYY-MM-DD HH:00`) of those days: the chart's axis, so a
 * day or hour without conversations shows as zero instead of disappearing.
 */
export function bucketsOf(period: { readonly from: string; readonly to: string }, unit: 'day' | 'hour'): string[] {
  const days: string[] = [];
  for (let day = period.from; day < period.to && days.length < 400; day = addDays(day, 1)) days.push(day);
  if (unit === 'day') return days;
  return days.flatMap((day) => Array.from({ length: 24 }, (_, hour) => `${day} ${String(hour).padStart(2, '0')}:00`));
}
