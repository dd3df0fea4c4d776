import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/logger';
import { loadConfig } from '../../src/config';
import { startApp, type AppOptions, type RunningApp } from '../../src/app';
import { startFakeLineApi } from '../../src/simulator/fakeLineApi';

/** A started server whose `default` LINE account talks to a fake Messaging API on loopback. */
export interface TestServer {
  readonly app: RunningApp;
  readonly fake: Awaited<ReturnType<typeof startFakeLineApi>>;
  readonly channelSecret: string;
  /** The embedded store's directory (a fresh temporary one unless `DATA_DIR` was given). */
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * Starts the real server on a free loopback port against a fake LINE API that accepts the
 * `default` account's token and `extraAccessTokens` (for accounts a test adds); `appOptions` may give the handoff a
 * clock the test moves, or a store to use instead of the embedded one.
 */
export async function startTestServer(
  environment: Record<string, string> = {},
  extraAccessTokens: readonly string[] = [],
  appOptions: Pick<AppOptions, 'clock' | 'store'> = {},
): Promise<TestServer> {
  const ownDataDir = environment.DATA_DIR === undefined;
  const dataDir = environment.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'line-omnichannel-test-')));
  const channelSecret = '0123456789abcdef0123456789abcdef';
  const channelAccessToken = 'integration-token';
  const fake = await startFakeLineApi({ accessTokens: [channelAccessToken, ...extraAccessTokens] });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    LINE_CHANNEL_SECRET: channelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: channelAccessToken,
    LINE_API_BASE_URL: fake.baseUrl,
    LINE_DATA_API_BASE_URL: fake.baseUrl,
    LINE_SIMULATOR: 'off',
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    ...environment,
  });
  const app = await startApp({ ...appOptions, config, logger: createLogger('silent'), lineRetryPolicy: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
  return {
    app,
    fake,
    channelSecret,
    dataDir,
    async close() {
      await app.close();
      await fake.close();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
