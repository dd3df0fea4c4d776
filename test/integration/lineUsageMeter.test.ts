import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lineConversationId } from '../../adapters/line/lineConversationId';
import type { LineUsageReport } from '../../src/metrics/lineUsageReport';
import * as fixtures from '../fixtures/lineEvents';
import { signWebhook } from '../support/signedWebhook';
import { startTestServer, type TestServer } from '../support/testServer';

const ADMIN_KEY = 'usage-admin-key-0123456789';

async function push(server: TestServer, text: string): Promise<void> {
  const conversation = { id: lineConversationId({ accountId: 'default', chatType: 'user', chatId: fixtures.USER_ID }) };
  await server.app.lineAdapter.continueConversation({ channelId: 'line', conversation: conversation as never }, async (context) => {
    await context.sendActivity(text);
  });
}

async function reply(server: TestServer, webhookEventId: string): Promise<void> {
  const event = { ...fixtures.textMessageEvent({ webhookEventId }), replyToken: server.fake.api.issueReplyToken(fixtures.USER_ID) };
  const { raw, signature } = signWebhook(fixtures.webhookBody([event]), server.channelSecret);
  const response = await fetch(`${server.app.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
  assert.equal(response.status, 200);
  await server.app.whenIdle();
}

async function usageOf(server: TestServer): Promise<LineUsageReport> {
  await server.app.operations.meter.flush();
  const response = await fetch(`${server.app.url}/api/admin/line-usage`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { month: string; accounts: LineUsageReport[] };
  assert.match(body.month, /^\d{4}-\d{2}$/);
  const account = body.accounts.find((entry) => entry.accountId === 'default');
  assert.ok(account, 'the default account is listed');
  return account;
}

describe('the LINE push meter (replies vs pushes per account and month, stored)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'line-usage-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('counts replies and pushes, and keeps them across a restart', async () => {
    let server = await startTestServer({ ADMIN_API_KEY: ADMIN_KEY, DATA_DIR: dataDir });
    try {
      await reply(server, '01USAGEREPLY00000000000001');
      await push(server, 'first push');
      await push(server, 'second push');
      const counted = await usageOf(server);
      assert.ok(counted.replyMessages >= 1, 'the answer went by reply');
      assert.equal(counted.replyRequests, 1);
      assert.equal(counted.pushMessages, 2);
      assert.equal(counted.pushRequests, 2);
    } finally {
      await server.close();
    }
    server = await startTestServer({ ADMIN_API_KEY: ADMIN_KEY, DATA_DIR: dataDir });
    try {
      const afterRestart = await usageOf(server);
      assert.equal(afterRestart.pushMessages, 2);
      assert.equal(afterRestart.replyRequests, 1);
      await push(server, 'third push');
      assert.equal((await usageOf(server)).pushMessages, 3);
    } finally {
      await server.close();
    }
  });

  it('sums what two instances on one DATA_DIR sent', async () => {
    const a = await startTestServer({ ADMIN_API_KEY: ADMIN_KEY, DATA_DIR: dataDir });
    const b = await startTestServer({ ADMIN_API_KEY: ADMIN_KEY, DATA_DIR: dataDir });
    try {
      await push(a, 'from a');
      await push(b, 'from b');
      await push(b, 'from b again');
      await a.app.operations.meter.flush();
      await b.app.operations.meter.flush();
      assert.equal((await usageOf(a)).pushMessages, 3);
      assert.equal((await usageOf(b)).pushMessages, 3);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it("reads LINE's quota and consumption and warns at 80 % and 100 %", async () => {
    const server = await startTestServer({ ADMIN_API_KEY: ADMIN_KEY, DATA_DIR: dataDir });
    try {
      await server.app.operations.quotaPoller.pollOnce();
      const unlimited = await usageOf(server);
      assert.equal(unlimited.quota, null);
      assert.equal(unlimited.level, 'unlimited');

      server.fake.api.setMessageQuota(5);
      for (const text of ['one', 'two', 'three']) await push(server, text);
      await server.app.operations.quotaPoller.pollOnce();
      const ok = await usageOf(server);
      assert.equal(ok.quota, 5);
      assert.equal(ok.consumption, 3, "LINE's own count, from the fake API");
      assert.equal(ok.level, 'ok');

      await push(server, 'four');
      await server.app.operations.quotaPoller.pollOnce();
      assert.equal((await usageOf(server)).level, 'warning');

      await push(server, 'five');
      await server.app.operations.quotaPoller.pollOnce();
      const exhausted = await usageOf(server);
      assert.equal(exhausted.consumption, 5);
      assert.equal(exhausted.level, 'exhausted');
    } finally {
      await server.close();
    }
  });

  it('refuses the usage API without admin rights and a malformed month', async () => {
    const server = await startTestServer({ ADMIN_API_KEY: ADMIN_KEY, DATA_DIR: dataDir });
    try {
      assert.equal((await fetch(`${server.app.url}/api/admin/line-usage`)).status, 401);
      assert.equal((await fetch(`${server.app.url}/api/admin/line-usage?month=2026-13`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status, 400);
    } finally {
      await server.close();
    }
  });
});
