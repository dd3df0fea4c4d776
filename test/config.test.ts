import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('applies the defaults on an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3978);
    assert.equal(config.host, '127.0.0.1', 'outside production only this machine reaches the simulator and the Emulator endpoint');
    assert.equal(config.botFramework.endpoint, 'on');
    assert.equal(config.line.apiBaseUrl, 'https://api.line.me');
    assert.equal(config.line.dataApiBaseUrl, 'https://api-data.line.me');
    assert.equal(config.line.channelSecret, undefined);
    assert.equal(config.simulator, 'auto');
    assert.equal(config.botFramework.appId, undefined);
    assert.deepEqual({ ...config.storage }, { mongodbUri: undefined, mongodb: { serverSelectionTimeoutMs: 1500, connectTimeoutMs: 5000, socketTimeoutMs: 30000, maxPoolSize: 50 }, dataDir: './data', durability: 'normal', checkpointIntervalMs: 250, secretsKey: undefined, transcriptRetentionDays: undefined, retentionSweepIntervalMinutes: 60, lineInboxRetentionDays: 7, attachmentMaxBytes: 26214400, nonLineDataTtlHours: 72, changeFeedPollMs: 200, changeFeedGapWaitMs: 1000 });
    assert.equal(config.adminApiKey, undefined);
    assert.deepEqual({ ...config.auth }, { initialAdmin: undefined, sessionTtlHours: 12 });
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.line));
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'https://bot.example.com/',
      LOG_LEVEL: 'debug',
      LINE_CHANNEL_ID: '1234567890',
      LINE_CHANNEL_SECRET: 's3cret',
      LINE_CHANNEL_ACCESS_TOKEN: 'tok',
      LINE_API_BASE_URL: 'http://127.0.0.1:9000',
      LINE_DATA_API_BASE_URL: 'http://127.0.0.1:9001',
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'pw',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.publicUrl, 'https://bot.example.com', 'trailing slash removed');
    assert.equal(config.logLevel, 'debug');
    assert.deepEqual(
      { ...config.line },
      { channelId: '1234567890', channelSecret: 's3cret', channelAccessToken: 'tok', apiBaseUrl: 'http://127.0.0.1:9000', dataApiBaseUrl: 'http://127.0.0.1:9001', webhookMaxBodyBytes: 1048576, maxConcurrentTurns: 64, turnLagTargetMs: 10, turnRunner: 'inline', replyWindowMs: 50_000, workQueue: { leaseMs: 15_000, pollIntervalMs: 1000, maxAttempts: 8, retryBaseMs: 15_000 } },
    );
    assert.deepEqual({ ...config.botFramework }, { endpoint: 'on', appId: 'app', appPassword: 'pw', appType: 'SingleTenant', tenantId: 'tenant' });
  });

  it('reads the LINE work queue variables, and refuses nonsense', () => {
    const config = loadConfig({ LINE_EVENT_LEASE_SECONDS: '2.5', LINE_EVENT_POLL_MS: '200', LINE_EVENT_MAX_ATTEMPTS: '3', LINE_EVENT_RETRY_BASE_SECONDS: '0.5' });
    assert.deepEqual(config.line.workQueue, { leaseMs: 2500, pollIntervalMs: 200, maxAttempts: 3, retryBaseMs: 500 });
    assert.throws(() => loadConfig({ LINE_EVENT_MAX_ATTEMPTS: '0' }), /LINE_EVENT_MAX_ATTEMPTS/);
    assert.throws(() => loadConfig({ LINE_INBOX_RETENTION_DAYS: '0' }), /LINE_INBOX_RETENTION_DAYS/, 'below what deduplication of redeliveries needs');
    assert.throws(() => loadConfig({ LINE_EVENT_POLL_MS: 'often' }), /LINE_EVENT_POLL_MS/);
  });

  it('reads where LINE turns run, and refuses other words', () => {
    assert.equal(loadConfig({ LINE_TURN_RUNNER: 'thread' }).line.turnRunner, 'thread');
    assert.equal(loadConfig({ LINE_TURN_RUNNER: 'off' }).line.turnRunner, 'off');
    assert.throws(() => loadConfig({ LINE_TURN_RUNNER: 'worker' }), /LINE_TURN_RUNNER/);
  });

  it('reads the reply window in seconds, fractions allowed, and refuses one LINE would never honour', () => {
    assert.equal(loadConfig({ LINE_REPLY_WINDOW_SECONDS: '0.5' }).line.replyWindowMs, 500);
    assert.throws(() => loadConfig({ LINE_REPLY_WINDOW_SECONDS: '0' }), /LINE_REPLY_WINDOW_SECONDS/);
    assert.throws(() => loadConfig({ LINE_REPLY_WINDOW_SECONDS: '3600' }), /LINE_REPLY_WINDOW_SECONDS/);
  });

  it('reads the storage and admin variables', () => {
    const config = loadConfig({
      MONGODB_URI: 'mongodb+srv://user:pw@cluster0.example.net/support?retryWrites=true',
      DATA_DIR: '/var/lib/line-omnichannel',
      STORE_DURABILITY: 'full',
      STORE_CHECKPOINT_INTERVAL_MS: '0',
      SECRETS_KEY: 'k'.repeat(44),
      ADMIN_API_KEY: 'a-long-admin-api-key',
      TRANSCRIPT_RETENTION_DAYS: '90',
      RETENTION_SWEEP_INTERVAL_MINUTES: '15',
      LINE_INBOX_RETENTION_DAYS: '3',
      ATTACHMENT_MAX_BYTES: '1048576',
      CHANGE_FEED_POLL_MS: '250',
      CHANGE_FEED_GAP_WAIT_MS: '2000',
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000',
      MONGODB_CONNECT_TIMEOUT_MS: '2000',
      MONGODB_SOCKET_TIMEOUT_MS: '20000',
      MONGODB_MAX_POOL_SIZE: '20',
    });
    assert.deepEqual(
      { ...config.storage },
      { mongodbUri: 'mongodb+srv://user:pw@cluster0.example.net/support?retryWrites=true', mongodb: { serverSelectionTimeoutMs: 1000, connectTimeoutMs: 2000, socketTimeoutMs: 20000, maxPoolSize: 20 }, dataDir: '/var/lib/line-omnichannel', durability: 'full', checkpointIntervalMs: 0, secretsKey: 'k'.repeat(44), transcriptRetentionDays: 90, retentionSweepIntervalMinutes: 15, lineInboxRetentionDays: 3, attachmentMaxBytes: 1048576, nonLineDataTtlHours: 72, changeFeedPollMs: 250, changeFeedGapWaitMs: 2000 },
    );
    assert.equal(config.adminApiKey, 'a-long-admin-api-key');
  });

  it('reads the first admin and the session lifetime', () => {
    const config = loadConfig({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'a-password-of-12', SESSION_TTL_HOURS: '8' });
    assert.deepEqual({ ...config.auth.initialAdmin }, { username: 'root', password: 'a-password-of-12' });
    assert.equal(config.auth.sessionTtlHours, 8);
  });

  it('reads the trusted proxies as a hop count or addresses and ranges', () => {
    assert.deepEqual(loadConfig({}).trustProxy, { kind: 'none' });
    assert.deepEqual(loadConfig({ TRUST_PROXY: '' }).trustProxy, { kind: 'none' });
    assert.deepEqual(loadConfig({ TRUST_PROXY: '2' }).trustProxy, { kind: 'hops', hops: 2 });
    assert.deepEqual(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.5 , fd00::/8' }).trustProxy, {
      kind: 'addresses',
      ranges: ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '192.168.1.5/32', 'fd00::/8'],
    });
  });

  it('reads the limits, with defaults that bound every client', () => {
    assert.deepEqual(
      { ...loadConfig({}).limits },
      {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 120_000,
        keepAliveTimeoutMs: 5_000,
        webhookBodyTimeoutMs: 5_000,
        apiBodyTimeoutMs: 15_000,
        eventStreamsPerUser: 5,
        eventStreamsMax: 1_000,
        conversationCacheIdleSeconds: 600,
        conversationCacheMax: 10_000,
        transcriptMaxPendingWrites: 1_000,
      },
    );
    const config = loadConfig({
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '60000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
      WEBHOOK_BODY_TIMEOUT_MS: '3000',
      API_BODY_TIMEOUT_MS: '4000',
      EVENT_STREAMS_PER_USER: '3',
      EVENT_STREAMS_MAX: '50',
      CONVERSATION_CACHE_IDLE_SECONDS: '60',
      CONVERSATION_CACHE_MAX: '100',
      TRANSCRIPT_MAX_PENDING_WRITES: '50',
      NON_LINE_DATA_TTL_HOURS: '24',
    });
    assert.deepEqual(
      { ...config.limits },
      {
        headersTimeoutMs: 2000,
        requestTimeoutMs: 60000,
        keepAliveTimeoutMs: 1000,
        webhookBodyTimeoutMs: 3000,
        apiBodyTimeoutMs: 4000,
        eventStreamsPerUser: 3,
        eventStreamsMax: 50,
        conversationCacheIdleSeconds: 60,
        conversationCacheMax: 100,
        transcriptMaxPendingWrites: 50,
      },
    );
    assert.equal(config.storage.nonLineDataTtlHours, 24);
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: '', MicrosoftAppId: '' });
    assert.equal(config.line.channelSecret, undefined);
    assert.equal(config.botFramework.appId, undefined);
  });

  it('binds every interface in production, and HOST always wins', () => {
    const production = { NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' };
    assert.equal(loadConfig(production).host, '0.0.0.0');
    assert.equal(loadConfig({ ...production, HOST: '10.1.2.3' }).host, '10.1.2.3');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
  });

  it('serves /api/messages in production only with an app id, or not at all', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (error: unknown) => error instanceof ConfigError && error.variables.includes('MicrosoftAppId') && /BOT_FRAMEWORK_ENDPOINT=off/.test(error.message),
    );
    assert.equal(loadConfig({ NODE_ENV: 'production', BOT_FRAMEWORK_ENDPOINT: 'off' }).botFramework.endpoint, 'off');
    assert.equal(loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' }).botFramework.appId, 'app');
  });

  const bad: [string, Record<string, string>, string][] = [
    ['an unknown Bot Framework endpoint mode', { BOT_FRAMEWORK_ENDPOINT: 'maybe' }, 'BOT_FRAMEWORK_ENDPOINT'],
    ['a port that is not a number', { PORT: 'eighty' }, 'PORT'],
    ['a port out of range', { PORT: '70000' }, 'PORT'],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['a LINE API base that is not a URL', { LINE_API_BASE_URL: 'api.line.me' }, 'LINE_API_BASE_URL'],
    ['a secret without a token', { LINE_CHANNEL_SECRET: 'x' }, 'LINE_CHANNEL_ACCESS_TOKEN'],
    ['a token without a secret', { LINE_CHANNEL_ACCESS_TOKEN: 'x' }, 'LINE_CHANNEL_SECRET'],
    ['an app id without a password', { MicrosoftAppId: 'app' }, 'MicrosoftAppPassword'],
    ['a single-tenant app without a tenant', { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId'],
    ['an unknown simulator mode', { LINE_SIMULATOR: 'maybe' }, 'LINE_SIMULATOR'],
    ['a MongoDB URI of another scheme', { MONGODB_URI: 'postgres://db/x' }, 'MONGODB_URI'],
    ['a short admin API key', { ADMIN_API_KEY: 'short' }, 'ADMIN_API_KEY'],
    ['an admin username without a password', { ADMIN_USERNAME: 'root' }, 'ADMIN_PASSWORD'],
    ['an admin password without a username', { ADMIN_PASSWORD: 'a-password-of-12' }, 'ADMIN_USERNAME'],
    ['a short admin password', { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'too-short' }, 'ADMIN_PASSWORD'],
    ['a session lifetime of zero hours', { SESSION_TTL_HOURS: '0' }, 'SESSION_TTL_HOURS'],
    ['a headers timeout longer than the request timeout', { HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '4000' }, 'HTTP_HEADERS_TIMEOUT_MS'],
    ['a sweep lease shorter than two sweep intervals', { HANDOFF_SWEEP_INTERVAL_MS: '10000', HANDOFF_SWEEP_LEASE_SECONDS: '15' }, 'HANDOFF_SWEEP_LEASE_SECONDS'],
    ['no event stream per user', { EVENT_STREAMS_PER_USER: '0' }, 'EVENT_STREAMS_PER_USER'],
    ['a webhook body timeout of zero', { WEBHOOK_BODY_TIMEOUT_MS: '0' }, 'WEBHOOK_BODY_TIMEOUT_MS'],
    ['a retention of zero days', { TRANSCRIPT_RETENTION_DAYS: '0' }, 'TRANSCRIPT_RETENTION_DAYS'],
    ['a trusted proxy that is no address', { TRUST_PROXY: 'proxy.example.com' }, 'TRUST_PROXY'],
    ['a trusted range with a bad prefix', { TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    ['a hop count of zero', { TRUST_PROXY: '0' }, 'TRUST_PROXY'],
    ['a change feed polled too often', { CHANGE_FEED_POLL_MS: '5' }, 'CHANGE_FEED_POLL_MS'],
    ['a change feed gap wait that is not a number', { CHANGE_FEED_GAP_WAIT_MS: 'soon' }, 'CHANGE_FEED_GAP_WAIT_MS'],
  ];
  for (const [what, environment, variable] of bad) {
    it(`fails fast naming the variable for ${what}`, () => {
      assert.throws(
        () => loadConfig(environment),
        (error: unknown) => error instanceof ConfigError && error.variables.includes(variable) && error.message.includes(variable),
      );
    });
  }
});
