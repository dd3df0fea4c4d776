import type { HandoffCycleFact } from './handoffCycleFact';

/** What a report groups cycles by. */
export type ReportGrouping = 'queue' | 'agent' | 'lineAccount' | 'language' | 'day' | 'hour';

/** Close reasons that mean the customer gave up while waiting (when no agent was ever assigned). */
const GAVE_UP = new Set(['customerCancelled', 'customerLeft']);

/** The figures of one group of cycles. */
export interface ReportRow {
  /** The queue, agent, LINE account, language, day (`YYYY-MM-DD`) or hour (`YYYY-MM-DD HH:00`); `''` when none. */
  readonly key: string;
  readonly requested: number;
  readonly answered: number;
  readonly abandoned: number;
  /** Seconds from the request to the first assignment, of answered cycles; `null` when none. */
  readonly averageWaitSeconds: number | null;
  readonly p90WaitSeconds: number | null;
  /** Share (0–1) of finished waits (answered + abandoned) answered within the threshold; `null` when none. */
  readonly serviceLevel: number | null;
  /** Seconds from the first assignment to the end, of answered cycles that ended; `null` when none. */
  readonly averageHandleSeconds: number | null;
  readonly transfers: number;
  readonly csatCount: number;
  readonly csatAverage: number | null;
}

/** Survey answers: how many, their mean, and how many of each rating 1–5. */
export interface CsatSummary {
  readonly count: number;
  readonly average: number | null;
  readonly distribution: { readonly 1: number; readonly 2: number; readonly 3: number; readonly 4: number; readonly 5: number };
}

/** A survey comment with the conversation it rates. */
export interface ReportComment {
  readonly handoffId: string;
  readonly cycle: number;
  readonly channelId: string;
  readonly conversationId: string;
  readonly queueId: string;
  readonly agentId: string | null;
  readonly rating: number;
  readonly comment: string;
  readonly at: string;
}

/** A report: rows per group, the total, the CSAT summary, comments (newest first) and the series for charts. */
export interface ReportFigures {
  readonly rows: readonly ReportRow[];
  readonly total: ReportRow;
  readonly csat: CsatSummary;
  readonly comments: readonly ReportComment[];
  /** Per day, or per hour when grouped by hour: the same figures over time. */
  readonly series: readonly ReportRow[];
}

/** At most this many comments are listed (newest first). */
export const MAX_COMMENTS = 500;

/**
 * The report of `facts` grouped by `grouping`, bucketing times in `timeZone`.
 *
 * @example reportFigures(facts, { grouping: 'queue', timeZone: 'Asia/Tokyo', serviceLevelSeconds: 60 });
 */
export function reportFigures(facts: readonly HandoffCycleFact[], options: { readonly grouping: ReportGrouping; readonly timeZone: string; readonly serviceLevelSeconds: number }): ReportFigures {
  const buckets = new TimeBuckets(options.timeZone);
  const keyOf = (fact: HandoffCycleFact, grouping: ReportGrouping): string => {
    switch (grouping) {
      case 'queue':
        return fact.queueId;
      case 'agent':
        return fact.agentId ?? '';
      case 'lineAccount':
        return fact.lineAccountId ?? '';
      case 'language':
        return fact.language;
      case 'day':
        return buckets.day(fact.requestedAt);
      case 'hour':
        return buckets.hour(fact.requestedAt);
    }
  };
  const group = (grouping: ReportGrouping): ReportRow[] => {
    const groups = new Map<string, HandoffCycleFact[]>();
    for (const fact of facts) {
      const key = keyOf(fact, grouping);
      const members = groups.get(key);
      if (members) members.push(fact);
      else groups.set(key, [fact]);
    }
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, members]) => rowOf(key, members, options.serviceLevelSeconds));
  };
  const seriesGrouping: ReportGrouping = options.grouping === 'hour' ? 'hour' : 'day';
  const rows = group(options.grouping);
  return {
    rows,
    total: rowOf('', facts, options.serviceLevelSeconds),
    csat: csatOf(facts),
    comments: commentsOf(facts),
    series: options.grouping === seriesGrouping ? rows : group(seriesGrouping),
  };
}

function rowOf(key: string, facts: readonly HandoffCycleFact[], serviceLevelSeconds: number): ReportRow {
  const waits: number[] = [];
  const handles: number[] = [];
  let abandoned = 0;
  let transfers = 0;
  for (const fact of facts) {
    transfers += fact.transfers;
    if (fact.firstAssignedAt !== undefined) {
      waits.push(Math.max(0, fact.firstAssignedAt.getTime() - fact.requestedAt.getTime()) / 1000);
      const end = fact.endedAt ?? fact.closedAt;
      if (end !== undefined) handles.push(Math.max(0, end.getTime() - fact.firstAssignedAt.getTime()) / 1000);
    } else if (fact.state === 'closed' && fact.closeReason !== undefined && GAVE_UP.has(fact.closeReason)) {
      abandoned += 1;
    }
  }
  const finished = waits.length + abandoned;
  const csat = csatOf(facts);
  return {
    key,
    requested: facts.length,
    answered: waits.length,
    abandoned,
    averageWaitSeconds: mean(waits),
    p90WaitSeconds: percentile(waits, 0.9),
    serviceLevel: finished === 0 ? null : waits.filter((wait) => wait <= serviceLevelSeconds).length / finished,
    averageHandleSeconds: mean(handles),
    transfers,
    csatCount: csat.count,
    csatAverage: csat.average,
  };
}

function csatOf(facts: readonly HandoffCycleFact[]): CsatSummary {
  const distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  const ratings: number[] = [];
  for (const fact of facts) {
    if (fact.rating === undefined || !(fact.rating in distribution)) continue;
    distribution[fact.rating as 1 | 2 | 3 | 4 | 5] += 1;
    ratings.push(fact.rating);
  }
  return { count: ratings.length, average: mean(ratings), distribution };
}

function commentsOf(facts: readonly HandoffCycleFact[]): ReportComment[] {
  return facts
    .filter((fact) => fact.rating !== undefined && fact.comment !== undefined && fact.comment !== '')
    .sort((a, b) => (b.surveyAt ?? b.requestedAt).getTime() - (a.surveyAt ?? a.requestedAt).getTime())
    .slice(0, MAX_COMMENTS)
    .map((fact) => ({
      handoffId: fact.handoffId,
      cycle: fact.cycle,
      channelId: fact.channelId,
      conversationId: fact.conversationId,
      queueId: fact.queueId,
      agentId: fact.agentId ?? null,
      rating: fact.rating ?? 0,
      comment: fact.comment ?? '',
      at: (fact.surveyAt ?? fact.requestedAt).toISOString(),
    }));
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The nearest-rank percentile: the smallest value at least `share` of the values are at or below. */
function percentile(values: readonly number[], share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? null;
}

/** Every time zone's offset is a whole number of quarter hours: within one UTC quarter hour the local hour is the same. */
const QUARTER_HOUR_MS = 15 * 60_000;

/** Day and hour labels of instants in a time zone, formatted once per quarter hour (a month is ~3,000, not 100,000). */
class TimeBuckets {
  private readonly format: Intl.DateTimeFormat;
  private readonly labels = new Map<number, string>();

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
  }

  day(at: Date): string {
    return this.hour(at).slice(0, 10);
  }

  hour(at: Date): string {
    const slot = Math.floor(at.getTime() / QUARTER_HOUR_MS);
    let label = this.labels.get(slot);
    if (label === undefined) {
      const parts = Object.fromEntries(this.format.formatToParts(new Date(slot * QUARTER_HOUR_MS)).map((part) => [part.type, part.value]));
      label = `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:00`;
      this.labels.set(slot, label);
    }
    return label;
  }
}
