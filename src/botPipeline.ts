import { ConfigurationBotFrameworkAuthentication, ConversationState, UserState, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { LineAdapter, type TurnLogic } from '../adapters/line/lineAdapter';
import type { RetryPolicy } from '../shared/retry';
import { CustomerServiceBot } from '../dialogs/customerServiceBot';
import { AttachmentDownloadMiddleware } from './attachments/attachmentDownloadMiddleware';
import { BotFrameworkCloudAdapter } from './botFramework/botFrameworkCloudAdapter';
import type { Config } from './config';
import { LiveSelfServiceContent } from './content/liveSelfServiceContent';
import { loadSelfServiceContent } from './content/selfServiceContentFile';
import { SelfServiceContentRepository } from './content/selfServiceContentRepository';
import { CustomerTrackingMiddleware } from './customers/customerTrackingMiddleware';
import { AgentFileSending } from './handoff/agentFileSending';
import { AssignmentStore } from './handoff/assignmentStore';
import { HandoffConfigRepository } from './handoff/config/handoffConfigRepository';
import { CustomerMessenger } from './handoff/customerMessenger';
import { CustomerUnsends } from './handoff/customerUnsends';
import { greetingOverride } from './handoff/greetingOverride';
import { HandoffConversationRepository } from './handoff/handoffConversationRepository';
import { HandoffDistributor } from './handoff/handoffDistributor';
import { HandoffEventBus } from './handoff/handoffEvents';
import { HandoffMiddleware } from './handoff/handoffMiddleware';
import { HandoffService } from './handoff/handoffService';
import { LeaveMessageOffers } from './handoff/leaveMessageOffers';
import { QueuedCustomerReplies } from './handoff/queuedCustomerReplies';
import type { AppMetrics } from './metrics/appMetrics';
import { meteredDocumentStore } from './metrics/meteredDocumentStore';
import { MeteredLineEventInbox } from './metrics/meteredLineEventInbox';
import { lineApiCallObserver, lineEventCounter, storeObserver, turnObserver } from './metrics/metricsWiring';
import { TurnTimingMiddleware } from './metrics/turnTimingMiddleware';
import { HandoffCycleRepository } from './reports/handoffCycleRepository';
import { AgentFileRepository } from './attachments/agentFileRepository';
import { AttachmentDownloader } from './attachments/attachmentDownloader';
import { AttachmentRepository } from './attachments/attachmentRepository';
import { AutomatedMessageRepository } from './handoff/automatedMessageRepository';
import { BotStateStorage } from './bot/botStateStorage';
import { ChangeFeed } from './storage/changeFeed';
import { ChannelAccountRepository } from './channels/channelAccountRepository';
import { CustomerRepository } from './customers/customerRepository';
import type { DocumentStore } from './storage/engine/documentStore';
import { openDocumentStore } from './storage/engine/openDocumentStore';
import { LineChatSignalRepository } from './inbox/lineChatSignalRepository.js';
import { LineEventInboxRepository } from './inbox/lineEventInboxRepository';
import { resolveSecretsKey } from './storage/secretBox';
import { SurveyRepository } from './bot/surveyRepository';
import { TranscriptRepository } from './transcripts/transcriptRepository';
import { TranscriptLoggingMiddleware } from './transcripts/transcriptLoggingMiddleware';

/** What {@link openBotPipeline} needs. */
export interface BotPipelineOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Where store, LINE API and turn metrics go. */
  readonly metrics: AppMetrics;
  /** A store to use instead of opening the configured one (tests inject failing stores). */
  readonly store?: DocumentStore;
  readonly clock?: () => Date;
  readonly lineRetryPolicy?: RetryPolicy;
  /** The server's public base URL, for links to agents' files (known once the HTTP server listens). */
  readonly publicUrl: () => string;
  /** When set, the LINE adapter only admits events and hands their conversations here (see `LineAdapterOptions`). */
  readonly turnsElsewhere?: (conversation: string) => void;
}

/**
 * Everything a turn needs, wired together on one store handle: the store and change feed, the repositories, the LINE
 * and Bot Framework adapters with their middleware (transcript, customer tracking, attachments, handoff), the bot and
 * the handoff service. The HTTP server builds on it (`app.ts`), and so does a turn worker thread (`turns/`).
 */
export interface BotPipeline {
  readonly store: DocumentStore;
  readonly secrets: Awaited<ReturnType<typeof resolveSecretsKey>>;
  readonly changes: ChangeFeed;
  readonly clock: () => Date;
  readonly conversationCache: { readonly idleMs: number; readonly max: number; readonly now: () => number };
  readonly accounts: ChannelAccountRepository;
  readonly customers: CustomerRepository;
  readonly transcripts: TranscriptRepository;
  readonly attachments: AttachmentRepository;
  readonly inbox: LineEventInboxRepository;
  readonly botStorage: BotStateStorage;
  readonly surveys: SurveyRepository;
  readonly handoffCycles: HandoffCycleRepository;
  readonly automatedMessages: AutomatedMessageRepository;
  readonly handoffConfig: HandoffConfigRepository;
  readonly transcriptLogger: TranscriptLoggingMiddleware;
  readonly customerTracker: CustomerTrackingMiddleware;
  readonly attachmentDownloads: AttachmentDownloadMiddleware;
  readonly lineAdapter: LineAdapter;
  readonly cloudAdapter: BotFrameworkCloudAdapter;
  readonly selfServiceContent: LiveSelfServiceContent;
  /** The bot's turn logic. */
  readonly logic: TurnLogic;
  readonly agentFiles: AgentFileRepository;
  readonly assignments: AssignmentStore;
  readonly handoffConversations: HandoffConversationRepository;
  readonly handoffEvents: HandoffEventBus;
  readonly handoff: HandoffService;
  /** Resolves when every running LINE turn and the writes it started (transcript, customer, media) are done. */
  whenTurnsIdle(): Promise<void>;
}

/**
 * Opens the store (unless given) and builds the bot pipeline on it.
 *
 * @example
 * const pipeline = await openBotPipeline({ config, logger, metrics: new AppMetrics(), publicUrl: () => url });
 * pipeline.lineAdapter.start(pipeline.logic);
 */
export async function openBotPipeline(options: BotPipelineOptions): Promise<BotPipeline> {
  const { config, logger, metrics } = options;
  const store = meteredDocumentStore(options.store ?? (await openDocumentStore({ ...(config.storage.mongodbUri ? { mongodbUri: config.storage.mongodbUri } : {}), mongodbLimits: config.storage.mongodb, dataDir: config.storage.dataDir, durability: config.storage.durability, ...(config.storage.checkpointIntervalMs > 0 ? { checkpointIntervalMs: config.storage.checkpointIntervalMs } : {}), logger: logger.child({ component: 'storage' }) })), storeObserver(metrics));
  const secrets = await resolveSecretsKey({ secretsKey: config.storage.secretsKey, env: config.env, dataDir: config.storage.dataDir, logger });
  // Other instances sharing the store learn of live events and cached configuration changes through it.
  const changes = new ChangeFeed({ store, logger: logger.child({ component: 'change-feed' }), pollIntervalMs: config.storage.changeFeedPollMs, gapWaitMs: config.storage.changeFeedGapWaitMs });
  await changes.start();
  const accounts = new ChannelAccountRepository(store, secrets, { changes });
  const clock = options.clock ?? (() => new Date());
  const conversationCache = { idleMs: config.limits.conversationCacheIdleSeconds * 1000, max: config.limits.conversationCacheMax, now: () => clock().getTime() };
  // TRANSCRIPT_RETENTION_DAYS and NON_LINE_DATA_TTL_HOURS are applied by the retention sweep, by age at sweep time, so
  // a changed setting reaches old data: nothing is stamped with an expiry when written.
  const customers = new CustomerRepository(store);
  const transcripts = await TranscriptRepository.open(store, {
    conversationCache,
    resolveContactId: (customerId) => customers.contactIdOf(customerId),
  });
  const attachments = new AttachmentRepository(store, { maxBytes: config.storage.attachmentMaxBytes });
  const inbox = await LineEventInboxRepository.open(store);
  const botStorage = await BotStateStorage.open(store);
  const surveys = await SurveyRepository.open(store);
  const handoffCycles = await HandoffCycleRepository.open(store, logger.child({ component: 'reports' }));
  const automatedMessages = await AutomatedMessageRepository.open(store);
  const handoffConfig = await HandoffConfigRepository.open(store);
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
    chatSignals: await LineChatSignalRepository.open(store),
    onStandbyActivity: (activity) => transcripts.logActivity(activity as Parameters<TranscriptRepository['logActivity']>[0]),
    onTurnCompleted: (activity) => transcriptLogger.flushConversation(activity.channelId ?? '', activity.conversation?.id ?? ''),
    ...(options.lineRetryPolicy ? { retryPolicy: options.lineRetryPolicy } : {}),
    ...(options.turnsElsewhere ? { turnsElsewhere: options.turnsElsewhere } : {}),
  });
  const attachmentDownloads = new AttachmentDownloadMiddleware(
    new AttachmentDownloader({ fetchContent: (accountId, messageId) => lineAdapter.getContent(accountId, messageId), repository: attachments, logger: logger.child({ component: 'attachments' }) }),
  );
  const botFrameworkAuthentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.botFramework.appId ?? '',
    MicrosoftAppPassword: config.botFramework.appPassword ?? '',
    MicrosoftAppType: config.botFramework.appType,
    MicrosoftAppTenantId: config.botFramework.tenantId ?? '',
  });
  const cloudAdapter = new BotFrameworkCloudAdapter(botFrameworkAuthentication);
  const selfServiceContent = await LiveSelfServiceContent.open({
    repository: await SelfServiceContentRepository.open(store),
    fileContent: await loadSelfServiceContent(config.selfServiceContentFile),
    logger: logger.child({ component: 'self-service-content' }),
    changes,
  });
  const bot = new CustomerServiceBot({
    conversationState: new ConversationState(botStorage),
    userState: new UserState(botStorage),
    content: selfServiceContent,
    // Kept as answered, and beside the cycle they rate for the reports.
    surveys: { save: async (result) => { await surveys.save(result); await handoffCycles.recordSurvey(result); } },
    greetingOverride: (language) => greetingOverride(handoffConfig, automatedMessages, language),
    surveyExpiryMinutes: config.handoff.surveyExpiryMinutes,
    clock,
  });
  const logic: TurnLogic = (context) => bot.run(context);
  const agentFiles = new AgentFileRepository(store);
  const handoffLogger = logger.child({ component: 'handoff' });
  const assignments = await AssignmentStore.open(store);
  const handoffConversations = await HandoffConversationRepository.open(store, handoffCycles);
  const handoffEvents = new HandoffEventBus(changes);
  const distributor = new HandoffDistributor({
    conversations: handoffConversations,
    assignments,
    config: handoffConfig,
    events: handoffEvents,
    skillMatch: config.handoff.skillMatch,
    acceptTimeoutSeconds: config.handoff.acceptTimeoutSeconds,
    logger: handoffLogger,
    clock,
  });
  const handoff = await HandoffService.open({
    store,
    conversations: handoffConversations,
    assignments,
    config: handoffConfig,
    automatedMessages,
    customers,
    messenger: new CustomerMessenger({ line: lineAdapter, botFramework: cloudAdapter, botAppId: config.botFramework.appId ?? '', botLogic: logic }),
    events: handoffEvents,
    distributor,
    agentFiles: new AgentFileSending(agentFiles, options.publicUrl),
    settings: config.handoff,
    logger: handoffLogger,
    clock,
    lineAccounts: accounts,
    wrapUps: handoffCycles,
  });
  await handoff.ensureFallbackQueue();
  const handoffMiddleware = new HandoffMiddleware(handoff, handoffLogger, {
    queuedReplies: await QueuedCustomerReplies.open(store, handoffConversations, { intervalSeconds: config.handoff.queuedAckSeconds, clock }),
    unsends: new CustomerUnsends(handoffConversations, handoffEvents, changes, attachments),
    leaveMessage: await LeaveMessageOffers.open(store, handoff, clock),
    transcripts,
  });

  const turnTiming = new TurnTimingMiddleware(turnObserver(metrics));
  lineAdapter.use(turnTiming, transcriptLogger, customerTracker, attachmentDownloads, handoffMiddleware);
  cloudAdapter.use(turnTiming, transcriptLogger, customerTracker, handoffMiddleware);
  lineAdapter.onTurnError = turnErrorHandler(logger, (context) => lineAdapter.willRetryFailedTurn(context));
  cloudAdapter.onTurnError = turnErrorHandler(logger);

  return {
    store, secrets, changes, clock, conversationCache, accounts, customers, transcripts, attachments, inbox, botStorage, surveys, handoffCycles, automatedMessages, handoffConfig,
    transcriptLogger, customerTracker, attachmentDownloads, lineAdapter, cloudAdapter, selfServiceContent, logic, agentFiles, assignments, handoffConversations, handoffEvents, handoff,
    async whenTurnsIdle() {
      await lineAdapter.whenIdle();
      await Promise.all([transcriptLogger.flush(), customerTracker.flush(), attachmentDownloads.flush()]);
    },
  };
}

function turnErrorHandler(logger: Logger, willRetry: (context: TurnContext) => boolean = () => false): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    // A LINE event that runs again later (e.g. the store was briefly down) gets its real answer then, not an apology now.
    if (willRetry(context)) throw error;
    logger.error({ err: error, channelId: context.activity.channelId, conversationId: context.activity.conversation?.id }, 'unhandled error in a turn');
    try {
      await context.sendActivity('Sorry, something went wrong on our side. Please try again.');
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not tell the customer about the error');
    }
  };
}
