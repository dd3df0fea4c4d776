import assert from 'node:assert/strict';
import type { LineAccount } from '../../../adapters/line/lineAccount';
import { silentLineAdapterLogger } from '../../../adapters/line/lineAdapterLogger';
import { LineApiClient } from '../../../adapters/line/lineApiClient';
import { LineProfileCache } from '../../../adapters/line/lineProfileCache';
import { startFakeLineApi } from '../../../src/simulator/fakeLineApi';
import { USER_ID, OTHER_USER_ID } from '../../fixtures/lineEvents';

describe('LineProfileCache', () => {
  let fake: Awaited<ReturnType<typeof startFakeLineApi>>;
  let account: LineAccount;
  let clock: number;
  let cache: LineProfileCache;

  before(async () => {
    fake = await startFakeLineApi({ accessTokens: ['t'] });
    account = { id: 'acme', name: 'Acme', channelSecret: 's', channelAccessToken: 't', apiBaseUrl: fake.baseUrl, dataApiBaseUrl: fake.baseUrl };
  });
  after(async () => fake.close());
  beforeEach(() => {
    fake.api.reset();
    clock = 1_000_000;
    cache = new LineProfileCache((acc) => new LineApiClient(acc), silentLineAdapterLogger, 60_000, 100, () => clock, 30_000);
  });

  function profileRequests(): number {
    return fake.api.requests.filter((request) => request.path.startsWith('/v2/bot/profile/')).length;
  }

  it('fetches a profile once, concurrent callers included, and again after its time to live', async () => {
    fake.api.setProfile(USER_ID, { displayName: 'Aiko', language: 'ja' });
    const chat = { type: 'user' as const, id: USER_ID };
    const [first, second] = await Promise.all([cache.get(account, USER_ID, chat), cache.get(account, USER_ID, chat)]);
    assert.equal(first?.displayName, 'Aiko');
    assert.equal(second?.language, 'ja');
    assert.equal(profileRequests(), 1);
    clock += 60_001;
    await cache.get(account, USER_ID, chat);
    assert.equal(profileRequests(), 2);
  });

  it('remembers a missing profile (404) for a while instead of asking on every event', async () => {
    const chat = { type: 'user' as const, id: OTHER_USER_ID };
    assert.equal(await cache.get(account, OTHER_USER_ID, chat), undefined);
    assert.equal(await cache.get(account, OTHER_USER_ID, chat), undefined);
    assert.equal(profileRequests(), 1);
    clock += 30_001;
    await cache.get(account, OTHER_USER_ID, chat);
    assert.equal(profileRequests(), 2);
  });

  it('does not remember other failures', async () => {
    fake.api.setProfile(USER_ID, { displayName: 'Aiko' });
    fake.api.failNext(1, 500, '/v2/bot/profile');
    const chat = { type: 'user' as const, id: USER_ID };
    assert.equal(await cache.get(account, USER_ID, chat), undefined);
    assert.equal((await cache.get(account, USER_ID, chat))?.displayName, 'Aiko');
    assert.equal(profileRequests(), 2);
  });
});
