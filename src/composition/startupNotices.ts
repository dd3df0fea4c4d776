import type { Logger } from 'pino';
import type { FirstAdminSetup } from '../auth/firstAdminSetup.js';
import type { ChannelAccountRepository } from '../channels/channelAccountRepository.js';
import type { Config } from '../config.js';
import { isLoopbackHost } from '../http/loopbackUrl.js';

/**
 * Logs what the operator must know once the server listens: the first admin's setup code while no admin exists, open
 * endpoints reachable from other machines, and where the server listens.
 *
 * @example await logStartupNotices({ config, logger, setup, accounts, simulatorOn: true, localUrl, publicUrl });
 */
export async function logStartupNotices(options: {
  readonly config: Config;
  readonly logger: Logger;
  readonly setup: FirstAdminSetup;
  readonly accounts: ChannelAccountRepository;
  readonly simulatorOn: boolean;
  readonly localUrl: string;
  readonly publicUrl: () => string;
}): Promise<void> {
  const { config, logger, setup, publicUrl } = options;
  if (setup.code !== undefined && (await setup.isNeeded())) {
    // The operator reads the log; whoever reaches the page without it cannot claim the server.
    logger.warn({ url: `${publicUrl()}/dashboard`, setupCode: setup.code }, `no administrator yet: open ${publicUrl()}/dashboard and create one with the setup code ${setup.code}`);
  }
  const openEndpoints = [...(options.simulatorOn ? ['the LINE simulator'] : []), ...(config.botFramework.endpoint === 'on' && config.botFramework.appId === undefined ? ['the unauthenticated Emulator endpoint'] : [])];
  if (openEndpoints.length > 0 && !isLoopbackHost(config.host)) {
    logger.warn({ host: config.host, openEndpoints }, `HOST=${config.host} lets other machines reach ${openEndpoints.join(' and ')}, which anyone can write to as any customer; bind 127.0.0.1 unless this network is yours alone`);
  }
  logger.info({ url: options.localUrl, lineAccounts: (await options.accounts.list()).map((account) => account.id), botFrameworkEndpoint: config.botFramework.endpoint === 'off' ? 'off' : config.botFramework.appId ? 'authenticated' : 'emulator (loopback only)' }, 'server listening');
}
