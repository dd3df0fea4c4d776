import type { Logger } from 'pino';
import type { BotPipeline } from '../botPipeline.js';
import type { Config } from '../config.js';
import { startLeaderSweep } from '../handoff/leaderSweep.js';
import type { AppMetrics } from '../metrics/appMetrics.js';
import type { OperationsMetrics } from '../metrics/metricsWiring.js';
import { startCycleFactRepair } from '../reports/cycleFactRepair.js';
import { lineInboxRetentionDays } from '../retention/lineInboxRetention.js';
import { RetentionSweep } from '../retention/retentionSweep.js';
import { TranscriptTermBackfill } from '../history/transcriptTermBackfill.js';
import { ChannelDataExpiry } from '../storage/channelDataExpiry.js';
import { LeaderLease } from '../storage/leaderLease.js';

/** How often every instance writes again the report facts of open and recently closed handoff cycles. */
const CYCLE_FACT_REPAIR_MS = 5 * 60_000;

/** The timers of a running server: sweeps, retention, report repair, forgetting idle memory, content and quota reads. */
export interface JobsModule {
  /** Deletes personal data older than its retention setting, judged when it runs (the sweep leader runs it). */
  readonly retention: RetentionSweep;
  /** Forgets the conversations and customers idle long enough now (it also happens periodically). */
  forgetIdle(): void;
  /** Stops every timer and lets a running sweep, retention run and repair finish. */
  close(): Promise<void>;
}

/**
 * Starts the periodic work: the leader's handoff sweep and retention run (one instance sweeps for the cluster, so
 * time-driven notices go out once), the repair of report facts, forgetting idle memory, refreshing the self-service
 * content and reading LINE's quotas.
 *
 * @example const jobs = await startJobsModule({ config, logger, metrics, pipeline, operations }); … await jobs.close();
 */
export async function startJobsModule(options: { readonly config: Config; readonly logger: Logger; readonly metrics: AppMetrics; readonly pipeline: BotPipeline; readonly operations: OperationsMetrics }): Promise<JobsModule> {
  const { config, logger, metrics, pipeline } = options;
  const { store, clock, handoff, transcripts, customerTracker } = pipeline;
  options.operations.quotaPoller.start();
  const retentionLogger = logger.child({ component: 'retention' });
  const expiry = new ChannelDataExpiry(config.storage.nonLineDataTtlHours);
  const retention = await RetentionSweep.open(store, {
    retentionDays: config.storage.transcriptRetentionDays,
    lineInboxRetentionDays: lineInboxRetentionDays(config.storage.lineInboxRetentionDays, config.storage.transcriptRetentionDays),
    channelLifetimeSecondsOf: (channelId) => expiry.secondsFor(channelId),
    intervalMs: config.storage.retentionSweepIntervalMinutes * 60_000,
    now: () => clock().getTime(),
    logger: retentionLogger,
    onCompleted: (report) => metrics.recordRetentionRun(report),
  });
  const termBackfill = await TranscriptTermBackfill.open(store, pipeline.messageTexts, pipeline.transcriptTerms, { logger: logger.child({ component: 'history' }) });
  const leaderSweep = async (): Promise<void> => {
    await handoff.sweep();
    // Not awaited: a long retention run must not hold back the handoff's timers; runIfDue never overlaps runs.
    void retention.runIfDue().catch((error: unknown) => retentionLogger.error({ err: error }, 'retention sweep failed'));
    void termBackfill.runSome().catch((error: unknown) => retentionLogger.error({ err: error }, 'building the transcript text index failed; the next sweep resumes it'));
  };
  const sweeper = startLeaderSweep({ lease: await LeaderLease.open(store, { name: 'sweep', ttlMs: config.handoff.sweepLeaseSeconds * 1000 }), sweep: leaderSweep, intervalMs: config.handoff.sweepIntervalMs, logger: logger.child({ component: 'handoff' }) });
  const cycleRepair = startCycleFactRepair({ conversations: pipeline.handoffConversations, cycles: pipeline.handoffCycles, intervalMs: CYCLE_FACT_REPAIR_MS, clock, logger: logger.child({ component: 'reports' }) });
  const forgetIdle = (): void => {
    transcripts.forgetIdleConversations();
    customerTracker.forgetIdle();
  };
  const memoryTimer = setInterval(forgetIdle, Math.min(pipeline.conversationCache.idleMs, 60_000));
  memoryTimer.unref();
  // Other instances behind the load balancer save content too; the change feed tells, the refresh is the fallback.
  pipeline.selfServiceContent.startRefreshing();
  return {
    retention,
    forgetIdle,
    async close() {
      clearInterval(memoryTimer);
      await sweeper.stop();
      await retention.idle();
      await termBackfill.idle();
      cycleRepair.stop();
      await cycleRepair.backfilled;
      await handoff.sweepsDone();
    },
  };
}
