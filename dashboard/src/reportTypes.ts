/** What a report groups by (`GET /api/supervisor/reports?groupBy=`). */
export type ReportGrouping = 'queue' | 'agent' | 'lineAccount' | 'language' | 'day' | 'hour';

/** Every grouping, in the order of the tabs. */
export const REPORT_GROUPINGS: readonly ReportGrouping[] = ['day', 'hour', 'queue', 'agent', 'language', 'lineAccount'];

/** The figures of one group. */
export interface ReportRow {
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

/** A survey comment with its conversation. */
export interface ReportComment {
  readonly handoffId: string;
  readonly conversationId: string;
  readonly queueId: string;
  readonly agentId: string | null;
  readonly rating: number;
  readonly comment: string;
  readonly at: string;
}

/** The report the API answers. */
export interface Report {
  readonly period: { readonly from: string; readonly to: string; readonly timeZone: string };
  readonly groupBy: ReportGrouping;
  readonly serviceLevelSeconds: number;
  readonly rows: readonly ReportRow[];
  readonly total: ReportRow;
  readonly series: readonly ReportRow[];
  readonly csat: { readonly count: number; readonly average: number | null; readonly distribution: Readonly<Record<'1' | '2' | '3' | '4' | '5', number>> };
  readonly comments: readonly ReportComment[];
}

/** The CSV tables of a report. */
export type ReportTable = 'figures' | 'series' | 'csat' | 'comments';
