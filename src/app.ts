import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, UserState, type Storage, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import restify, { type Server } from 'restify';
import { LineAdapter, type TurnLogic } from '../adapters/line/lineAdapter';
import type { RetryPolicy } from '../adapters/line/retryPolicy';
import { BotFrameworkCloudAdapter } from './botFramework/botFrameworkCloudAdapter';
import { AttachmentDownloadMiddleware } from './attachments/attachmentDownloadMiddleware';
import { LoginRateLimiter } from './auth/loginRateLimiter';
import { SessionRepository } from './auth/sessionRepository';
import { UserRepository } from './auth/userRepository';
import { CustomerServiceBot } from '../dialogs/customerServiceBot';
import type { Config } from './config';
import { FirstAdminSetup } from './auth/firstAdminSetup';
import { LiveSelfServiceContent } from './content/liveSelfServiceContent';
import { loadSelfServiceContent } from './content/selfServiceContentFile';
import { SelfServiceContentRepository } from './content/selfServiceContentRepository';
import { CustomerPurge } from './customers/customerPurge';
import { AgentFileSending } from './handoff/agentFileSending';
import { CustomerTrackingMiddleware } from './customers/customerTrackingMiddleware';
import { AssignmentStore } from './handoff/assignmentStore';
import { HandoffConfigRepository } from './handoff/config/handoffConfigRepository';
import { CustomerMessenger } from './handoff/customerMessenger';
import { AgentContactAccess } from './handoff/agentContactAccess';
import { HandoffConversationRepository } from './handoff/handoffConversationRepository';
import { HandoffDistributor } from './handoff/handoffDistributor';
import { HandoffEventBus } from './handoff/handoffEvents';
import { greetingOverride } from './handoff/greetingOverride';
import { CustomerUnsends } from './handoff/customerUnsends';
import { HandoffMiddleware } from './handoff/handoffMiddleware';
import { LeaveMessageOffers } from './handoff/leaveMessageOffers';
import { QueuedCustomerReplies } from './handoff/queuedCustomerReplies';
import { HandoffService } from './handoff/handoffService';
import { startLeaderSweep } from './handoff/leaderSweep';
import { RetentionSweep } from './retention/retentionSweep';
import { registerAgentFileMediaRoutes } from './http/agentFileMediaRoutes';
import { registerAgentRoutes } from './http/agentRoutes';
import { closeHandoffEventStreams, openHandoffEventStreams, registerHandoffEventStream } from './http/handoffEventStream';
import { registerSupervisorRoutes } from './http/supervisorRoutes';
import { registerHandoffNoteRoutes } from './http/handoffNoteRoutes';
import { registerHistoryRoutes } from './http/historyRoutes';
import { TranscriptTermRepository } from './storage/transcriptTermRepository';
import { TranscriptMessageTexts } from './storage/transcriptMessageTexts';
import { TranscriptTermBackfill } from './history/transcriptTermBackfill';
import { registerAdminAutomatedMessageRoutes } from './http/adminAutomatedMessageRoutes';
import { registerAdminChannelRoutes } from './http/adminChannelRoutes';
import { registerAdminContactRoutes } from './http/adminContactRoutes';
import { registerAdminCustomerRoutes } from './http/adminCustomerRoutes';
import { registerAdminHandoffConfigRoutes } from './http/adminHandoffConfigRoutes';
import { registerAdminLineEventRoutes } from './http/adminLineEventRoutes';
import { registerAdminSelfServiceContentRoutes } from './http/adminSelfServiceContentRoutes';
import { registerAdminUserRoutes } from './http/adminUserRoutes';
import { registerAuthRoutes } from './http/authRoutes';
import { ClientAddressResolver } from './http/clientAddress';
import { useBodyTimeout } from './http/bodyTimeout';
import { registerBotFrameworkRoute } from './http/botFrameworkRoute';
import { registerDashboardRoutes } from './http/dashboardRoutes';
import { registerHealthRoutes } from './http/healthRoutes';
import { redactServerErrors } from './http/internalErrors';
import { registerLandingPage } from './http/landingPage';
import { isLoopbackHost } from './http/loopbackUrl';
import { registerSecurityHeaders } from './http/securityHeaders';
import { registerLineWebhookRoute } from './http/lineWebhookRoute';
import { openApiDocument } from './http/openApiDocument';
import { RequestAuthorizer } from './http/requestAuthorization';
import { applyServerTimeouts } from './http/serverTimeouts';
import { registerTranscriptRoutes } from './http/transcriptRoutes';
import { AppMetrics } from './metrics/appMetrics';
import { LineUsageRepository } from './metrics/lineUsageRepository';
import { meteredDocumentStore } from './metrics/meteredDocumentStore';
import { MeteredLineEventInbox } from './metrics/meteredLineEventInbox';
import { lineApiCallObserver, lineEventCounter, startOperationsMetrics, storeObserver, turnObserver, type OperationsMetrics } from './metrics/metricsWiring';
import { TurnTimingMiddleware } from './metrics/turnTimingMiddleware';
import { FakeLineApi } from './simulator/fakeLineApi';
import { registerLineSimulator } from './simulator/registerLineSimulator';
import { simulatorCredentials } from './simulator/simulatorCredentials';
import { AttachmentDownloader } from './storage/attachmentDownloader';
import { AgentFileRepository } from './storage/agentFileRepository';
import { AttachmentRepository } from './storage/attachmentRepository';
import { AutomatedMessageRepository } from './storage/automatedMessageRepository';
import { BotStateStorage } from './storage/botStateStorage';
import { ChannelAccountRepository, ENVIRONMENT_ACCOUNT_ID } from './storage/channelAccountRepository';
import { ChangeFeed } from './storage/changeFeed';
import { ChannelDataExpiry } from './storage/channelDataExpiry';
import { CustomerRepository } from './storage/customerRepository';
import type { DocumentStore } from './storage/engine/documentStore';
import { LeaderLease } from './storage/leaderLease';
import { LineChatSignalRepository } from './storage/lineChatSignalRepository.js';
import { LineEventInboxRepository } from './storage/lineEventInboxRepository';
import { openDocumentStore } from './storage/engine/openDocumentStore';
import { resolveSecretsKey } from './storage/secretBox';
import { SurveyRepository } from './storage/surveyRepository';
import { HandoffCycleRepository } from './reports/handoffCycleRepository';
import { startCycleFactRepair } from './reports/cycleFactRepair';
import { registerReportRoutes } from './http/reportRoutes';
import { TranscriptRepository } from './storage/transcriptRepository';
import { TranscriptLoggingMiddleware } from './transcript/transcriptLoggingMiddleware';

/** Overrides for tests and benchmarks. */
export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly lineRetryPolicy?: RetryPolicy;
  /** A store to use instead of opening the configured one (tests inject failing stores). */
  readonly store?: DocumentStore;
  /** The clock of the handoff, the login limits and in-memory caches (tests move time on to expire offers, wrap-ups, idle conversations and login waits). */
  readonly clock?: () => Date;
}

/** A started server and the parts a caller (tests, shutdown) may need. */
export interface RunningApp {
  /** Base URL the server listens on, e.g. `http://127.0.0.1:3978`. */
  readonly url: string;
  readonly server: Server;
  readonly store: DocumentStore;
  readonly lineAdapter: LineAdapter;
  readonly cloudAdapter: CloudAdapter;
  readonly accounts: ChannelAccountRepository;
  readonly transcripts: TranscriptRepository;
  readonly customers: CustomerRepository;
  readonly attachments: AttachmentRepository;
  readonly surveys: SurveyRepository;
  /** The automated messages the handoff sends, per workstream and language (defaults plus admin overrides). */
  readonly automatedMessages: AutomatedMessageRepository;
  /** The users who log in to the management API. */
  readonly users: UserRepository;
  /** The browser setup of the first admin (its code is in the log at start while no admin exists). */
  readonly firstAdminSetup: FirstAdminSetup;
  /** Queues, routing rules, agent profiles and workstreams, as administrators configure them. */
  readonly handoffConfig: HandoffConfigRepository;
  /** The bot's self-service content: the file's, or what admins saved (refreshed from the store periodically). */
  readonly selfServiceContent: LiveSelfServiceContent;
  /** The handoff to people: requests, queues, agents' actions, sweeps. */
  readonly handoff: HandoffService;
  /** Deletes personal data older than `TRANSCRIPT_RETENTION_DAYS` (the sweep leader runs it). */
  readonly retention: RetentionSweep;
  /** Live handoff events of every instance (through the change feed). */
  readonly handoffEvents: HandoffEventBus;
  /** The change feed shared by every instance through the store (live events, cache invalidation). */
  readonly changes: ChangeFeed;
  /** Atomic assignment of conversations to agents' capacity. */
  readonly assignments: AssignmentStore;
  /** Bot state (ConversationState, UserState) with eTag concurrency. */
  readonly botStorage: Storage;
  /** The built-in simulator's fake Messaging API, when the simulator runs. */
  readonly simulator: { readonly accountId: string; readonly fakeApi: FakeLineApi } | undefined;
  /** What is held in memory per conversation and per customer (forgotten when idle; see `CONVERSATION_CACHE_*`). */
  readonly conversationMemory: {
    /** Conversations whose facts the transcript store remembers. */
    readonly conversations: () => number;
    /** Customers the customer tracking remembers. */
    readonly customers: () => number;
    /** Forgets what has been idle long enough now (it also happens periodically). */
    readonly forgetIdle: () => void;
  };
  /** The Prometheus metrics `/metrics` serves. */
  readonly metrics: AppMetrics;
  /** The push meter (stored) and the LINE quota reads. */
  readonly operations: OperationsMetrics;
  /** Resolves when every running turn and the writes it started (transcript, customer, media) are done. */
  whenIdle(): Promise<void>;
  /** Stops accepting requests, lets running turns and writes finish, and closes the store. */
  close(): Promise<void>;
}

/** Account id the simulator uses when a real LINE channel is configured as `default`. */
const SIMULATOR_ACCOUNT_ID = 'simulator';
/** How often every instance writes again the report facts of open and recently closed handoff cycles. */
const CYCLE_FACT_REPAIR_MS = 5 * 60_000;

/**
 * Builds and starts the whole server from a configuration: storage, the LINE adapter and its
 * webhook, the Bot Framework endpoint, the admin API, health checks, and the LINE simulator
 * when it is on.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const metrics = new AppMetrics();
  const store = meteredDocumentStore(options.store ?? (await openDocumentStore({ ...(config.storage.mongodbUri ? { mongodbUri: config.storage.mongodbUri } : {}), mongodbLimits: config.storage.mongodb, dataDir: config.storage.dataDir, durability: config.storage.durability, ...(config.storage.checkpointIntervalMs > 0 ? { checkpointIntervalMs: config.storage.checkpointIntervalMs } : {}), logger: logger.child({ component: 'storage' }) })), storeObserver(metrics));
  logger.info({ store: store.kind, ...(store.kind === 'embedded' ? { dataDir: config.storage.dataDir } : {}) }, 'storage open');
  const secrets = await resolveSecretsKey({ secretsKey: config.storage.secretsKey, env: config.env, dataDir: config.storage.dataDir, logger });
  // Other instances sharing the store learn of live events and cached configuration changes through it.
  const changes = new ChangeFeed({ store, logger: logger.child({ component: 'change-feed' }), pollIntervalMs: config.storage.changeFeedPollMs, gapWaitMs: config.storage.changeFeedGapWaitMs });
  await changes.start();
  const accounts = new ChannelAccountRepository(store, secrets, { changes });
  const clock = options.clock ?? (() => new Date());
  const conversationCache = { idleMs: config.limits.conversationCacheIdleSeconds * 1000, max: config.limits.conversationCacheMax, now: () => clock().getTime() };
  const expiry = new ChannelDataExpiry(config.storage.nonLineDataTtlHours);
  const customers = new CustomerRepository(store, { ttlSecondsOf: (channelId) => expiry.secondsFor(channelId) });
  const transcriptTerms = await TranscriptTermRepository.open(store);
  const messageTexts = await TranscriptMessageTexts.open(store);
  const transcripts = await TranscriptRepository.open(store, {
    termIndex: transcriptTerms,
    // TRANSCRIPT_RETENTION_DAYS is applied by the retention sweep, by age at sweep time, so a changed setting reaches old data.
    ttlSecondsOf: (channelId) => expiry.secondsFor(channelId),
    conversationCache,
    resolveContactId: (customerId) => customers.contactIdOf(customerId),
  });
  const attachments = new AttachmentRepository(store, { maxBytes: config.storage.attachmentMaxBytes });
  const inbox = await LineEventInboxRepository.open(store);
  const botStorage = await BotStateStorage.open(store, { ttlSecondsOf: (key) => expiry.secondsForStateKey(key) });
  const surveys = await SurveyRepository.open(store);
  const handoffCycles = await HandoffCycleRepository.open(store, logger.child({ component: 'reports' }));
  const automatedMessages = await AutomatedMessageRepository.open(store);
  const users = await UserRepository.open(store);
  const handoffConfig = await HandoffConfigRepository.open(store);
  const sessions = await SessionRepository.open(store, { ttlMs: config.auth.sessionTtlHours * 60 * 60 * 1000 });
  if (config.auth.initialAdmin) {
    const { username, password } = config.auth.initialAdmin;
    const bootstrap = await users.bootstrapAdmin(username, password);
    if (bootstrap.outcome === 'created') logger.info({ username: bootstrap.user.username, userId: bootstrap.user.id }, 'created the first admin user from ADMIN_USERNAME');
    else if (bootstrap.outcome === 'usernameTaken') logger.warn({ username }, 'no admin user exists, but ADMIN_USERNAME belongs to a user without the admin role; no admin was created');
  }

  const hasLineCredentials = config.line.channelSecret !== undefined && config.line.channelAccessToken !== undefined;
  if (config.line.channelSecret !== undefined && config.line.channelAccessToken !== undefined) {
    await accounts.upsertFromEnvironment({
      id: ENVIRONMENT_ACCOUNT_ID,
      name: 'Default LINE channel',
      ...(config.line.channelId ? { channelId: config.line.channelId } : {}),
      channelSecret: config.line.channelSecret,
      channelAccessToken: config.line.channelAccessToken,
      apiBaseUrl: config.line.apiBaseUrl,
      dataApiBaseUrl: config.line.dataApiBaseUrl,
    });
  }
  // In production the simulator runs only when asked for: anyone who reaches it can write as any LINE user.
  const simulatorOn = config.simulator === 'on' || (config.simulator === 'auto' && !hasLineCredentials && config.env !== 'production');

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

  // Known once the server listens; nothing asks before then.
  let localUrl = '';
  const publicUrl = (): string => config.publicUrl ?? localUrl;
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
    agentFiles: new AgentFileSending(agentFiles, publicUrl),
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

  const server = restify.createServer({ name: 'line-omnichannel', handleUncaughtExceptions: false });
  redactServerErrors(server, logger);
  registerSecurityHeaders(server);
  applyServerTimeouts(server.server, config.limits);
  useBodyTimeout(server, config.limits.apiBodyTimeoutMs);

  // Events of instances that died (this one before a restart included) and due retries run here once their leases expire.
  lineAdapter.start(logic);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const loopbackHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  localUrl = `http://${loopbackHost.includes(':') ? `[${loopbackHost}]` : loopbackHost}:${address.port}`;

  registerHealthRoutes(server, [
    { name: 'store', check: async () => { await store.ping(); return true; } },
    { name: 'lineAccounts', check: async () => (await accounts.list()).some((account) => account.enabled), informational: true },
  ]);
  registerLineWebhookRoute(server, lineAdapter, logic, { maxBodyBytes: config.line.webhookMaxBodyBytes, bodyTimeoutMs: config.limits.webhookBodyTimeoutMs }, logger);
  if (config.botFramework.endpoint === 'on') {
    registerBotFrameworkRoute(server, { adapter: cloudAdapter, authenticated: config.botFramework.appId !== undefined, logic, logger });
  }
  const authorizer = new RequestAuthorizer({ adminApiKey: config.adminApiKey, users, sessions });
  const setup = await FirstAdminSetup.open({ store, users, box: secrets });
  registerAuthRoutes(server, { users, sessions, authorizer, rateLimiter: new LoginRateLimiter(store, { now: () => clock().getTime() }), clientAddress: new ClientAddressResolver(config.trustProxy), setup });
  registerAdminUserRoutes(server, { users, sessions, authorizer });
  registerAdminChannelRoutes(server, { accounts, authorizer, lineApiBaseUrl: config.line.apiBaseUrl, lineDataApiBaseUrl: config.line.dataApiBaseUrl, publicUrl, onAccountGone: (accountId) => handoff.lineAccountGone(accountId) });
  registerTranscriptRoutes(server, transcripts, authorizer);
  registerAdminAutomatedMessageRoutes(server, automatedMessages, authorizer);
  registerAdminHandoffConfigRoutes(server, handoffConfig, authorizer);
  registerAdminLineEventRoutes(server, inbox, authorizer);
  registerAdminCustomerRoutes(server, new CustomerPurge(customers, transcripts, attachments, agentFiles, surveys, { purgeCustomer: async (customerId) => { const records = await handoff.purgeCustomer(customerId); await handoffCycles.purgeCustomer(customerId); return records; } }), customers, authorizer);
  registerAdminContactRoutes(server, customers, authorizer);
  registerAdminSelfServiceContentRoutes(server, { content: selfServiceContent, users, authorizer });
  const contactAccess = new AgentContactAccess({ conversations: handoffConversations, customers, canSee: (conversation, profile) => handoff.canSee(conversation, profile) });
  registerAgentRoutes(server, { handoff, transcripts, customers, contactAccess, attachments, authorizer, cycles: handoffCycles });
  registerSupervisorRoutes(server, { handoff, attachments, authorizer });
  registerHandoffNoteRoutes(server, { handoff, authorizer });
  registerHistoryRoutes(server, { handoff, conversations: handoffConversations, cycles: handoffCycles, customers, transcripts, transcriptTerms, messageTexts, authorizer });
  registerReportRoutes(server, { cycles: handoffCycles, authorizer });
  registerAgentFileMediaRoutes(server, agentFiles);
  registerHandoffEventStream(server, { handoff, events: handoffEvents, authorizer, streamsPerUser: config.limits.eventStreamsPerUser, maxStreams: config.limits.eventStreamsMax });
  registerDashboardRoutes(server);
  registerLandingPage(server, { simulator: simulatorOn, botFrameworkEndpoint: config.botFramework.endpoint === 'off' ? 'off' : config.botFramework.appId ? 'authenticated' : 'emulator', publicUrl });
  const operations = startOperationsMetrics({
    metrics, server, store, lineAdapter, inbox, handoffConfig, accounts, authorizer, usage: await LineUsageRepository.open(store),
    eventStreams: () => openHandoffEventStreams(server), token: config.metrics.token, quotaPollMs: config.metrics.lineQuotaPollSeconds * 1000, logger: logger.child({ component: 'metrics' }),
  });
  server.get('/api/openapi.json', async (_req, res) => {
    res.send(200, openApiDocument(publicUrl()));
  });

  let fakeApi: FakeLineApi | undefined;
  const simulatorAccountId = hasLineCredentials ? SIMULATOR_ACCOUNT_ID : ENVIRONMENT_ACCOUNT_ID;
  if (simulatorOn) {
    // The same credentials on every instance and at every restart: a webhook any instance's simulator signs verifies everywhere.
    const { channelSecret, channelAccessToken } = await simulatorCredentials(store, secrets, simulatorAccountId);
    fakeApi = new FakeLineApi({ accessTokens: [channelAccessToken] });
    const apiBaseUrl = `${localUrl}/simulator/line-api`;
    await accounts.upsertFromEnvironment({ id: simulatorAccountId, name: 'LINE simulator', channelSecret, channelAccessToken, apiBaseUrl, dataApiBaseUrl: apiBaseUrl });
    registerLineSimulator(server, {
      fakeApi,
      account: { id: simulatorAccountId, channelSecret },
      webhookUrl: `${localUrl}/api/line/${simulatorAccountId}`,
      logger: logger.child({ component: 'line-simulator' }),
    });
    logger.info({ url: `${publicUrl()}/simulator`, accountId: simulatorAccountId }, 'LINE simulator is on');
  }

  operations.quotaPoller.start();
  // One instance sweeps for the cluster, so time-driven notices go out once.
  const retentionLogger = logger.child({ component: 'retention' });
  const retention = await RetentionSweep.open(store, {
    retentionDays: config.storage.transcriptRetentionDays,
    intervalMs: config.storage.retentionSweepIntervalMinutes * 60_000,
    now: () => clock().getTime(),
    logger: retentionLogger,
  });
  const termBackfill = await TranscriptTermBackfill.open(store, messageTexts, transcriptTerms, { logger: logger.child({ component: 'history' }) });
  const leaderSweep = async (): Promise<void> => {
    await handoff.sweep();
    // Not awaited: a long retention run must not hold back the handoff's timers; runIfDue never overlaps runs.
    void retention.runIfDue().catch((error: unknown) => retentionLogger.error({ err: error }, 'retention sweep failed'));
    void termBackfill.runSome().catch((error: unknown) => retentionLogger.error({ err: error }, 'building the transcript text index failed; the next sweep resumes it'));
  };
  const sweeper = startLeaderSweep({ lease: await LeaderLease.open(store, { name: 'sweep', ttlMs: config.handoff.sweepLeaseSeconds * 1000 }), sweep: leaderSweep, intervalMs: config.handoff.sweepIntervalMs, logger: handoffLogger });
  const cycleRepair = startCycleFactRepair({ conversations: handoffConversations, cycles: handoffCycles, intervalMs: CYCLE_FACT_REPAIR_MS, clock, logger: logger.child({ component: 'reports' }) });
  const forgetIdle = (): void => {
    transcripts.forgetIdleConversations();
    customerTracker.forgetIdle();
  };
  const memoryTimer = setInterval(forgetIdle, Math.min(conversationCache.idleMs, 60_000));
  memoryTimer.unref();
  // Other instances behind the load balancer save content too; the change feed tells, the refresh is the fallback.
  selfServiceContent.startRefreshing();

  if (setup.code !== undefined && (await setup.isNeeded())) {
    // The operator reads the log; whoever reaches the page without it cannot claim the server.
    logger.warn({ url: `${publicUrl()}/dashboard`, setupCode: setup.code }, `no administrator yet: open ${publicUrl()}/dashboard and create one with the setup code ${setup.code}`);
  }
  const openEndpoints = [...(simulatorOn ? ['the LINE simulator'] : []), ...(config.botFramework.endpoint === 'on' && config.botFramework.appId === undefined ? ['the unauthenticated Emulator endpoint'] : [])];
  if (openEndpoints.length > 0 && !isLoopbackHost(config.host)) {
    logger.warn({ host: config.host, openEndpoints }, `HOST=${config.host} lets other machines reach ${openEndpoints.join(' and ')}, which anyone can write to as any customer; bind 127.0.0.1 unless this network is yours alone`);
  }
  logger.info({ url: localUrl, lineAccounts: (await accounts.list()).map((account) => account.id), botFrameworkEndpoint: config.botFramework.endpoint === 'off' ? 'off' : config.botFramework.appId ? 'authenticated' : 'emulator (loopback only)' }, 'server listening');

  const whenIdle = async (): Promise<void> => {
    await lineAdapter.whenIdle();
    await Promise.all([transcriptLogger.flush(), customerTracker.flush(), attachmentDownloads.flush()]);
    await handoff.sweepsDone();
  };
  return {
    url: localUrl,
    server,
    store,
    lineAdapter,
    cloudAdapter,
    accounts,
    transcripts,
    customers,
    firstAdminSetup: setup,
    attachments,
    surveys,
    automatedMessages,
    users,
    handoffConfig,
    selfServiceContent,
    handoff,
    retention,
    handoffEvents,
    changes,
    assignments,
    botStorage,
    simulator: fakeApi ? { accountId: simulatorAccountId, fakeApi } : undefined,
    metrics,
    operations,
    conversationMemory: { conversations: () => transcripts.rememberedConversations, customers: () => customerTracker.rememberedCustomers, forgetIdle },
    whenIdle,
    async close() {
      lineAdapter.stop();
      clearInterval(memoryTimer);
      closeHandoffEventStreams(server);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sweeper.stop();
      await retention.idle();
      await termBackfill.idle();
      cycleRepair.stop();
      await cycleRepair.backfilled;
      await handoff.sweepsDone();
      await whenIdle();
      await operations.close();
      await selfServiceContent.close();
      await changes.stop();
      await store.close();
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
