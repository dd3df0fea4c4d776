import { DomainError } from '../domainError';
import type { HandoffCycleRepository } from '../reports/handoffCycleRepository';
import { csvText, reportTable } from '../reports/reportCsv';
import { periodReport } from '../reports/periodReport';
import { reportPeriod, reportQuerySchema } from '../reports/reportQuery';
import { ANSWERED, apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { reportSchema } from './schemas/reportSchemas';

/** A period a report cannot cover: `from` not before `to`, or longer than a report's longest (400, field `to`). */
class ReportPeriodError extends DomainError {
  constructor(message: string) {
    super('invalid_period', 400, message, { field: 'to' });
  }
}

/** `GET /api/supervisor/reports`. */
export const readReport = apiContract({
  method: 'get', path: '/api/supervisor/reports', tags: ['supervisor'], access: { roles: ['supervisor', 'admin'] },
  summary: 'Figures of the handoff cycles requested in a period (`from` inclusive, `to` exclusive; dates are midnight in `timeZone`), grouped; JSON, or with `format=csv` one table as CSV (UTF-8 with BOM, RFC 4180)',
  query: reportQuerySchema,
  responses: { 200: { description: 'the report (with `format=csv`: `text/csv`, as an attachment)', schema: reportSchema } },
});

/** What the report endpoint needs. */
export interface ReportRoutesOptions {
  readonly cycles: HandoffCycleRepository;
}

/**
 * `GET /api/supervisor/reports` (roles `supervisor`, `admin`, or `ADMIN_API_KEY`): the figures of the handoff cycles
 * requested in a period, grouped by queue, agent, LINE account, language, day or hour, as JSON, or one of its tables
 * as CSV (`format=csv&table=figures|series|csat|comments`).
 *
 * @example registerReportRoutes(api, { cycles });
 */
export function registerReportRoutes(api: ApiRouter, options: ReportRoutesOptions): void {
  api.route(readReport, async ({ query, res }) => {
    const period = reportPeriod(query);
    if ('refusal' in period) throw new ReportPeriodError(period.refusal);
    const figures = await periodReport(options.cycles, period.from, period.to, { grouping: query.groupBy, timeZone: query.timeZone, serviceLevelSeconds: query.serviceLevelSeconds });
    if (query.format === 'csv') {
      const body = csvText(reportTable(figures, query.table, query.groupBy));
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="report-${query.table}-${query.groupBy}-${query.from.slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      });
      res.end(body);
      return ANSWERED;
    }
    return {
      status: 200,
      body: { period: { from: period.from.toISOString(), to: period.to.toISOString(), timeZone: query.timeZone }, groupBy: query.groupBy, serviceLevelSeconds: query.serviceLevelSeconds, ...figures },
    };
  });
}
