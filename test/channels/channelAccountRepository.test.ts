import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { LineAccount } from '../../adapters/line/lineAccount.js';
import {
  CHANNEL_ACCOUNTS_COLLECTION,
  ChannelAccountExistsError,
  ChannelAccountNotFoundError,
  ChannelAccountRepository,
  ChannelAccountValidationError,
  type ChannelAccountView,
} from '../../src/channels/channelAccountRepository.js';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore.js';
import { SecretBox, SecretBoxOpenError } from '../../src/storage/secretBox.js';
import { ChangeFeed } from '../../src/storage/changeFeed.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';

const SECRET = 'b5c1e7f2a9d04c3e8f6a1b2c3d4e5f60';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.long-lived-channel-access-token.Wx9z';
const NEW_SECRET = '0f9e8d7c6b5a49382716a5b4c3d2e1f0';
const NEW_TOKEN = 'rotated-channel-access-token-0000000000-Qr7t';

/** A clock tests move by hand. */
function manualClock(start = Date.parse('2026-11-02T09:00:00.000Z')): { now: () => Date; advance: (ms: number) => void } {
  let current = start;
  return { now: () => new Date(current), advance: (ms) => (current += ms) };
}

/** Fails when a secret appears anywhere in `value`, as it would once serialised. */
function assertNoSecrets(value: unknown, secrets: readonly string[] = [SECRET, TOKEN, NEW_SECRET, NEW_TOKEN]): void {
  const text = JSON.stringify(value);
  for (const secret of secrets) assert.ok(!text.includes(secret), `a secret leaked into ${text}`);
}

function environmentAccount(overrides: Partial<LineAccount> = {}): LineAccount {
  return {
    id: 'default',
    name: 'LINE (environment)',
    channelId: '2001234567',
    channelSecret: SECRET,
    channelAccessToken: TOKEN,
    apiBaseUrl: 'https://api.line.me',
    dataApiBaseUrl: 'https://api-data.line.me',
    ...overrides,
  };
}

describeEachBackend('ChannelAccountRepository', (backend) => {
  let store: DocumentStore;
  let box: SecretBox;
  let clock: ReturnType<typeof manualClock>;
  let accounts: ChannelAccountRepository;

  beforeEach(async () => {
    store = await backend.open();
    box = new SecretBox(randomBytes(32));
    clock = manualClock();
    accounts = new ChannelAccountRepository(store, box, { now: clock.now });
  });

  afterEach(async () => {
    await store.close();
  });

  async function rawDocument(id: string): Promise<StoredDocument | undefined> {
    return (await store.collection<StoredDocument>(CHANNEL_ACCOUNTS_COLLECTION)).findOne({ _id: id });
  }

  describe('create', () => {
    it('stores an account with defaults and returns a view without secrets', async () => {
      const view = await accounts.create({ id: 'acme', name: 'Acme Support', channelId: '1657000000', channelSecret: SECRET, channelAccessToken: TOKEN });
      const expected: ChannelAccountView = {
        id: 'acme',
        name: 'Acme Support',
        channelId: '1657000000',
        hasSecret: true,
        hasAccessToken: true,
        accessTokenLast4: 'Wx9z',
        apiBaseUrl: 'https://api.line.me',
        dataApiBaseUrl: 'https://api-data.line.me',
        defaultLanguage: 'en',
        enabled: true,
        origin: 'admin',
        createdAt: clock.now(),
        updatedAt: clock.now(),
      };
      assert.deepEqual(view, expected);
      assert.deepEqual(await accounts.describe('acme'), expected);
      assertNoSecrets(view);
    });

    it('never stores the secrets in clear', async () => {
      await accounts.create({ id: 'acme', name: 'Acme', channelSecret: SECRET, channelAccessToken: TOKEN });
      const raw = await rawDocument('acme');
      assert.ok(raw);
      assertNoSecrets(raw);
      assert.match(String(raw.channelSecret), /^v1\./);
      assert.match(String(raw.channelAccessToken), /^v1\./);
    });

    it('generates an id from the name when none is given', async () => {
      const first = await accounts.create({ name: 'Acme Support (Thailand)', channelSecret: SECRET, channelAccessToken: TOKEN });
      const second = await accounts.create({ name: 'Acme Support (Thailand)', channelSecret: SECRET, channelAccessToken: TOKEN });
      const unsluggable = await accounts.create({ name: 'ร้านค้า' });
      assert.match(first.id, /^acme-support-thailand-[a-z0-9]{6}$/);
      assert.match(second.id, /^acme-support-thailand-[a-z0-9]{6}$/);
      assert.notEqual(first.id, second.id);
      assert.match(unsluggable.id, /^account-[a-z0-9]{6}$/);
      assert.equal(unsluggable.hasSecret, false);
      assert.equal(unsluggable.hasAccessToken, false);
    });

    it('refuses an id that is taken', async () => {
      await accounts.create({ id: 'acme', name: 'Acme' });
      await assert.rejects(
        accounts.create({ id: 'acme', name: 'Another Acme' }),
        (error: unknown) => error instanceof ChannelAccountExistsError && error.code === 'channel_account_exists' && error.accountId === 'acme',
      );
      assert.equal((await accounts.describe('acme'))?.name, 'Acme');
    });

    it('names the invalid field, never echoing a secret', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ id: 'Acme!', name: 'Acme' }, 'id'],
        [{ name: '   ' }, 'name'],
        [{ name: 'Acme', apiBaseUrl: 'ftp://api.line.me' }, 'apiBaseUrl'],
        [{ name: 'Acme', dataApiBaseUrl: 'not a url' }, 'dataApiBaseUrl'],
        [{ name: 'Acme', defaultLanguage: 'not a language!' }, 'defaultLanguage'],
        [{ name: 'Acme', channelSecret: '' }, 'channelSecret'],
        [{ name: 'Acme', enabled: 'yes' }, 'enabled'],
      ];
      for (const [input, field] of cases) {
        await assert.rejects(
          accounts.create(input as { name: string }),
          (error: unknown) => error instanceof ChannelAccountValidationError && error.code === 'channel_account_invalid' && error.field === field,
          field,
        );
      }
      assert.deepEqual(await accounts.list(), []);
    });

    it('canonicalises the language tag and trims the base URLs', async () => {
      const view = await accounts.create({ id: 'tw', name: 'Taiwan', defaultLanguage: 'zh-tw', apiBaseUrl: 'http://127.0.0.1:3978/simulator/', dataApiBaseUrl: 'http://127.0.0.1:3978/simulator' });
      assert.equal(view.defaultLanguage, 'zh-TW');
      assert.equal(view.apiBaseUrl, 'http://127.0.0.1:3978/simulator');
    });
  });

  it('lists accounts by id, without secrets', async () => {
    await accounts.create({ id: 'zeta', name: 'Zeta', channelSecret: SECRET, channelAccessToken: TOKEN });
    await accounts.create({ id: 'alpha', name: 'Alpha', channelSecret: NEW_SECRET, channelAccessToken: NEW_TOKEN });
    const listed = await accounts.list();
    assert.deepEqual(
      listed.map((view) => view.id),
      ['alpha', 'zeta'],
    );
    assertNoSecrets(listed);
    for (const view of listed) {
      assert.ok(!('channelSecret' in view));
      assert.ok(!('channelAccessToken' in view));
    }
  });

  it('describes nothing for an unknown or malformed id', async () => {
    assert.equal(await accounts.describe('missing'), undefined);
    assert.equal(await accounts.describe('../etc'), undefined);
  });

  describe('update', () => {
    it('changes fields, seals new secrets and moves updatedAt', async () => {
      const created = await accounts.create({ id: 'acme', name: 'Acme', channelId: '1657000000', channelSecret: SECRET, channelAccessToken: TOKEN });
      clock.advance(60_000);
      const updated = await accounts.update('acme', { name: 'Acme Thailand', channelId: null, channelSecret: NEW_SECRET, channelAccessToken: NEW_TOKEN, defaultLanguage: 'th' });
      assert.equal(updated.name, 'Acme Thailand');
      assert.equal(updated.channelId, undefined);
      assert.equal(updated.defaultLanguage, 'th');
      assert.equal(updated.accessTokenLast4, 'Qr7t');
      assert.deepEqual(updated.createdAt, created.createdAt);
      assert.equal(updated.updatedAt.getTime() - created.updatedAt.getTime(), 60_000);
      assertNoSecrets(updated);
      assertNoSecrets(await rawDocument('acme'));
      const account = await accounts.get('acme');
      assert.equal(account?.channelSecret, NEW_SECRET);
      assert.equal(account?.channelAccessToken, NEW_TOKEN);
    });

    it('drops the token hint when the new token is too short to hint at safely', async () => {
      await accounts.create({ id: 'acme', name: 'Acme', channelAccessToken: TOKEN });
      const updated = await accounts.update('acme', { channelAccessToken: 'short-token' });
      assert.equal(updated.hasAccessToken, true);
      assert.equal(updated.accessTokenLast4, undefined);
    });

    it('refuses an unknown account and invalid fields', async () => {
      await assert.rejects(accounts.update('missing', { name: 'x' }), (error: unknown) => error instanceof ChannelAccountNotFoundError && error.code === 'channel_account_not_found');
      await accounts.create({ id: 'acme', name: 'Acme' });
      await assert.rejects(accounts.update('acme', { apiBaseUrl: 'javascript:alert(1)' }), (error: unknown) => error instanceof ChannelAccountValidationError && error.field === 'apiBaseUrl');
    });
  });

  it('deletes an account once', async () => {
    await accounts.create({ id: 'acme', name: 'Acme', channelSecret: SECRET, channelAccessToken: TOKEN });
    assert.ok(await accounts.get('acme'));
    assert.equal(await accounts.delete('acme'), true);
    assert.equal(await accounts.delete('acme'), false);
    assert.equal(await accounts.describe('acme'), undefined);
    assert.equal(await accounts.get('acme'), undefined);
  });

  describe('get (the adapter view)', () => {
    it('returns the decrypted LINE account', async () => {
      await accounts.create({
        id: 'acme',
        name: 'Acme',
        channelId: '1657000000',
        channelSecret: SECRET,
        channelAccessToken: TOKEN,
        apiBaseUrl: 'http://127.0.0.1:4000',
        dataApiBaseUrl: 'http://127.0.0.1:4001',
      });
      const expected: LineAccount = {
        id: 'acme',
        name: 'Acme',
        channelId: '1657000000',
        channelSecret: SECRET,
        channelAccessToken: TOKEN,
        apiBaseUrl: 'http://127.0.0.1:4000',
        dataApiBaseUrl: 'http://127.0.0.1:4001',
      };
      assert.deepEqual(await accounts.get('acme'), expected);
    });

    it('returns nothing for a missing, disabled or incomplete account', async () => {
      await accounts.create({ id: 'off', name: 'Off', channelSecret: SECRET, channelAccessToken: TOKEN, enabled: false });
      await accounts.create({ id: 'no-token', name: 'No token', channelSecret: SECRET });
      await accounts.create({ id: 'on', name: 'On', channelSecret: SECRET, channelAccessToken: TOKEN });
      assert.equal(await accounts.get('missing'), undefined);
      assert.equal(await accounts.get('off'), undefined);
      assert.equal(await accounts.get('no-token'), undefined);
      assert.equal(await accounts.get('NOT VALID'), undefined);

      await accounts.update('on', { enabled: false });
      assert.equal(await accounts.get('on'), undefined, 'its own writes invalidate the cache');
      await accounts.update('off', { enabled: true });
      assert.equal((await accounts.get('off'))?.channelSecret, SECRET);
    });

    it("sees another instance's changes once the cache entry expires", async () => {
      const other = new ChannelAccountRepository(store, box, { now: clock.now });
      await accounts.create({ id: 'acme', name: 'Acme', channelSecret: SECRET, channelAccessToken: TOKEN });
      assert.equal((await accounts.get('acme'))?.channelAccessToken, TOKEN);

      await other.update('acme', { channelAccessToken: NEW_TOKEN });
      clock.advance(10_000);
      assert.equal((await accounts.get('acme'))?.channelAccessToken, TOKEN, 'still cached within the TTL');
      clock.advance(25_000);
      assert.equal((await accounts.get('acme'))?.channelAccessToken, NEW_TOKEN, 'reloaded after the TTL');

      await other.delete('acme');
      clock.advance(31_000);
      assert.equal(await accounts.get('acme'), undefined);
    });

    it("drops a cached account as soon as the change feed brings another instance's change", async () => {
      const logger = pino({ level: 'silent' });
      const here = new ChangeFeed({ store, logger, pollIntervalMs: 60_000 });
      const there = new ChangeFeed({ store, logger, pollIntervalMs: 60_000 });
      await Promise.all([here.start(), there.start()]);
      try {
        const cached = new ChannelAccountRepository(store, box, { now: clock.now, changes: here });
        const other = new ChannelAccountRepository(store, box, { now: clock.now, changes: there });
        await cached.create({ id: 'acme', name: 'Acme', channelSecret: SECRET, channelAccessToken: TOKEN });
        assert.equal((await cached.get('acme'))?.channelAccessToken, TOKEN);

        await other.update('acme', { channelAccessToken: NEW_TOKEN });
        assert.equal((await cached.get('acme'))?.channelAccessToken, TOKEN, 'cached until the feed is read');
        await here.pollNow();
        assert.equal((await cached.get('acme'))?.channelAccessToken, NEW_TOKEN, 'no clock moved: the feed dropped it');

        await other.update('acme', { enabled: false });
        await here.pollNow();
        assert.equal(await cached.get('acme'), undefined, 'disabled elsewhere, refused here');
      } finally {
        await Promise.all([here.stop(), there.stop()]);
      }
    });

    it('fails loudly when the secrets were sealed under another key', async () => {
      await accounts.create({ id: 'acme', name: 'Acme', channelSecret: SECRET, channelAccessToken: TOKEN });
      const rekeyed = new ChannelAccountRepository(store, new SecretBox(randomBytes(32)));
      await assert.rejects(rekeyed.get('acme'), SecretBoxOpenError);
      await assert.rejects(rekeyed.get('acme'), SecretBoxOpenError, 'a failure is not cached as an answer');
    });

    it('refuses a sealed secret copied from another account', async () => {
      await accounts.create({ id: 'victim', name: 'Victim', channelSecret: SECRET, channelAccessToken: TOKEN });
      await accounts.create({ id: 'intruder', name: 'Intruder', channelSecret: NEW_SECRET, channelAccessToken: NEW_TOKEN });
      const raw = await store.collection<StoredDocument>(CHANNEL_ACCOUNTS_COLLECTION);
      const victim = await raw.findOne({ _id: 'victim' });
      await raw.updateOne({ _id: 'intruder' }, { $set: { channelAccessToken: victim?.channelAccessToken } });
      await assert.rejects(new ChannelAccountRepository(store, box).get('intruder'), SecretBoxOpenError);
    });
  });

  describe('upsertFromEnvironment', () => {
    it('creates the environment account', async () => {
      const view = await accounts.upsertFromEnvironment(environmentAccount());
      assert.equal(view.id, 'default');
      assert.equal(view.origin, 'environment');
      assert.equal(view.enabled, true);
      assert.equal(view.defaultLanguage, 'en');
      assert.equal(view.channelId, '2001234567');
      assertNoSecrets(view);
      assertNoSecrets(await rawDocument('default'));
      assert.deepEqual(await accounts.get('default'), environmentAccount());
    });

    it('is idempotent: the same environment writes nothing', async () => {
      const first = await accounts.upsertFromEnvironment(environmentAccount());
      const rawBefore = await rawDocument('default');
      clock.advance(3_600_000);
      const second = await accounts.upsertFromEnvironment(environmentAccount());
      assert.deepEqual(second, first);
      assert.deepEqual(await rawDocument('default'), rawBefore);
      assert.equal((await accounts.list()).length, 1);
    });

    it('re-syncs changed credentials but keeps what operators changed', async () => {
      await accounts.upsertFromEnvironment(environmentAccount());
      await accounts.update('default', { name: 'Main shop', defaultLanguage: 'ja', enabled: false });
      clock.advance(60_000);
      const view = await accounts.upsertFromEnvironment(environmentAccount({ channelAccessToken: NEW_TOKEN, channelId: undefined, apiBaseUrl: 'http://127.0.0.1:3978/' }));
      assert.equal(view.name, 'Main shop');
      assert.equal(view.defaultLanguage, 'ja');
      assert.equal(view.enabled, false);
      assert.equal(view.channelId, undefined);
      assert.equal(view.apiBaseUrl, 'http://127.0.0.1:3978');
      assert.equal(view.accessTokenLast4, 'Qr7t');
      assert.equal(view.updatedAt.getTime(), clock.now().getTime());
      await accounts.update('default', { enabled: true });
      assert.equal((await accounts.get('default'))?.channelAccessToken, NEW_TOKEN);
    });

    it('takes over an account sealed under a previous key', async () => {
      await accounts.upsertFromEnvironment(environmentAccount());
      const rekeyed = new ChannelAccountRepository(store, new SecretBox(randomBytes(32)));
      await rekeyed.upsertFromEnvironment(environmentAccount());
      assert.deepEqual(await rekeyed.get('default'), environmentAccount());
    });

    it('refuses an environment account without credentials', async () => {
      await assert.rejects(accounts.upsertFromEnvironment(environmentAccount({ channelSecret: '' })), (error: unknown) => error instanceof ChannelAccountValidationError && error.field === 'channelSecret');
    });
  });
});
