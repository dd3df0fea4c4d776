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

/**
 * A way the embedded store's file stops taking writes while the server runs, and how it takes them again: a full disk
 * (SQLite's `max_page_count`, capped at the pages in use) and a read-only file (SQLite's `query_only`, the same
 * SQLITE_READONLY error a read-only mount gives).
 */
interface WriteFault {
  readonly name: string;
  /** Store options that let the test switch the fault on and off. */
  readonly storeOptions: (state: FaultState) => Partial<Parameters<typeof openSqliteDocumentStore>[0]>;
  /** Switches the fault on, given the database file's path. */
  readonly begin: (state: FaultState, path: string) => void;
}

interface FaultState {
  maxPages: number;
  readOnly: boolean;
}

const FAULTS: readonly WriteFault[] = [
  {
    name: 'a full disk',
    storeOptions: (state) => ({ maxPageCount: () => state.maxPages }),
    begin: (state, path) => {
      const db = new DatabaseSync(path, { readOnly: true });
      state.maxPages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
      db.close();
    },
  },
  {
    name: 'a read-only database file',
    storeOptions: (state) => ({ readOnly: () => state.readOnly }),
    begin: (state) => {
      state.readOnly = true;
    },
  },
];

for (const fault of FAULTS) {
  describe(`${fault.name} under the real embedded store (in-process server)`, function () {
    this.timeout(30_000);
    let dataDir: string;
    let server: TestServer;
    const state: FaultState = { maxPages: 1_000_000, readOnly: false };

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-write-fault-'));
      const store = await openSqliteDocumentStore({ dataDir, ...fault.storeOptions(state) });
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

    it('answers 503 and turns /readyz to 503 while writes fail, keeps nothing of the refused event, then takes its redelivery once', async () => {
      const first = textWebhook('before the disk filled');
      assert.equal(await post(first.webhook), 200);
      await server.app.whenIdle();
      fault.begin(state, storeFilePath(dataDir));

      // Too long to fit in the pages already there: storing it needs new ones.
      const { webhook, event } = textWebhook(`while full ${'z'.repeat(4900)}`);
      assert.equal(await post(webhook), 503);
      assert.equal(await readiness(), 503);
      await server.app.whenIdle();
      assert.deepEqual(await incomingTexts(), ['before the disk fill'], 'nothing of the refused event was kept');

      state.maxPages = 1_000_000;
      state.readOnly = false;
      assert.equal(await readiness(), 200);
      assert.equal(await post(webhook), 200, 'LINE redelivers the same body');
      await server.app.whenIdle();
      assert.deepEqual(await incomingTexts(), ['before the disk fill', 'while full zzzzzzzzz']);
      assert.deepEqual(server.fake.api.delivered.map((batch) => [batch.via, batch.replyToken]), [['reply', first.event.replyToken], ['reply', event.replyToken]], 'each answered once');
    });
  });
}
