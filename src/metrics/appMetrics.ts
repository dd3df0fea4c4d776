import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Buckets (seconds) of request, turn and LINE API latencies: a few ms to LINE's 10 s time-out. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Buckets (seconds) of store operations: the embedded store answers in microseconds, MongoDB in milliseconds. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * Every metric the server exposes at `/metrics`, in one prom-client registry per app (tests start several apps in one
 * process, so nothing goes to prom-client's global registry). Gauges read from the store are filled at scrape time
 * (see `scrapeTimeGauges.ts`); counters and histograms move as things happen.
 *
 * @example
 * const metrics = new AppMetrics();
 * metrics.lineApiCalls.inc({ endpoint: 'POST /v2/bot/message/push', status: '200' });
 * const text = await metrics.registry.metrics();
 */
export class AppMetrics {
  /** The registry `/metrics` serialises. */
  readonly registry = new Registry();

  /** LINE webhook requests by HTTP status. */
  readonly webhookRequests = new Counter({ name: 'line_webhook_requests_total', help: 'LINE webhook requests by HTTP status', labelNames: ['status'] as const, registers: [this.registry] });
  /** LINE webhook answer time. */
  readonly webhookDuration = new Histogram({ name: 'line_webhook_request_duration_seconds', help: 'Time to answer a LINE webhook request', labelNames: ['status'] as const, buckets: LATENCY_BUCKETS, registers: [this.registry] });
  /** LINE events by what became of them on arrival or later. */
  readonly lineEvents = new Counter({ name: 'line_events_total', help: 'LINE webhook events: accepted (new), duplicate (redelivered), retried (a run failed and waits), dead_lettered (given up)', labelNames: ['outcome'] as const, registers: [this.registry] });
  /** Turn time through the middleware and bot. */
  readonly turnDuration = new Histogram({ name: 'bot_turn_duration_seconds', help: 'Time of a turn through middleware and bot logic', labelNames: ['channel', 'outcome'] as const, buckets: LATENCY_BUCKETS, registers: [this.registry] });
  /** Messaging API calls by endpoint and status (`none`: no answer). */
  readonly lineApiCalls = new Counter({ name: 'line_api_calls_total', help: 'LINE Messaging API calls by endpoint and HTTP status (none: network failure or time-out)', labelNames: ['endpoint', 'status'] as const, registers: [this.registry] });
  /** Messaging API latency. */
  readonly lineApiDuration = new Histogram({ name: 'line_api_call_duration_seconds', help: 'LINE Messaging API call time', labelNames: ['endpoint'] as const, buckets: LATENCY_BUCKETS, registers: [this.registry] });
  /** Messages delivered by reply (free) and by push (paid), per account. */
  readonly lineMessages = new Counter({ name: 'line_messages_sent_total', help: 'LINE messages delivered by this process, by account and kind (reply is free, push counts against the quota)', labelNames: ['account', 'kind'] as const, registers: [this.registry] });
  /** Retries, reply fallbacks and final failures of delivery, per account. */
  readonly lineDelivery = new Counter({ name: 'line_delivery_events_total', help: 'LINE delivery retries (retry), replies that went by push instead (reply_fallback) and deliveries that failed (failure)', labelNames: ['account', 'event'] as const, registers: [this.registry] });
  /** Store operation latency. */
  readonly storeDuration = new Histogram({ name: 'store_operation_duration_seconds', help: 'Document store operation time', labelNames: ['operation'] as const, buckets: STORE_BUCKETS, registers: [this.registry] });
  /** Store operations that threw. */
  readonly storeErrors = new Counter({ name: 'store_operation_errors_total', help: 'Document store operations that failed', labelNames: ['operation'] as const, registers: [this.registry] });
  /** LINE work queue events per state (the whole cluster, read at scrape time). */
  readonly lineQueue = new Gauge({ name: 'line_event_queue_events', help: 'LINE work queue events per state (pending, done, dead) in the store', labelNames: ['state'] as const, registers: [this.registry] });
  /** Conversations waiting per handoff queue. */
  readonly queueDepth = new Gauge({ name: 'handoff_queue_depth', help: 'Conversations waiting for an agent, per queue', labelNames: ['queue'] as const, registers: [this.registry] });
  /** Longest wait per handoff queue. */
  readonly queueLongestWait = new Gauge({ name: 'handoff_queue_longest_wait_seconds', help: 'How long the oldest waiting conversation of a queue has waited', labelNames: ['queue'] as const, registers: [this.registry] });
  /** Agents per presence. */
  readonly agents = new Gauge({ name: 'handoff_agents', help: 'Agents by presence', labelNames: ['presence'] as const, registers: [this.registry] });
  /** Open handoff conversations per state. */
  readonly conversations = new Gauge({ name: 'handoff_conversations', help: 'Open conversations with people by state', labelNames: ['state'] as const, registers: [this.registry] });
  /** Live event streams of this process. */
  readonly sseClients = new Gauge({ name: 'handoff_event_stream_clients', help: 'Open live event streams (SSE) of this process', registers: [this.registry] });
  /** The stored push meter this month, all instances together. */
  readonly monthMessages = new Gauge({ name: 'line_month_messages', help: 'LINE messages sent this month by every instance, by account and kind (the push meter)', labelNames: ['account', 'kind'] as const, registers: [this.registry] });
  /** LINE's monthly quota per account (absent when unlimited). */
  readonly quota = new Gauge({ name: 'line_quota_messages', help: "The account's monthly message quota as LINE reports it", labelNames: ['account'] as const, registers: [this.registry] });
  /** LINE's own count against the quota this month. */
  readonly quotaConsumption = new Gauge({ name: 'line_quota_consumption_messages', help: 'Messages LINE counts against the quota this month', labelNames: ['account'] as const, registers: [this.registry] });
  /** Documents the retention sweep deleted, per kind (`transcriptActivities`, `lineInboxEvents`, …). */
  readonly retentionDeleted = new Counter({ name: 'retention_deleted_documents_total', help: 'Documents the retention sweep of this process deleted, per kind of data', labelNames: ['kind'] as const, registers: [this.registry] });
  /** When this process last completed a retention sweep. */
  readonly retentionLastRun = new Gauge({ name: 'retention_last_sweep_timestamp_seconds', help: 'Unix time at which this process last completed a retention sweep (0 until it has)', registers: [this.registry] });
  /** How long that sweep took. */
  readonly retentionLastDuration = new Gauge({ name: 'retention_last_sweep_duration_seconds', help: 'How long the last completed retention sweep of this process took', registers: [this.registry] });
  /** Scrapes whose store reads failed (the gauges keep their last values then). */
  readonly scrapeErrors = new Counter({ name: 'metrics_scrape_errors_total', help: 'Scrapes whose store-backed gauges could not be read', registers: [this.registry] });

  /** @param options.processMetrics whether to collect prom-client's process and runtime metrics (off in a worker thread: the main thread's cover the process). */
  constructor(options: { readonly processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Records a completed retention sweep: what it deleted per kind (every kind it swept, zeros included), when, how long. */
  recordRetentionRun(report: { readonly deleted: Readonly<Record<string, number>>; readonly completedAt: Date; readonly durationMs: number }): void {
    for (const [kind, count] of Object.entries(report.deleted)) this.retentionDeleted.inc({ kind }, count);
    this.retentionLastRun.set(report.completedAt.getTime() / 1000);
    this.retentionLastDuration.set(report.durationMs / 1000);
  }
}
