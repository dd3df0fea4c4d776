/**
 * What a test did to each handoff cycle, and the report figures that follow from it, computed without the server's
 * code: the expected side of the report tests.
 */
export interface LedgerCycle {
  readonly queueId: string;
  readonly agentId: string | undefined;
  readonly language: string;
  readonly lineAccountId: string;
  readonly requestedAt: Date;
  /** Seconds waited until the first assignment; undefined when never assigned. */
  readonly waitSeconds: number | undefined;
  readonly handleSeconds: number | undefined;
  readonly abandoned: boolean;
  readonly transfers: number;
  readonly rating: number | undefined;
  readonly comment: string | undefined;
}

/** The figures of one group, as the API names them. */
export interface ExpectedRow {
  readonly key: string;
  readonly requested: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly averageWaitSeconds: number | null;
  readonly p90WaitSeconds: number | null;
  readonly serviceLevel: number | null;
  readonly averageHandleSeconds: number | null;
  readonly transfers: number;
  readonly csatCount: number;
  readonly csatAverage: number | null;
}

function average(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Expected figures of `cycles` grouped by `keyOf`, sorted by key. */
export function expectedRows(cycles: readonly LedgerCycle[], keyOf: (cycle: LedgerCycle) => string, serviceLevelSeconds: number): ExpectedRow[] {
  const keys = [...new Set(cycles.map(keyOf))].sort();
  return keys.map((key) => expectedRow(key, cycles.filter((cycle) => keyOf(cycle) === key), serviceLevelSeconds));
}

/** Expected figures of `cycles` as one row. */
export function expectedRow(key: string, cycles: readonly LedgerCycle[], serviceLevelSeconds: number): ExpectedRow {
  const waits = cycles.flatMap((cycle) => (cycle.waitSeconds === undefined ? [] : [cycle.waitSeconds]));
  const sorted = [...waits].sort((a, b) => a - b);
  // Nearest rank: the 90th percentile of 10 values is the 9th.
  const rank = Math.ceil(0.9 * sorted.length);
  const abandoned = cycles.filter((cycle) => cycle.abandoned).length;
  const ratings = cycles.flatMap((cycle) => (cycle.rating === undefined ? [] : [cycle.rating]));
  return {
    key,
    requested: cycles.length,
    answered: waits.length,
    abandoned,
    averageWaitSeconds: average(waits),
    p90WaitSeconds: sorted.length === 0 ? null : (sorted[rank - 1] ?? null),
    serviceLevel: waits.length + abandoned === 0 ? null : waits.filter((wait) => wait <= serviceLevelSeconds).length / (waits.length + abandoned),
    averageHandleSeconds: average(cycles.flatMap((cycle) => (cycle.handleSeconds === undefined ? [] : [cycle.handleSeconds]))),
    transfers: cycles.reduce((sum, cycle) => sum + cycle.transfers, 0),
    csatCount: ratings.length,
    csatAverage: average(ratings),
  };
}

/** `at` as `YYYY-MM-DD` and `YYYY-MM-DD HH:00` in `timeZone` (Swedish dates are ISO-shaped). */
export function localDayAndHour(at: Date, timeZone: string): { readonly day: string; readonly hour: string } {
  const text = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).format(at);
  const [day = '', hour = ''] = text.split(' ');
  return { day, hour: `${day} ${hour.slice(0, 2)}:00` };
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF), after a leading byte order mark.
 *
 * @example parseCsv('\uFEFFa,b\r\n"x,""y""",2\r\n'); // [['a','b'],['x,"y"','2']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i];
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
