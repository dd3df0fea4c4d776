import { randomBytes } from 'node:crypto';

/**
 * The environment of a bench server that runs as in production: its own store in `dataDir`, secrets sealed with a
 * fresh real key, `/api/messages` off (production refuses it without an app id), the LINE channel at `lineApiBaseUrl`.
 *
 * @example spawnChildServer('ours', productionServerEnvironment({ dataDir, channelSecret, channelAccessToken, lineApiBaseUrl: fake.baseUrl }));
 */
export function productionServerEnvironment(options: { readonly dataDir: string; readonly channelSecret: string; readonly channelAccessToken: string; readonly lineApiBaseUrl: string }): Record<string, string> {
  return {
    NODE_ENV: 'production',
    BOT_FRAMEWORK_ENDPOINT: 'off',
    DATA_DIR: options.dataDir,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    LINE_SIMULATOR: 'off',
    LINE_CHANNEL_SECRET: options.channelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: options.channelAccessToken,
    LINE_API_BASE_URL: options.lineApiBaseUrl,
    LINE_DATA_API_BASE_URL: options.lineApiBaseUrl,
  };
}
