import type { Request, Response, Server } from 'restify';
import type { HandoffCycleRepository } from '../reports/handoffCycleRepository';
import { csvText, reportTable } from '../reports/reportCsv';
import { periodReport } from '../reports/periodReport';
import { reportPeriod, reportQuerySchema } from '../reports/reportQuery';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/** What the report endpoint needs. */
export interface ReportRoutesOptions {
  readonly cycles: HandoffCycleRepository;
  readonly authorizer: RequestAuthorizer;
}

/**
 * `GET /api/supervisor/reports` (roles `supervisor`, `admin`, or `ADMIN_API_KEY`): the figures of the handoff cycles
 * requested in a period, grouped by queue, agent, LINE account, language, day or hour, as JSON, or one of its tables
 * as CSV (`format=csv&table=figures|series|csat|comments`).
 *
 * @example registerReportRoutes(server, { cycles, authorizer });
 */
export function registerReportRoutes(server: Server, options: ReportRoutesOptions): void {
  server.get('/api/supervisor/reports', async (req: Request, res: Response) => {
    const authorization = await options.authorizer.authorize(req, ['supervisor', 'admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const parsed = reportQuerySchema.safeParse(Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || undefined;
      return void res.send(400, { message: issue ? `${field ?? 'query'}: ${issue.message}` : 'invalid query', ...(field ? { field } : {}) });
    }
    const query = parsed.data;
    const period = reportPeriod(query);
    if ('refusal' in period) return void res.send(400, { message: period.refusal, field: 'to' });
    const figures = await periodReport(options.cycles, period.from, period.to, { grouping: query.groupBy, timeZone: query.timeZone, serviceLevelSeconds: query.serviceLevelSeconds });
    if (query.format === 'csv') {
      const body = csvText(reportTable(figures, query.table, query.groupBy));
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="report-${query.table}-${query.groupBy}-${query.from.slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      });
      res.end(body);
      return;
    }
    res.send(200, {
      period: { from: period.from.toISOString(), to: period.to.toISOString(), timeZone: query.timeZone },
      groupBy: query.groupBy,
      serviceLevelSeconds: query.serviceLevelSeconds,
      ...figures,
    });
  });
}
