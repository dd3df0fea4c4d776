import { createLogger } from '../../src/logger';
import { loadConfig } from '../../src/config';
import { startApp, type RunningApp } from '../../src/app';
import { startFakeLineApi } from '../../src/simulator/fakeLineApi';

/** A started server whose `default` LINE account talks to a fake Messaging API on loopback. */
export interface TestServer {
  readonly app: RunningApp;
  readonly fake: Awaited<ReturnType<typeof startFakeLineApi>>;
  readonly channelSecret: string;
  close(): Promise<void>;
}

/** Starts the real server on a free loopback port against a fake LINE API. */
export async function startTestServer(environment: Record<string, string> = {}): Promise<TestServer> {
  const channelSecret = 'integration-secret';
  const channelAccessToken = 'integration-token';
  const fake = await startFakeLineApi({ accessTokens: [channelAccessToken] });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    LINE_CHANNEL_SECRET: channelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: channelAccessToken,
    LINE_API_BASE_URL: fake.baseUrl,
    LINE_DATA_API_BASE_URL: fake.baseUrl,
    LINE_SIMULATOR: 'off',
    ...environment,
  });
  const app = await startApp({ config, logger: createLogger('silent'), lineRetryPolicy: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
  return {
    app,
    fake,
    channelSecret,
    async close() {
      await app.close();
      await fake.close();
    },
  };
}
