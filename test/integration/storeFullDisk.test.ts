import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openSqliteDocumentStore, storeFilePath } from '../../src/storage/engine/sqliteDocumentStore';
import * as fixtures from '../fixtures/lineEvents';
import { signWebhook, type SignedWebhook } from '../support/signedWebhook';
import { startTestServer, type TestServer } from '../support/testServer';

const USER_ID = 'U2f5e3d4c6b7a8f9e0d1c2b3a4f5e6d7c';

describe('full disk under the real embedded store (in-process server)', function () {
  this.timeout(30_000);
  let dataDir: string;
  let server: TestServer;
  let maxPages = 1_000_000;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-full-disk-'));
    const store = await openSqliteDocumentStore({ dataDir, maxPageCount: () => maxPages });
    server = await startTestServer({ DATA_DIR: dataDir }, [], { store });
  });

  after(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  function textWebhook(text: string): { webhook: SignedWebhook; event: ReturnType<typeof fixtures.textMessageEvent> } {
    const event = fixtures.textMessageEvent({ source: fixtures.userSource(USER_ID), message: { text }, replyToken: server.fake.api.issueReplyToken(USER_ID) });
    return { webhook: signWebhook(fixtures.webhookBody([event]), server.channelSecret), event };
  }

  async function post(webhook: SignedWebhook): Promise<number> {
    const response = await fetch(`${server.app.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': webhook.signature }, body: webhook.raw });
    await response.arrayBuffer();
    return response.status;
  }

  async function readiness(): Promise<number> {
    const response = await fetch(`${server.app.url}/readyz`);
    await response.arrayBuffer();
    return response.status;
  }

  async function incomingTexts(): Promise<string[]> {
    const page = await server.app.transcripts.getTranscriptActivities('line', `default:user:${USER_ID}`);
    return page.items.filter((activity) => activity.from?.role === 'user').map((activity) => String(activity.text).slice(0, 20));
  }

  it('answers 503 and turns /readyz to 503 while the disk is full, keeps nothing of the refused event, then takes its redelivery once', async () => {
    const first = textWebhook('before the disk filled');
    assert.equal(await post(first.webhook), 200);
    await server.app.whenIdle();
    const db = new DatabaseSync(storeFilePath(dataDir), { readOnly: true });
    maxPages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    db.close();

    // Too long to fit in the pages already there: storing it needs new ones.
    const { webhook, event } = textWebhook(`while full ${'z'.repeat(4900)}`);
    assert.equal(await post(webhook), 503);
    assert.equal(await readiness(), 503);
    await server.app.whenIdle();
    assert.deepEqual(await incomingTexts(), ['before the disk fill'], 'nothing of the refused event was kept');

    maxPages = 1_000_000;
    assert.equal(await readiness(), 200);
    assert.equal(await post(webhook), 200, 'LINE redelivers the same body');
    await server.app.whenIdle();
    assert.deepEqual(await incomingTexts(), ['before the disk fill', 'while full zzzzzzzzz']);
    assert.deepEqual(server.fake.api.delivered.map((batch) => [batch.via, batch.replyToken]), [['reply', first.event.replyToken], ['reply', event.replyToken]], 'each answered once');
  });
});
