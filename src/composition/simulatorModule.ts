import type { Logger } from 'pino';
import type { Server } from 'restify';
import { ENVIRONMENT_ACCOUNT_ID, type ChannelAccountRepository } from '../channels/channelAccountRepository.js';
import type { Config } from '../config.js';
import { FakeLineApi } from '../simulator/fakeLineApi.js';
import { registerLineSimulator } from '../simulator/registerLineSimulator.js';
import { simulatorCredentials } from '../simulator/simulatorCredentials.js';
import type { DocumentStore } from '../storage/engine/documentStore.js';
import type { SecretBox } from '../storage/secretBox.js';

/** Account id the simulator uses when a real LINE channel is configured as `default`. */
const SIMULATOR_ACCOUNT_ID = 'simulator';

/** The built-in LINE simulator, when it runs. */
export interface SimulatorModule {
  /** Whether the simulator runs. */
  readonly on: boolean;
  readonly simulator: { readonly accountId: string; readonly fakeApi: FakeLineApi } | undefined;
  /** Stores the simulator's LINE account, pointing at this server's fake Messaging API (once it listens). */
  storeAccount(localUrl: string): Promise<void>;
}

/**
 * Registers the LINE simulator's routes when it is on: `SIMULATOR=on`, or `auto` without LINE credentials outside
 * production.
 *
 * @example const simulator = await openSimulatorModule({ config, logger, store, secrets, accounts, server, localUrl }); … await simulator.storeAccount(url);
 */
export async function openSimulatorModule(options: {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: DocumentStore;
  readonly secrets: SecretBox;
  readonly accounts: ChannelAccountRepository;
  readonly server: Server;
  /** This server's loopback base URL, known once it listens. */
  readonly localUrl: () => string;
}): Promise<SimulatorModule> {
  const { config, logger } = options;
  const hasLineCredentials = config.line.channelSecret !== undefined && config.line.channelAccessToken !== undefined;
  // In production the simulator runs only when asked for: anyone who reaches it can write as any LINE user.
  const on = config.simulator === 'on' || (config.simulator === 'auto' && !hasLineCredentials && config.env !== 'production');
  if (!on) return { on, simulator: undefined, storeAccount: async () => undefined };
  const accountId = hasLineCredentials ? SIMULATOR_ACCOUNT_ID : ENVIRONMENT_ACCOUNT_ID;
  // The same credentials on every instance and at every restart: a webhook any instance's simulator signs verifies everywhere.
  const { channelSecret, channelAccessToken } = await simulatorCredentials(options.store, options.secrets, accountId);
  const fakeApi = new FakeLineApi({ accessTokens: [channelAccessToken] });
  registerLineSimulator(options.server, {
    fakeApi,
    account: { id: accountId, channelSecret },
    webhookUrl: () => `${options.localUrl()}/api/line/${accountId}`,
    logger: logger.child({ component: 'line-simulator' }),
  });
  return {
    on,
    simulator: { accountId, fakeApi },
    async storeAccount(localUrl) {
      const apiBaseUrl = `${localUrl}/simulator/line-api`;
      await options.accounts.upsertFromEnvironment({ id: accountId, name: 'LINE simulator', channelSecret, channelAccessToken, apiBaseUrl, dataApiBaseUrl: apiBaseUrl });
    },
  };
}
