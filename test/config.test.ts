import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('applies the defaults on an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3978);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.line.apiBaseUrl, 'https://api.line.me');
    assert.equal(config.line.dataApiBaseUrl, 'https://api-data.line.me');
    assert.equal(config.line.channelSecret, undefined);
    assert.equal(config.simulator, 'auto');
    assert.equal(config.botFramework.appId, undefined);
    assert.deepEqual({ ...config.storage }, { mongodbUri: undefined, dataDir: './data', durability: 'normal', secretsKey: undefined, transcriptRetentionDays: undefined, attachmentMaxBytes: 26214400 });
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
      { channelId: '1234567890', channelSecret: 's3cret', channelAccessToken: 'tok', apiBaseUrl: 'http://127.0.0.1:9000', dataApiBaseUrl: 'http://127.0.0.1:9001', webhookMaxBodyBytes: 1048576, maxConcurrentTurns: 64 },
    );
    assert.deepEqual({ ...config.botFramework }, { appId: 'app', appPassword: 'pw', appType: 'SingleTenant', tenantId: 'tenant' });
  });

  it('reads the storage and admin variables', () => {
    const config = loadConfig({
      MONGODB_URI: 'mongodb+srv://user:pw@cluster0.example.net/support?retryWrites=true',
      DATA_DIR: '/var/lib/line-omnichannel',
      STORE_DURABILITY: 'full',
      SECRETS_KEY: 'k'.repeat(44),
      ADMIN_API_KEY: 'a-long-admin-api-key',
      TRANSCRIPT_RETENTION_DAYS: '90',
      ATTACHMENT_MAX_BYTES: '1048576',
    });
    assert.deepEqual(
      { ...config.storage },
      { mongodbUri: 'mongodb+srv://user:pw@cluster0.example.net/support?retryWrites=true', dataDir: '/var/lib/line-omnichannel', durability: 'full', secretsKey: 'k'.repeat(44), transcriptRetentionDays: 90, attachmentMaxBytes: 1048576 },
    );
    assert.equal(config.adminApiKey, 'a-long-admin-api-key');
  });

  it('reads the first admin and the session lifetime', () => {
    const config = loadConfig({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'a-password-of-12', SESSION_TTL_HOURS: '8' });
    assert.deepEqual({ ...config.auth.initialAdmin }, { username: 'root', password: 'a-password-of-12' });
    assert.equal(config.auth.sessionTtlHours, 8);
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: '', MicrosoftAppId: '' });
    assert.equal(config.line.channelSecret, undefined);
    assert.equal(config.botFramework.appId, undefined);
  });

  const bad: [string, Record<string, string>, string][] = [
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
    ['a retention of zero days', { TRANSCRIPT_RETENTION_DAYS: '0' }, 'TRANSCRIPT_RETENTION_DAYS'],
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
