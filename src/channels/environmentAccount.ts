import type { Config } from '../config.js';
import { ENVIRONMENT_ACCOUNT_ID, type ChannelAccountRepository } from './channelAccountRepository.js';

/**
 * Stores the LINE channel the `LINE_*` settings describe as the account `default`, when they name one (at every start,
 * so a changed setting reaches the store).
 *
 * @example await storeEnvironmentAccount(accounts, config);
 */
export async function storeEnvironmentAccount(accounts: ChannelAccountRepository, config: Config): Promise<void> {
  const { channelSecret, channelAccessToken } = config.line;
  if (channelSecret === undefined || channelAccessToken === undefined) return;
  await accounts.upsertFromEnvironment({
    id: ENVIRONMENT_ACCOUNT_ID,
    name: 'Default LINE channel',
    ...(config.line.channelId ? { channelId: config.line.channelId } : {}),
    channelSecret,
    channelAccessToken,
    apiBaseUrl: config.line.apiBaseUrl,
    dataApiBaseUrl: config.line.dataApiBaseUrl,
  });
}
