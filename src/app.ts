import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import restify, { type Server } from 'restify';
import type { LineAccount } from '../adapters/line/lineAccount';
import { LineAdapter, type TurnLogic } from '../adapters/line/lineAdapter';
import type { RetryPolicy } from '../adapters/line/retryPolicy';
import { FirstBot } from './bot/firstBot';
import type { Config } from './config';
import { registerBotFrameworkRoute } from './http/botFrameworkRoute';
import { registerHealthRoutes } from './http/healthRoutes';
import { registerLineWebhookRoute } from './http/lineWebhookRoute';
import { StaticLineAccountDirectory } from './line/staticLineAccountDirectory';
import { FakeLineApi } from './simulator/fakeLineApi';
import { registerLineSimulator } from './simulator/registerLineSimulator';

/** Overrides for tests and benchmarks. */
export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly lineRetryPolicy?: RetryPolicy;
}

/** A started server and the parts a caller (tests, shutdown) may need. */
export interface RunningApp {
  /** Base URL the server listens on, e.g. `http://127.0.0.1:3978`. */
  readonly url: string;
  readonly server: Server;
  readonly lineAdapter: LineAdapter;
  readonly cloudAdapter: CloudAdapter;
  readonly accounts: StaticLineAccountDirectory;
  /** The built-in simulator's fake Messaging API, when the simulator runs. */
  readonly simulator: { readonly accountId: string; readonly fakeApi: FakeLineApi } | undefined;
  /** Stops accepting requests, lets running turns finish, and closes the server. */
  close(): Promise<void>;
}

/** Account id the simulator uses when a real LINE channel is configured as `default`. */
const SIMULATOR_ACCOUNT_ID = 'simulator';

/**
 * Builds and starts the whole server from a configuration: the LINE adapter and its webhook,
 * the Bot Framework endpoint, health checks, and the LINE simulator when it is on.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const accounts = new StaticLineAccountDirectory();
  const hasLineCredentials = config.line.channelSecret !== undefined && config.line.channelAccessToken !== undefined;
  if (config.line.channelSecret !== undefined && config.line.channelAccessToken !== undefined) {
    accounts.set({
      id: 'default',
      name: 'Default LINE channel',
      ...(config.line.channelId ? { channelId: config.line.channelId } : {}),
      channelSecret: config.line.channelSecret,
      channelAccessToken: config.line.channelAccessToken,
      apiBaseUrl: config.line.apiBaseUrl,
      dataApiBaseUrl: config.line.dataApiBaseUrl,
    });
  }
  const simulatorOn = config.simulator === 'on' || (config.simulator === 'auto' && !hasLineCredentials);

  const lineAdapter = new LineAdapter({
    accounts,
    logger: logger.child({ component: 'line-adapter' }),
    ...(options.lineRetryPolicy ? { retryPolicy: options.lineRetryPolicy } : {}),
  });
  const cloudAdapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.botFramework.appId ?? '',
      MicrosoftAppPassword: config.botFramework.appPassword ?? '',
      MicrosoftAppType: config.botFramework.appType,
      MicrosoftAppTenantId: config.botFramework.tenantId ?? '',
    }),
  );
  for (const adapter of [lineAdapter, cloudAdapter]) adapter.onTurnError = turnErrorHandler(logger);

  const bot = new FirstBot();
  const logic: TurnLogic = (context) => bot.run(context);

  const server = restify.createServer({ name: 'line-omnichannel', handleUncaughtExceptions: false });
  server.on('restifyError', (req, _res, error, callback) => {
    logger.error({ err: error, method: req.method, url: req.url }, 'request failed');
    callback();
  });
  registerHealthRoutes(server, [{ name: 'lineAccounts', check: async () => accounts.list().length > 0 }]);
  registerLineWebhookRoute(server, lineAdapter, logic, config.line.webhookMaxBodyBytes, logger);
  registerBotFrameworkRoute(server, cloudAdapter, logic, logger);

  let fakeApi: FakeLineApi | undefined;
  const simulatorAccount = { id: hasLineCredentials ? SIMULATOR_ACCOUNT_ID : 'default', channelSecret: randomBytes(16).toString('hex'), channelAccessToken: randomBytes(24).toString('base64url') };
  if (simulatorOn) {
    fakeApi = new FakeLineApi({ accessTokens: [simulatorAccount.channelAccessToken] });
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
  const localUrl = `http://${loopbackHost.includes(':') ? `[${loopbackHost}]` : loopbackHost}:${address.port}`;

  if (fakeApi) {
    const apiBaseUrl = `${localUrl}/simulator/line-api`;
    const account: LineAccount = {
      id: simulatorAccount.id,
      name: 'LINE simulator',
      channelSecret: simulatorAccount.channelSecret,
      channelAccessToken: simulatorAccount.channelAccessToken,
      apiBaseUrl,
      dataApiBaseUrl: apiBaseUrl,
    };
    accounts.set(account);
    registerLineSimulator(server, {
      fakeApi,
      account: { id: account.id, channelSecret: account.channelSecret },
      webhookUrl: `${localUrl}/api/line/${account.id}`,
      logger: logger.child({ component: 'line-simulator' }),
    });
    logger.info({ url: `${config.publicUrl ?? localUrl}/simulator`, accountId: account.id }, 'LINE simulator is on');
  }
  logger.info({ url: localUrl, lineAccounts: accounts.list().map((account) => account.id), emulatorAuth: config.botFramework.appId ? 'on' : 'off' }, 'server listening');

  return {
    url: localUrl,
    server,
    lineAdapter,
    cloudAdapter,
    accounts,
    simulator: fakeApi ? { accountId: simulatorAccount.id, fakeApi } : undefined,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lineAdapter.whenIdle();
    },
  };
}

function turnErrorHandler(logger: Logger): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    logger.error({ err: error, channelId: context.activity.channelId, conversationId: context.activity.conversation?.id }, 'unhandled error in a turn');
    try {
      await context.sendActivity('Sorry, something went wrong on our side. Please try again.');
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not tell the customer about the error');
    }
  };
}
