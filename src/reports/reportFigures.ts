import type { HandoffCycleFact } from './handoffCycleFact';
import type { ReportCycle } from './reportCycle';

/** What a report groups cycles by. */
export type ReportGrouping = 'queue' | 'agent' | 'lineAccount' | 'language' | 'day' | 'hour';

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
 * The report of `cycles` grouped by `grouping`, bucketing times in `timeZone`, with `comments` as chosen by
 * {@link newestCommentIds}. Sums are taken over whole milliseconds (exact in any order), so the same cycles give the
 * same figures whichever store or order they come from.
 *
 * @example reportFigures(facts.map(reportCycleOf), comments, { grouping: 'queue', timeZone: 'Asia/Tokyo', serviceLevelSeconds: 60 });
 */
export function reportFigures(
  cycles: readonly ReportCycle[],
  comments: readonly ReportComment[],
  options: { readonly grouping: ReportGrouping; readonly timeZone: string; readonly serviceLevelSeconds: number },
): ReportFigures {
  const buckets = timeBucketsOf(options.timeZone);
  const serviceLevelMs = options.serviceLevelSeconds * 1000;
  const keyOf = (cycle: ReportCycle, grouping: ReportGrouping): string => {
    switch (grouping) {
      case 'queue':
        return cycle.queueId;
      case 'agent':
        return cycle.agentId ?? '';
      case 'lineAccount':
        return cycle.lineAccountId ?? '';
      case 'language':
        return cycle.language;
      case 'day':
        return buckets.day(cycle.requestedAt);
      case 'hour':
        return buckets.hour(cycle.requestedAt);
    }
  };
  const group = (grouping: ReportGrouping): ReportRow[] => {
    const groups = new Map<string, ReportCycle[]>();
    for (const cycle of cycles) {
      const key = keyOf(cycle, grouping);
      const members = groups.get(key);
      if (members) members.push(cycle);
      else groups.set(key, [cycle]);
    }
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, members]) => rowOf(key, members, serviceLevelMs));
  };
  const seriesGrouping: ReportGrouping = options.grouping === 'hour' ? 'hour' : 'day';
  const rows = group(options.grouping);
  return {
    rows,
    total: rowOf('', cycles, serviceLevelMs),
    csat: csatOf(cycles),
    comments,
    series: options.grouping === seriesGrouping ? rows : group(seriesGrouping),
  };
}

/**
 * The fact ids of the {@link MAX_COMMENTS} newest comments among `cycles` (by the comment's time, then by id), newest
 * first: the report reads only these facts for the comments' text.
 */
export function newestCommentIds(cycles: readonly ReportCycle[]): string[] {
  const commented: { readonly at: number; readonly id: string }[] = [];
  for (const cycle of cycles) if (cycle.commentAt !== undefined && cycle.commentFactId !== undefined) commented.push({ at: cycle.commentAt, id: cycle.commentFactId });
  return commented
    .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, MAX_COMMENTS)
    .map((comment) => comment.id);
}

/** A fact's comment as a report lists it (the fact has a rating and a comment). */
export function reportCommentOf(fact: HandoffCycleFact): ReportComment {
  return {
    handoffId: fact.handoffId,
    cycle: fact.cycle,
    channelId: fact.channelId,
    conversationId: fact.conversationId,
    queueId: fact.queueId,
    agentId: fact.agentId ?? null,
    rating: fact.rating ?? 0,
    comment: fact.comment ?? '',
    at: (fact.surveyAt ?? fact.requestedAt).toISOString(),
  };
}

function rowOf(key: string, cycles: readonly ReportCycle[], serviceLevelMs: number): ReportRow {
  const waits: number[] = [];
  let waitSum = 0;
  let withinServiceLevel = 0;
  let handleSum = 0;
  let handled = 0;
  let abandoned = 0;
  let transfers = 0;
  let csatCount = 0;
  let csatSum = 0;
  for (const cycle of cycles) {
    transfers += cycle.transfers;
    if (cycle.waitMs !== undefined) {
      waits.push(cycle.waitMs);
      waitSum += cycle.waitMs;
      if (cycle.waitMs <= serviceLevelMs) withinServiceLevel += 1;
      if (cycle.handleMs !== undefined) {
        handleSum += cycle.handleMs;
        handled += 1;
      }
    } else if (cycle.abandoned) abandoned += 1;
    if (isRating(cycle.rating)) {
      csatCount += 1;
      csatSum += cycle.rating;
    }
  }
  const finished = waits.length + abandoned;
  return {
    key,
    requested: cycles.length,
    answered: waits.length,
    abandoned,
    averageWaitSeconds: waits.length === 0 ? null : waitSum / waits.length / 1000,
    p90WaitSeconds: percentile(waits, 0.9),
    serviceLevel: finished === 0 ? null : withinServiceLevel / finished,
    averageHandleSeconds: handled === 0 ? null : handleSum / handled / 1000,
    transfers,
    csatCount,
    csatAverage: csatCount === 0 ? null : csatSum / csatCount,
  };
}

function isRating(rating: number | undefined): rating is 1 | 2 | 3 | 4 | 5 {
  return rating === 1 || rating === 2 || rating === 3 || rating === 4 || rating === 5;
}

function csatOf(cycles: readonly ReportCycle[]): CsatSummary {
  const distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let count = 0;
  let sum = 0;
  for (const cycle of cycles) {
    if (!isRating(cycle.rating)) continue;
    distribution[cycle.rating] += 1;
    count += 1;
    sum += cycle.rating;
  }
  return { count, average: count === 0 ? null : sum / count, distribution };
}

/** The nearest-rank percentile of waits in ms, in seconds: the smallest value at least `share` of them are at or below. */
function percentile(waitsMs: readonly number[], share: number): number | null {
  if (waitsMs.length === 0) return null;
  return nthSmallest(Float64Array.from(waitsMs), Math.max(0, Math.ceil(share * waitsMs.length) - 1)) / 1000;
}

/** The `n`-th smallest value (0-based) of `values`, reordering them (Hoare's selection: linear on average, no full sort). */
function nthSmallest(values: Float64Array, n: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i += 1;
      while (values[j]! > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (n <= j) high = j;
    else if (n >= i) low = i;
    else return values[n]!;
  }
  return values[n]!;
}

/** Every time zone's offset is a whole number of quarter hours: within one UTC quarter hour the local hour is the same. */
const QUARTER_HOUR_MS = 15 * 60_000;

/** Time zones whose labels are kept between reports (a zone's label of a quarter hour never changes). */
const KEPT_ZONES = 16;
/** Labels kept per zone: a year of quarter hours. */
const KEPT_LABELS = 35_136;
const bucketsByZone = new Map<string, TimeBuckets>();

/** The labels of `timeZone`, kept for the next report in the same zone (at most {@link KEPT_ZONES}, least recent dropped). */
function timeBucketsOf(timeZone: string): TimeBuckets {
  let buckets = bucketsByZone.get(timeZone);
  if (buckets) bucketsByZone.delete(timeZone);
  else buckets = new TimeBuckets(timeZone);
  bucketsByZone.set(timeZone, buckets);
  if (bucketsByZone.size > KEPT_ZONES) bucketsByZone.delete(bucketsByZone.keys().next().value ?? '');
  return buckets;
}

/** Day and hour labels of instants in a time zone, formatted once per quarter hour (a month is ~3,000, not 100,000). */
class TimeBuckets {
  private readonly format: Intl.DateTimeFormat;
  private readonly labels = new Map<number, string>();
  private lastSlot = Number.NaN;
  private lastLabel = '';

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
  }

  day(at: number): string {
    return this.hour(at).slice(0, 10);
  }

  hour(at: number): string {
    const slot = Math.floor(at / QUARTER_HOUR_MS);
    // Cycles mostly come in time order: the previous label is usually the one.
    if (slot === this.lastSlot) return this.lastLabel;
    let label = this.labels.get(slot);
    if (label === undefined) {
      const parts = Object.fromEntries(this.format.formatToParts(new Date(slot * QUARTER_HOUR_MS)).map((part) => [part.type, part.value]));
      label = `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:00`;
      if (this.labels.size >= KEPT_LABELS) this.labels.clear();
      this.labels.set(slot, label);
    }
    this.lastSlot = slot;
    this.lastLabel = label;
    return label;
  }
}
