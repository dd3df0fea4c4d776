import type { AddressInfo } from 'node:net';
import { CloudAdapter, type Storage } from 'botbuilder';
import type { Logger } from 'pino';
import restify, { type Server } from 'restify';
import { LineAdapter } from '../adapters/line/lineAdapter';
import type { RetryPolicy } from '../shared/retry';
import { LoginRateLimiter } from './auth/loginRateLimiter';
import { SessionRepository } from './auth/sessionRepository';
import { UserRepository } from './auth/userRepository';
import type { Config } from './config';
import { FirstAdminSetup } from './auth/firstAdminSetup';
import { LiveSelfServiceContent } from './content/liveSelfServiceContent';
import { CustomerPurge } from './customers/customerPurge';
import { AssignmentStore } from './handoff/assignmentStore';
import { HandoffConfigRepository } from './handoff/config/handoffConfigRepository';
import { AgentContactAccess } from './handoff/agentContactAccess';
import { HandoffEventBus } from './handoff/handoffEvents';
import { HandoffService } from './handoff/handoffService';
import { startLeaderSweep } from './handoff/leaderSweep';
import { lineInboxRetentionDays } from './retention/lineInboxRetention';
import { RetentionSweep } from './retention/retentionSweep';
import { registerAgentFileMediaRoutes } from './http/agentFileMediaRoutes';
import { registerAgentRoutes } from './http/agentRoutes';
import { closeHandoffEventStreams, openHandoffEventStreams, registerHandoffEventStream } from './http/handoffEventStream';
import { registerSupervisorRoutes } from './http/supervisorRoutes';
import { registerHandoffNoteRoutes } from './http/handoffNoteRoutes';
import { registerHistoryRoutes } from './http/historyRoutes';
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
import { registerOpenApiRoute } from './http/openApiRoute';
import { ChannelDataExpiry } from './storage/channelDataExpiry';
import { ApiRouter } from './http/api/apiRouter';
import { RequestAuthorizer } from './http/requestAuthorization';
import { applyServerTimeouts } from './http/serverTimeouts';
import { registerTranscriptRoutes } from './http/transcriptRoutes';
import { AppMetrics } from './metrics/appMetrics';
import { LineUsageRepository } from './metrics/lineUsageRepository';
import { startOperationsMetrics, type OperationsMetrics } from './metrics/metricsWiring';
import { FakeLineApi } from './simulator/fakeLineApi';
import { registerLineSimulator } from './simulator/registerLineSimulator';
import { simulatorCredentials } from './simulator/simulatorCredentials';
import { AttachmentRepository } from './attachments/attachmentRepository';
import { AutomatedMessageRepository } from './handoff/automatedMessageRepository';
import { ChannelAccountRepository, ENVIRONMENT_ACCOUNT_ID } from './channels/channelAccountRepository';
import { ChangeFeed } from './storage/changeFeed';
import { CustomerRepository } from './customers/customerRepository';
import type { DocumentStore } from './storage/engine/documentStore';
import { LeaderLease } from './storage/leaderLease';
import { SurveyRepository } from './bot/surveyRepository';
import { startCycleFactRepair } from './reports/cycleFactRepair';
import { registerReportRoutes } from './http/reportRoutes';
import { TranscriptRepository } from './transcripts/transcriptRepository';
import { openBotPipeline } from './botPipeline';
import { followInboxAnnouncements, InboxAnnouncer } from './turns/inboxAnnouncements';
import { TurnWorkerThread } from './turns/turnWorkerThread';

/** Overrides for tests and benchmarks. */
export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly lineRetryPolicy?: RetryPolicy;
  /** A store to use instead of opening the configured one (tests inject failing stores). Not with `LINE_TURN_RUNNER=thread`, whose thread opens the configured store. */
  readonly store?: DocumentStore;
  /**
   * The clock of the handoff, the login limits and in-memory caches (tests move time on to expire offers, wrap-ups,
   * idle conversations and login waits). A turn worker thread (`LINE_TURN_RUNNER=thread`) keeps the real clock.
   */
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
  /** Deletes personal data older than its retention setting, judged when it runs (the sweep leader runs it). */
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
  /** The turn worker thread (`LINE_TURN_RUNNER=thread`), when it runs. */
  readonly turnThread: TurnWorkerThread | undefined;
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
  const runner = config.line.turnRunner;
  // The thread opens the configured store: turns would run against another store than the one given.
  if (runner === 'thread' && options.store) throw new Error('LINE_TURN_RUNNER=thread cannot be given a store: its worker thread opens the configured one');
  // Known once the server listens; nothing asks before then.
  let localUrl = '';
  const publicUrl = (): string => config.publicUrl ?? localUrl;
  let handOff: (conversation: string) => void = () => undefined;
  const pipeline = await openBotPipeline({
    config, logger, metrics, publicUrl,
    ...(options.store ? { store: options.store } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.lineRetryPolicy ? { lineRetryPolicy: options.lineRetryPolicy } : {}),
    ...(runner === 'inline' ? {} : { turnsElsewhere: (conversation: string) => handOff(conversation) }),
  });
  const { store, secrets, changes, clock, conversationCache, accounts, customers, transcripts, attachments, inbox, botStorage, surveys, handoffCycles, automatedMessages, handoffConfig } = pipeline;
  const { customerTracker, lineAdapter, cloudAdapter, selfServiceContent, logic, agentFiles, assignments, handoffConversations, handoffEvents, handoff } = pipeline;
  logger.info({ store: store.kind, turnRunner: runner, ...(store.kind === 'embedded' ? { dataDir: config.storage.dataDir } : {}) }, 'storage open');
  const handoffLogger = logger.child({ component: 'handoff' });
  const users = await UserRepository.open(store);
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


  const server = restify.createServer({ name: 'line-omnichannel', handleUncaughtExceptions: false });
  redactServerErrors(server, logger);
  registerSecurityHeaders(server);
  applyServerTimeouts(server.server, config.limits);
  useBodyTimeout(server, config.limits.apiBodyTimeoutMs);

  let stopFollowing = (): void => undefined;
  let turnThread: TurnWorkerThread | undefined;
  if (runner === 'inline') {
    // Events of instances that died (this one before a restart included) and due retries run here once their leases expire.
    lineAdapter.start(logic);
    stopFollowing = followInboxAnnouncements(changes, (conversation) => lineAdapter.runConversation(conversation));
  } else if (runner === 'off') {
    const announcer = new InboxAnnouncer(changes, logger.child({ component: 'line-adapter' }));
    handOff = (conversation) => announcer.announce(conversation);
  }

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

  const authorizer = new RequestAuthorizer({ adminApiKey: config.adminApiKey, users, sessions });
  const api = new ApiRouter(server, { authorizer, logger });
  registerHealthRoutes(api, [
    { name: 'store', check: async () => { await store.ping(); return true; } },
    { name: 'lineAccounts', check: async () => (await accounts.list()).some((account) => account.enabled), informational: true },
  ]);
  registerLineWebhookRoute(api, lineAdapter, logic, { maxBodyBytes: config.line.webhookMaxBodyBytes, bodyTimeoutMs: config.limits.webhookBodyTimeoutMs }, logger);
  if (config.botFramework.endpoint === 'on') {
    registerBotFrameworkRoute(api, { adapter: cloudAdapter, authenticated: config.botFramework.appId !== undefined, logic, logger });
  }
  const setup = await FirstAdminSetup.open({ store, users, box: secrets });
  registerAuthRoutes(api, { users, sessions, rateLimiter: new LoginRateLimiter(store, { now: () => clock().getTime() }), clientAddress: new ClientAddressResolver(config.trustProxy), setup });
  registerAdminUserRoutes(api, { users, sessions });
  registerAdminChannelRoutes(api, { accounts, lineApiBaseUrl: config.line.apiBaseUrl, lineDataApiBaseUrl: config.line.dataApiBaseUrl, publicUrl, onAccountGone: (accountId) => handoff.lineAccountGone(accountId) });
  registerTranscriptRoutes(api, transcripts);
  registerAdminAutomatedMessageRoutes(api, automatedMessages);
  registerAdminHandoffConfigRoutes(api, handoffConfig);
  registerAdminLineEventRoutes(api, inbox);
  registerAdminCustomerRoutes(api, new CustomerPurge(customers, transcripts, attachments, agentFiles, surveys, { purgeCustomer: async (customerId) => { const records = await handoff.purgeCustomer(customerId); await handoffCycles.purgeCustomer(customerId); return records; } }, { purgeConversations: (ids) => inbox.purgeConversations(ids), accountIds: async () => (await accounts.list()).map((account) => account.id) }), customers);
  registerAdminContactRoutes(api, customers);
  registerAdminSelfServiceContentRoutes(api, { content: selfServiceContent, users });
  const contactAccess = new AgentContactAccess({ conversations: handoffConversations, customers, canSee: (conversation, profile) => handoff.canSee(conversation, profile) });
  registerAgentRoutes(api, { handoff, transcripts, customers, contactAccess, attachments, cycles: handoffCycles });
  registerSupervisorRoutes(api, { handoff, attachments });
  registerHandoffNoteRoutes(api, { handoff });
  registerHistoryRoutes(api, { handoff, conversations: handoffConversations, cycles: handoffCycles, customers, transcripts });
  registerReportRoutes(api, { cycles: handoffCycles });
  registerAgentFileMediaRoutes(api, agentFiles);
  registerHandoffEventStream(api, { handoff, events: handoffEvents, streamsPerUser: config.limits.eventStreamsPerUser, maxStreams: config.limits.eventStreamsMax });
  registerDashboardRoutes(server);
  registerLandingPage(server, { simulator: simulatorOn, botFrameworkEndpoint: config.botFramework.endpoint === 'off' ? 'off' : config.botFramework.appId ? 'authenticated' : 'emulator', publicUrl });
  const operations = startOperationsMetrics({
    metrics, server, api, store, lineAdapter, inbox, handoffConfig, accounts, usage: await LineUsageRepository.open(store),
    eventStreams: () => openHandoffEventStreams(server), threadMetrics: async () => (turnThread ? turnThread.metrics() : []), token: config.metrics.token, quotaPollMs: config.metrics.lineQuotaPollSeconds * 1000, logger: logger.child({ component: 'metrics' }),
  });
  registerOpenApiRoute(api, publicUrl);

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

  if (runner === 'thread') {
    // After the simulator's account is stored: the thread reads accounts from the store.
    const thread = new TurnWorkerThread({ config, publicUrl: publicUrl(), logger: logger.child({ component: 'turn-thread' }) });
    await thread.start();
    turnThread = thread;
    handOff = (conversation) => thread.runConversation(conversation);
  }
  operations.quotaPoller.start();
  // One instance sweeps for the cluster, so time-driven notices go out once.
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
  const leaderSweep = async (): Promise<void> => {
    await handoff.sweep();
    // Not awaited: a long retention run must not hold back the handoff's timers; runIfDue never overlaps runs.
    void retention.runIfDue().catch((error: unknown) => retentionLogger.error({ err: error }, 'retention sweep failed'));
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
    await pipeline.whenTurnsIdle();
    await turnThread?.whenIdle();
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
    turnThread,
    async close() {
      lineAdapter.stop();
      stopFollowing();
      clearInterval(memoryTimer);
      closeHandoffEventStreams(server);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sweeper.stop();
      await retention.idle();
      cycleRepair.stop();
      await cycleRepair.backfilled;
      await handoff.sweepsDone();
      await whenIdle();
      // Its running turns finish and release their leases; what it had not started waits in the inbox.
      await turnThread?.stop();
      await operations.close();
      await selfServiceContent.close();
      await changes.stop();
      await store.close();
    },
  };
}
