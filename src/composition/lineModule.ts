import type { Logger } from 'pino';
import { LineAdapter } from '../../adapters/line/lineAdapter.js';
import type { RetryPolicy } from '../../shared/retry.js';
import { AttachmentDownloader } from '../attachments/attachmentDownloader.js';
import { AttachmentDownloadMiddleware } from '../attachments/attachmentDownloadMiddleware.js';
import type { Config } from '../config.js';
import { CustomerTrackingMiddleware } from '../customers/customerTrackingMiddleware.js';
import type { AppMetrics } from '../metrics/appMetrics.js';
import type { LineUsageMeter } from '../metrics/lineUsageMeter.js';
import { MeteredLineEventInbox } from '../metrics/meteredLineEventInbox.js';
import { countLineDeliveries, lineApiCallObserver, lineEventCounter } from '../metrics/metricsWiring.js';
import type { TranscriptRepository } from '../transcripts/transcriptRepository.js';
import { TranscriptLoggingMiddleware } from '../transcripts/transcriptLoggingMiddleware.js';
import type { StorageModule } from './storageModule.js';
import { turnErrorHandler } from './turnErrorHandler.js';

/** What {@link openLineModule} needs. */
export interface LineModuleOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: AppMetrics;
  readonly storage: StorageModule;
  readonly lineRetryPolicy?: RetryPolicy;
  /** When set, the LINE adapter only admits events and hands their conversations here (see `LineAdapterOptions`). */
  readonly turnsElsewhere?: (conversation: string) => void;
}

/** The LINE adapter, the turn middleware that logs, tracks customers and downloads media, and the push meter. */
export interface LineModule {
  readonly lineAdapter: LineAdapter;
  readonly transcriptLogger: TranscriptLoggingMiddleware;
  readonly customerTracker: CustomerTrackingMiddleware;
  readonly attachmentDownloads: AttachmentDownloadMiddleware;
  /** Counts this thread's LINE deliveries into the stored push meter. */
  readonly meter: LineUsageMeter;
  /** Resolves when every running LINE turn and the writes it started (transcript, customer, media) are done. */
  whenTurnsIdle(): Promise<void>;
  /** Stops taking up work, lets running turns and their writes finish, and writes the meter's last counts. */
  close(): Promise<void>;
}

/**
 * Builds the LINE adapter on the stored accounts and inbox, with the middleware every turn passes (the bot's logic is
 * given when a turn runner starts it).
 *
 * @example const line = openLineModule({ config, logger, metrics, storage }); line.lineAdapter.start(logic);
 */
export function openLineModule(options: LineModuleOptions): LineModule {
  const { config, logger, metrics, storage } = options;
  const { accounts, inbox, transcripts, customers, attachments, conversationCache } = storage;
  const transcriptLogger = new TranscriptLoggingMiddleware(transcripts, { logger: logger.child({ component: 'transcript' }), maxPendingWrites: config.limits.transcriptMaxPendingWrites });
  const customerTracker = new CustomerTrackingMiddleware(customers, logger.child({ component: 'customers' }), { memory: conversationCache });
  const lineAdapter = new LineAdapter({
    accounts,
    inbox: new MeteredLineEventInbox(inbox, lineEventCounter(metrics)),
    onApiCall: lineApiCallObserver(metrics),
    logger: logger.child({ component: 'line-adapter' }),
    maxConcurrentTurns: config.line.maxConcurrentTurns,
    turnLagTargetMs: config.line.turnLagTargetMs,
    replyTokenTtlMs: config.line.replyWindowMs,
    workQueue: config.line.workQueue,
    chatSignals: storage.chatSignals,
    onStandbyActivity: (activity) => transcripts.logActivity(activity as Parameters<TranscriptRepository['logActivity']>[0]),
    onTurnCompleted: (activity) => transcriptLogger.flushConversation(activity.channelId ?? '', activity.conversation?.id ?? ''),
    ...(options.lineRetryPolicy ? { retryPolicy: options.lineRetryPolicy } : {}),
    ...(options.turnsElsewhere ? { turnsElsewhere: options.turnsElsewhere } : {}),
  });
  lineAdapter.onTurnError = turnErrorHandler(logger, (context) => lineAdapter.willRetryFailedTurn(context));
  const attachmentDownloads = new AttachmentDownloadMiddleware(
    new AttachmentDownloader({ fetchContent: (accountId, messageId) => lineAdapter.getContent(accountId, messageId), repository: attachments, logger: logger.child({ component: 'attachments' }) }),
  );
  const meter = countLineDeliveries(metrics, lineAdapter, storage.lineUsage, logger.child({ component: 'metrics' }));
  const whenTurnsIdle = async (): Promise<void> => {
    await lineAdapter.whenIdle();
    await Promise.all([transcriptLogger.flush(), customerTracker.flush(), attachmentDownloads.flush()]);
  };
  return {
    lineAdapter, transcriptLogger, customerTracker, attachmentDownloads, meter, whenTurnsIdle,
    async close() {
      lineAdapter.stop();
      await whenTurnsIdle();
      await meter.close();
    },
  };
}
