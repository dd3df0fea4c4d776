import type { HandoffCycleRepository } from './handoffCycleRepository';
import { newestCommentIds, reportCommentOf, reportFigures, type ReportFigures, type ReportGrouping } from './reportFigures';

/**
 * The report of the cycles requested in `[from, to)`: their figures from the report digest (or from the facts while
 * the digest is being built), and the newest comments' text from their facts (at most 500 facts read).
 *
 * @example const figures = await periodReport(cycles, from, to, { grouping: 'queue', timeZone: 'Asia/Kathmandu', serviceLevelSeconds: 60 });
 */
export async function periodReport(
  cycles: Pick<HandoffCycleRepository, 'reportCycles' | 'factsById'>,
  from: Date,
  to: Date,
  options: { readonly grouping: ReportGrouping; readonly timeZone: string; readonly serviceLevelSeconds: number },
): Promise<ReportFigures> {
  const reportCycles = await cycles.reportCycles(from, to);
  // A comment removed since (a purge between the two reads) is left out.
  const comments = (await cycles.factsById(newestCommentIds(reportCycles))).filter((fact) => fact.rating !== undefined && fact.comment !== undefined && fact.comment !== '').map(reportCommentOf);
  return reportFigures(reportCycles, comments, options);
}
