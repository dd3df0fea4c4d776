import type { reportCommentSchema, reportRowSchema, reportSchema } from '../../src/http/schemas/reportSchemas';
import type { WireOf } from './apiWire';

/** What a report groups by (`GET /api/supervisor/reports?groupBy=`). */
export type ReportGrouping = 'queue' | 'agent' | 'lineAccount' | 'language' | 'day' | 'hour';

/** Every grouping, in the order of the tabs. */
export const REPORT_GROUPINGS: readonly ReportGrouping[] = ['day', 'hour', 'queue', 'agent', 'language', 'lineAccount'];

/** The figures of one group. */
export type ReportRow = WireOf<typeof reportRowSchema>;

/** A survey comment with its conversation. */
export type ReportComment = WireOf<typeof reportCommentSchema>;

/** The report the API answers. */
export type Report = WireOf<typeof reportSchema>;

/** The CSV tables of a report. */
export type ReportTable = 'figures' | 'series' | 'csat' | 'comments';
