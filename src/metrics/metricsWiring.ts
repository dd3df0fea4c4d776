import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { LineAdapter } from '../../adapters/line/lineAdapter';
import type { LineApiCall } from '../../adapters/line/lineApiClient';
import type { LineDeliveryListener } from '../../adapters/line/lineDeliveryStats';
import type { HandoffConfigRepository } from '../handoff/config/handoffConfigRepository';
import type { ApiRouter } from '../http/api/apiRouter';
import type { ChannelAccountRepository } from '../channels/channelAccountRepository';
import type { DocumentStore } from '../storage/engine/documentStore';
import type { LineEventInboxRepository } from '../inbox/lineEventInboxRepository';
import type { AppMetrics } from './appMetrics';
import { LineQuotaPoller } from './lineQuotaPoller';
import { LineUsageMeter } from './lineUsageMeter';
import { LINE_USAGE_COUNTERS, type LineUsageCounter, type LineUsageRepository } from './lineUsageRepository';
import type { LineEventOutcome } from './meteredLineEventInbox';
import type { StoreOperationObserver } from './meteredDocumentStore';
import { registerMetricsRoutes } from './metricsRoutes';
import { readScrapeTimeGauges } from './scrapeTimeGauges';
import type { ThreadMetrics } from '../turns/turnThreadProtocol';
import type { TurnObserver } from './turnTimingMiddleware';

/** Store operations into the store histogram and error counter. */
export function storeObserver(metrics: AppMetrics): StoreOperationObserver {
  return (operation, seconds, failed) => {
    metrics.storeDuration.observe({ operation }, seconds);
    if (failed) metrics.storeErrors.inc({ operation });
  };
}

/** LINE event outcomes into `line_events_total`. */
export function lineEventCounter(metrics: AppMetrics): (outcome: LineEventOutcome, amount: number) => void {
  return (outcome, amount) => {
    if (amount > 0) metrics.lineEvents.inc({ outcome }, amount);
  };
}

/** Messaging API calls into their counter and histogram. */
export function lineApiCallObserver(metrics: AppMetrics): (call: LineApiCall) => void {
  return (call) => {
    metrics.lineApiCalls.inc({ endpoint: call.endpoint, status: call.status === undefined ? 'none' : String(call.status) });
    metrics.lineApiDuration.observe({ endpoint: call.endpoint }, call.durationMs / 1000);
  };
}

/** Turn times into their histogram. */
export function turnObserver(metrics: AppMetrics): TurnObserver {
  return (channel, seconds, outcome) => metrics.turnDuration.observe({ channel, outcome }, seconds);
}

/** The adapter's delivery counts into the metrics and the stored push meter. */
function deliveryListener(metrics: AppMetrics, meter: LineUsageMeter): LineDeliveryListener {
  const stored = new Set<string>(LINE_USAGE_COUNTERS);
  return (account, counter, amount) => {
    if (counter === 'replyMessages') metrics.lineMessages.inc({ account, kind: 'reply' }, amount);
    else if (counter === 'pushMessages') metrics.lineMessages.inc({ account, kind: 'push' }, amount);
    else if (counter === 'retries') metrics.lineDelivery.inc({ account, event: 'retry' }, amount);
    else if (counter === 'replyFallbacks') metrics.lineDelivery.inc({ account, event: 'reply_fallback' }, amount);
    else if (counter === 'failures') metrics.lineDelivery.inc({ account, event: 'failure' }, amount);
    if (stored.has(counter)) meter.count(account, counter as LineUsageCounter, amount);
  };
}

/**
 * Counts the adapter's deliveries into the metrics and a stored push meter (flushed periodically; close it at the end).
 *
 * @example const meter = countLineDeliveries(metrics, lineAdapter, usage, logger); … await meter.close();
 */
export function countLineDeliveries(metrics: AppMetrics, lineAdapter: LineAdapter, usage: LineUsageRepository, logger: Logger): LineUsageMeter {
  const meter = new LineUsageMeter(usage, logger);
  lineAdapter.deliveryStats.subscribe(deliveryListener(metrics, meter));
  return meter;
}

/** What {@link startOperationsMetrics} wires together. */
export interface OperationsMetricsOptions {
  readonly metrics: AppMetrics;
  readonly server: Server;
  readonly store: DocumentStore;
  readonly lineAdapter: LineAdapter;
  readonly inbox: LineEventInboxRepository;
  readonly handoffConfig: HandoffConfigRepository;
  readonly accounts: ChannelAccountRepository;
  readonly usage: LineUsageRepository;
  /** The push meter counting this process's LINE deliveries ({@link countLineDeliveries}); whoever made it closes it. */
  readonly meter: LineUsageMeter;
  /** Where `/metrics` and the push meter's admin API are registered. */
  readonly api: ApiRouter;
  readonly eventStreams: () => number;
  readonly token: string | undefined;
  readonly quotaPollMs: number;
  readonly logger: Logger;
  /** Registries of other threads of this process (a turn worker thread), merged into `/metrics`. */
  readonly threadMetrics?: () => Promise<ThreadMetrics[]>;
}

/** The running push meter and quota reads. */
export interface OperationsMetrics {
  readonly meter: LineUsageMeter;
  readonly quotaPoller: LineQuotaPoller;
  /** Stops the quota reads (the meter is closed by whoever made it). */
  close(): Promise<void>;
}

/**
 * Times the LINE webhook, serves `/metrics` and the push meter's admin API, and makes the reader of LINE's quotas
 * (started with `quotaPoller.start()`).
 *
 * @example const operations = startOperationsMetrics({ metrics, server, store, lineAdapter, … }); … await operations.close();
 */
export function startOperationsMetrics(options: OperationsMetricsOptions): OperationsMetrics {
  const { metrics, server } = options;
  server.pre((req, res, next) => {
    if (req.method === 'POST' && (req.url ?? '').startsWith('/api/line/')) {
      const started = performance.now();
      res.once('finish', () => {
        const status = String(res.statusCode);
        metrics.webhookRequests.inc({ status });
        metrics.webhookDuration.observe({ status }, (performance.now() - started) / 1000);
      });
    }
    next();
  });
  const { meter } = options;
  const quotaPoller = new LineQuotaPoller({
    accountIds: async () => (await options.accounts.list()).filter((account) => account.enabled).map((account) => account.id),
    clientOf: (accountId) => options.lineAdapter.apiClient(accountId),
    usage: options.usage,
    intervalMs: options.quotaPollMs,
    logger: options.logger,
  });
  registerMetricsRoutes(options.api, {
    metrics,
    token: options.token,
    usage: options.usage,
    accounts: options.accounts,
    beforeReport: () => meter.flush(),
    refreshQuota: () => quotaPoller.pollOnce(),
    quotaMaxAgeMs: options.quotaPollMs,
    ...(options.threadMetrics ? { threadMetrics: options.threadMetrics } : {}),
    beforeScrape: async () => {
      // This process's counts reach the stored meter before it is read.
      await meter.flush();
      await readScrapeTimeGauges(metrics, {
        store: options.store,
        lineQueueCounts: () => options.inbox.counts(),
        queueIds: async () => (await options.handoffConfig.queues.list()).map((queue) => queue.id),
        usage: options.usage,
        eventStreams: options.eventStreams,
      });
    },
  });
  return {
    meter,
    quotaPoller,
    async close() {
      await quotaPoller.stop();
    },
  };
}
