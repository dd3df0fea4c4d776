import { createHash, timingSafeEqual } from 'node:crypto';
import { AggregatorRegistry } from 'prom-client';
import type { Server } from 'restify';
import type { ThreadMetrics } from '../turns/turnThreadProtocol';
import type { ChannelAccountRepository } from '../storage/channelAccountRepository';
import { sendRefusal, type RequestAuthorizer } from '../http/requestAuthorization';
import type { AppMetrics } from './appMetrics';
import { lineUsageReport } from './lineUsageReport';
import { meterMonthOf, type LineUsageRepository } from './lineUsageRepository';

/** What the metrics and push meter routes need. */
export interface MetricsRoutesOptions {
  readonly metrics: AppMetrics;
  /** `METRICS_TOKEN`; without it `/metrics` answers 404. */
  readonly token: string | undefined;
  /** Fills the store-backed gauges before a scrape. */
  readonly beforeScrape: () => Promise<void>;
  readonly usage: LineUsageRepository;
  /** Writes counts gathered in memory (the push meter's) before the usage API reads them. */
  readonly beforeReport: () => Promise<void>;
  readonly accounts: ChannelAccountRepository;
  readonly authorizer: RequestAuthorizer;
  /** Reads LINE's quotas now (the usage API does when a reading of this month is missing or older than `quotaMaxAgeMs`). */
  readonly refreshQuota: () => Promise<void>;
  readonly quotaMaxAgeMs: number;
  /** Registries of other threads of this process (a turn worker thread): their counters and histograms are added to this one's. */
  readonly threadMetrics?: () => Promise<ThreadMetrics[]>;
  readonly now?: () => Date;
}

/**
 * - `GET /metrics` — Prometheus text format, for a scraper holding `Authorization: Bearer $METRICS_TOKEN` (401
 *   otherwise; 404 when no token is configured, so nothing is exposed by default);
 * - `GET /api/admin/line-usage?month=YYYY-MM` — the push meter per LINE account (admins): replies vs pushes this month
 *   (all instances), LINE's quota and consumption as last read, and the quota level (`warning` from 80 %).
 *
 * @example registerMetricsRoutes(server, { metrics, token: config.metrics.token, beforeScrape, usage, accounts, authorizer });
 */
export function registerMetricsRoutes(server: Server, options: MetricsRoutesOptions): void {
  const expected = options.token === undefined ? undefined : digest(options.token);
  server.get('/metrics', async (req, res) => {
    if (expected === undefined) return void res.send(404, { code: 'ResourceNotFound', message: '/metrics is off: set METRICS_TOKEN to turn it on' });
    const given = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      res.header('www-authenticate', 'Bearer');
      return void res.send(401, { message: 'a valid metrics token is required' });
    }
    try {
      await options.beforeScrape();
    } catch {
      options.metrics.scrapeErrors.inc();
    }
    const text = options.threadMetrics ? await mergedText(options.metrics, await options.threadMetrics()) : await options.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': options.metrics.registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
  });

  server.get('/api/admin/line-usage', async (req, res) => {
    const authorization = await options.authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const requested = new URL(req.url ?? '/', 'http://localhost').searchParams.get('month');
    if (requested !== null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(requested)) return void res.send(400, { message: 'month must be YYYY-MM', field: 'month' });
    const month = requested ?? meterMonthOf(options.now?.() ?? new Date());
    // This month's counts of this process are stored before they are read.
    await options.beforeReport();
    const now = options.now?.() ?? new Date();
    const accounts = await options.accounts.list();
    let usage = await options.usage.month(month);
    const stale = (accountId: string): boolean => {
      const readAt = usage.find((entry) => entry.accountId === accountId)?.quota?.readAt;
      return readAt === undefined || now.getTime() - readAt.getTime() > options.quotaMaxAgeMs;
    };
    if (requested === null && accounts.some((account) => account.enabled && stale(account.id))) {
      await options.refreshQuota();
      usage = await options.usage.month(month);
    }
    const byAccount = new Map(usage.map((entry) => [entry.accountId, entry]));
    res.send(200, { month, accounts: accounts.map((account) => lineUsageReport(account, month, byAccount.get(account.id))) });
  });
}

async function mergedText(metrics: AppMetrics, others: readonly ThreadMetrics[]): Promise<string> {
  const own = await metrics.registry.getMetricsAsJSON();
  const shared = new Set(others.flatMap((registry) => registry.map((metric) => metric.name)));
  // Process-wide figures (CPU, memory) exist once; only what the threads count separately is added up.
  const first = own.map((metric) => (shared.has(metric.name) ? { ...metric, aggregator: 'sum' as const } : { ...metric, aggregator: 'first' as const }));
  return AggregatorRegistry.aggregate([first, ...others]).metrics();
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
