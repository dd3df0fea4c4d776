import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDocumentStore } from '../../src/storage/engine/openDocumentStore';
import { LEASES_COLLECTION } from '../../src/storage/leaderLease';
import { signWebhook } from '../support/signedWebhook';
import { startTestServer, type TestServer } from '../support/testServer';
import { eventually } from '../support/eventually';

/** Two instances of the server on one embedded store, as two processes behind a load balancer would share it. */
describe('state shared by every instance on one store', () => {
  let dataDir: string;
  const started: TestServer[] = [];
  const start = async (environment: Record<string, string> = {}): Promise<TestServer> => {
    const server = await startTestServer({ DATA_DIR: dataDir, ...environment });
    started.push(server);
    return server;
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'shared-state-'));
  });
  afterEach(async () => {
    for (const server of started.splice(0)) await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sweeps on one instance; closing it releases the lease and another instance takes over', async function () {
    this.timeout(30_000);
    const a = await start({ HANDOFF_SWEEP_INTERVAL_MS: '100', HANDOFF_SWEEP_LEASE_SECONDS: '600' });
    const observer = await openDocumentStore({ dataDir });
    try {
      const leases = await observer.collection<{ _id: string; owner: string; expiresAt: Date }>(LEASES_COLLECTION);
      const holder = async (): Promise<string | undefined> => (await leases.findOne({ _id: 'sweep' }))?.owner;
      const until = (condition: (owner: string | undefined) => boolean, what: string): Promise<string | undefined> =>
        eventually(async () => {
          const owner = await holder();
          assert.ok(condition(owner), `${what} (the lease is held by ${owner ?? 'nobody'})`);
          return owner;
        }, { timeoutMs: 20_000, intervalMs: 50 });
      const first = await until((owner) => owner !== undefined, 'the first instance to take the lease');
      const b = await start({ HANDOFF_SWEEP_INTERVAL_MS: '100', HANDOFF_SWEEP_LEASE_SECONDS: '600' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await holder(), first, 'the second instance does not take a held lease');
      await a.close();
      started.splice(started.indexOf(a), 1);
      // The lease would expire only in 10 minutes: a takeover now comes from the release at close.
      const second = await until((owner) => owner !== undefined && owner !== first, 'the second instance to take over');
      assert.notEqual(second, first);
      assert.ok(b.app.url);
    } finally {
      await observer.close();
    }
  });

  it('prints one first-admin setup code on every instance; using it on one spends it on all', async () => {
    const a = await start();
    const b = await start();
    assert.match(a.app.firstAdminSetup.code ?? '', /^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    assert.equal(b.app.firstAdminSetup.code, a.app.firstAdminSetup.code, 'the second instance prints the first one’s code');

    const setUp = (server: TestServer, username: string): Promise<Response> =>
      fetch(`${server.app.url}/api/auth/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: a.app.firstAdminSetup.code, username, password: 'a-long-enough-password' }) });
    assert.equal((await setUp(b, 'owner')).status, 201, 'the code printed by one instance works on the other');
    assert.equal((await setUp(a, 'second')).status, 409, 'and is spent on the first');
    assert.equal(await a.app.firstAdminSetup.isNeeded(), false);
    assert.equal(await a.app.users.countAdmins(), 1);
  });

  it('gives the simulator the same credentials on every instance and at every restart', async () => {
    const a = await start({ LINE_SIMULATOR: 'on' });
    const accountId = a.app.simulator?.accountId ?? '';
    assert.equal(accountId, 'simulator');
    const secretAtFirstStart = (await a.app.accounts.get(accountId))?.channelSecret;
    assert.ok(secretAtFirstStart);
    const b = await start({ LINE_SIMULATOR: 'on' });
    const restarted = await start({ LINE_SIMULATOR: 'on' });
    await restarted.close();
    started.pop();
    const stored = await b.app.accounts.get(accountId);
    assert.equal(stored?.channelSecret, secretAtFirstStart, 'later starts keep the stored secret');

    // A webhook signed with the secret either instance's simulator uses is accepted by both.
    for (const server of [a, b]) {
      const { raw, signature } = signWebhook({ destination: 'U0', events: [] }, secretAtFirstStart);
      const response = await fetch(`${server.app.url}/api/line/${accountId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
      assert.equal(response.status, 200, `accepted by ${server.app.url}`);
    }
    // Each instance's fake Messaging API accepts the stored access token.
    for (const server of [a, b]) {
      const response = await fetch(`${server.app.url}/simulator/line-api/v2/bot/info`, { headers: { authorization: `Bearer ${stored?.channelAccessToken ?? ''}` } });
      assert.notEqual(response.status, 401, `token accepted by ${server.app.url}`);
      const refused = await fetch(`${server.app.url}/simulator/line-api/v2/bot/info`, { headers: { authorization: 'Bearer not-the-token' } });
      assert.equal(refused.status, 401);
    }
  });
});
