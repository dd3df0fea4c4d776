import { createHash, timingSafeEqual } from 'node:crypto';
import { AggregatorRegistry } from 'prom-client';
import type { ThreadMetrics } from '../turns/turnThreadProtocol';
import { DomainError } from '../domainError';
import { ANSWERED, apiContract } from '../http/api/apiContract';
import type { ApiRouter } from '../http/api/apiRouter';
import { lineUsageQuerySchema, lineUsageSchema } from '../http/schemas/lineUsageSchemas';
import type { ChannelAccountRepository } from '../channels/channelAccountRepository';
import type { AppMetrics } from './appMetrics';
import { lineUsageReport } from './lineUsageReport';
import { meterMonthOf, type LineUsageRepository } from './lineUsageRepository';

/** `GET /metrics`. */
export const prometheusMetrics = apiContract({
  method: 'get', path: '/metrics', tags: ['operations'], access: 'public',
  summary: 'Prometheus metrics (text exposition format); on only when METRICS_TOKEN is set',
  description: 'Not open to the public: the scraper sends `Authorization: Bearer $METRICS_TOKEN` (its own token, not a login or ADMIN_API_KEY).',
  responses: {
    200: { description: 'the metrics', contentType: 'text/plain' },
    401: { description: 'missing or wrong metrics token' },
    404: { description: 'METRICS_TOKEN is not set' },
  },
});

/** `GET /api/admin/line-usage`. */
export const lineUsage = apiContract({
  method: 'get', path: '/api/admin/line-usage', tags: ['admin'], access: { roles: ['admin'] },
  summary: "The push meter per LINE account: replies vs pushes this month (every instance), LINE's quota and consumption as last read, and the quota level",
  query: lineUsageQuerySchema,
  responses: { 200: { description: 'one entry per LINE account', schema: lineUsageSchema } },
});

/** `/metrics` is off: no `METRICS_TOKEN` is configured (404). */
class MetricsOffError extends DomainError {
  constructor() {
    super('ResourceNotFound', 404, '/metrics is off: set METRICS_TOKEN to turn it on');
  }
}

/** A scrape without the metrics token (401). */
class MetricsTokenError extends DomainError {
  constructor() {
    super('not_authenticated', 401, 'a valid metrics token is required');
  }
}

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
 * @example registerMetricsRoutes(api, { metrics, token: config.metrics.token, beforeScrape, usage, accounts, … });
 */
export function registerMetricsRoutes(api: ApiRouter, options: MetricsRoutesOptions): void {
  const expected = options.token === undefined ? undefined : digest(options.token);
  // Public as far as the router knows: the scraper's token is checked here, in constant time.
  api.route(prometheusMetrics, async ({ req, res }) => {
    if (expected === undefined) throw new MetricsOffError();
    const given = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), expected)) throw new MetricsTokenError();
    try {
      await options.beforeScrape();
    } catch {
      options.metrics.scrapeErrors.inc();
    }
    const text = options.threadMetrics ? await mergedText(options.metrics, await options.threadMetrics()) : await options.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': options.metrics.registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
    return ANSWERED;
  });

  api.route(lineUsage, async ({ query }) => {
    const requested = query.month;
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
    if (requested === undefined && accounts.some((account) => account.enabled && stale(account.id))) {
      await options.refreshQuota();
      usage = await options.usage.month(month);
    }
    const byAccount = new Map(usage.map((entry) => [entry.accountId, entry]));
    return { status: 200, body: { month, accounts: accounts.map((account) => lineUsageReport(account, month, byAccount.get(account.id))) } };
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
