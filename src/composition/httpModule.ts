import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import restify, { type Server } from 'restify';
import { FirstAdminSetup } from '../auth/firstAdminSetup.js';
import { LoginRateLimiter } from '../auth/loginRateLimiter.js';
import { SessionRepository } from '../auth/sessionRepository.js';
import { UserRepository } from '../auth/userRepository.js';
import type { Config } from '../config.js';
import { CustomerPurge } from '../customers/customerPurge.js';
import { AgentContactAccess } from '../handoff/agentContactAccess.js';
import { registerAdminAutomatedMessageRoutes } from '../http/adminAutomatedMessageRoutes.js';
import { registerAdminChannelRoutes } from '../http/adminChannelRoutes.js';
import { registerAdminContactRoutes } from '../http/adminContactRoutes.js';
import { registerAdminCustomerRoutes } from '../http/adminCustomerRoutes.js';
import { registerAdminHandoffConfigRoutes } from '../http/adminHandoffConfigRoutes.js';
import { registerAdminLineEventRoutes } from '../http/adminLineEventRoutes.js';
import { registerAdminSelfServiceContentRoutes } from '../http/adminSelfServiceContentRoutes.js';
import { registerAdminUserRoutes } from '../http/adminUserRoutes.js';
import { registerAgentFileMediaRoutes } from '../http/agentFileMediaRoutes.js';
import { registerAgentRoutes } from '../http/agentRoutes.js';
import { ApiRouter } from '../http/api/apiRouter.js';
import { registerAuthRoutes } from '../http/authRoutes.js';
import { useBodyTimeout } from '../http/bodyTimeout.js';
import { registerBotFrameworkRoute } from '../http/botFrameworkRoute.js';
import { ClientAddressResolver } from '../http/clientAddress.js';
import { registerDashboardRoutes } from '../http/dashboardRoutes.js';
import { closeHandoffEventStreams, openHandoffEventStreams, registerHandoffEventStream } from '../http/handoffEventStream.js';
import { registerHandoffNoteRoutes } from '../http/handoffNoteRoutes.js';
import { registerHealthRoutes } from '../http/healthRoutes.js';
import { registerHistoryRoutes } from '../http/historyRoutes.js';
import { redactServerErrors } from '../http/internalErrors.js';
import { registerLandingPage } from '../http/landingPage.js';
import { registerLineWebhookRoute } from '../http/lineWebhookRoute.js';
import { registerOpenApiRoute } from '../http/openApiRoute.js';
import { registerReportRoutes } from '../http/reportRoutes.js';
import { RequestAuthorizer } from '../http/requestAuthorization.js';
import { registerSecurityHeaders } from '../http/securityHeaders.js';
import { applyServerTimeouts } from '../http/serverTimeouts.js';
import { registerSupervisorRoutes } from '../http/supervisorRoutes.js';
import { registerTranscriptRoutes } from '../http/transcriptRoutes.js';
import type { AppMetrics } from '../metrics/appMetrics.js';
import { startOperationsMetrics, type OperationsMetrics } from '../metrics/metricsWiring.js';
import type { BotPipeline } from '../botPipeline.js';
import { openSimulatorModule, type SimulatorModule } from './simulatorModule.js';
import type { TurnRunnerModule } from './turnRunnerModule.js';

/** What {@link openHttpModule} needs. */
export interface HttpModuleOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: AppMetrics;
  readonly pipeline: BotPipeline;
  readonly turnRunner: TurnRunnerModule;
  /** The server's public base URL (`PUBLIC_URL`, or the listening address once known). */
  readonly publicUrl: () => string;
  /** This server's loopback base URL, known once it listens. */
  readonly localUrl: () => string;
}

/** The HTTP server with every route registered, not yet listening. */
export interface HttpModule {
  readonly server: Server;
  readonly users: UserRepository;
  readonly firstAdminSetup: FirstAdminSetup;
  readonly operations: OperationsMetrics;
  readonly simulator: SimulatorModule;
  /** Listens on `HOST`:`PORT` and answers the loopback base URL, e.g. `http://127.0.0.1:3978`. */
  listen(): Promise<string>;
  /** Ends the event streams, stops accepting requests and stops the quota reads. */
  close(): Promise<void>;
}

/**
 * Creates the restify server and registers every route on it: health, LINE webhook, Bot Framework, auth and admin,
 * agents and supervisors, history, reports, metrics, OpenAPI, dashboard, landing page and (when on) the simulator.
 *
 * @example const http = await openHttpModule({ config, logger, metrics, pipeline, turnRunner, publicUrl, localUrl }); const url = await http.listen();
 */
export async function openHttpModule(options: HttpModuleOptions): Promise<HttpModule> {
  const { config, logger, metrics, pipeline, turnRunner, publicUrl } = options;
  const { store, secrets, clock, accounts, customers, transcripts, transcriptTerms, messageTexts, attachments, agentFiles, inbox, surveys, handoffCycles, automatedMessages, handoffConfig, lineAdapter, cloudAdapter, logic, selfServiceContent, handoff, handoffConversations, handoffEvents } = pipeline;
  const users = await UserRepository.open(store);
  const sessions = await SessionRepository.open(store, { ttlMs: config.auth.sessionTtlHours * 60 * 60 * 1000 });
  if (config.auth.initialAdmin) {
    const { username, password } = config.auth.initialAdmin;
    const bootstrap = await users.bootstrapAdmin(username, password);
    if (bootstrap.outcome === 'created') logger.info({ username: bootstrap.user.username, userId: bootstrap.user.id }, 'created the first admin user from ADMIN_USERNAME');
    else if (bootstrap.outcome === 'usernameTaken') logger.warn({ username }, 'no admin user exists, but ADMIN_USERNAME belongs to a user without the admin role; no admin was created');
  }
  const server = restify.createServer({ name: 'line-omnichannel', handleUncaughtExceptions: false });
  redactServerErrors(server, logger);
  registerSecurityHeaders(server);
  applyServerTimeouts(server.server, config.limits);
  useBodyTimeout(server, config.limits.apiBodyTimeoutMs);

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
  registerHistoryRoutes(api, { handoff, conversations: handoffConversations, cycles: handoffCycles, customers, transcripts, transcriptTerms, messageTexts });
  registerReportRoutes(api, { cycles: handoffCycles });
  registerAgentFileMediaRoutes(api, agentFiles);
  registerHandoffEventStream(api, { handoff, events: handoffEvents, streamsPerUser: config.limits.eventStreamsPerUser, maxStreams: config.limits.eventStreamsMax });
  registerDashboardRoutes(server);
  const simulator = await openSimulatorModule({ config, logger, store, secrets, accounts, server, localUrl: options.localUrl });
  registerLandingPage(server, { simulator: simulator.on, botFrameworkEndpoint: config.botFramework.endpoint === 'off' ? 'off' : config.botFramework.appId ? 'authenticated' : 'emulator', publicUrl });
  const operations = startOperationsMetrics({
    metrics, server, api, store, lineAdapter, inbox, handoffConfig, accounts, usage: pipeline.lineUsage, meter: pipeline.meter,
    eventStreams: () => openHandoffEventStreams(server), threadMetrics: async () => (turnRunner.turnThread ? turnRunner.turnThread.metrics() : []), token: config.metrics.token, quotaPollMs: config.metrics.lineQuotaPollSeconds * 1000, logger: logger.child({ component: 'metrics' }),
  });
  registerOpenApiRoute(api, publicUrl);

  return {
    server, users, firstAdminSetup: setup, operations, simulator,
    async listen() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const loopbackHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      return `http://${loopbackHost.includes(':') ? `[${loopbackHost}]` : loopbackHost}:${address.port}`;
    },
    async close() {
      closeHandoffEventStreams(server);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await operations.close();
    },
  };
}
