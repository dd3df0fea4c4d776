import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startFakeLineApi } from '../../src/simulator/fakeLineApi';
import type {
  BlobStore,
  DocumentCollection,
  DocumentStore,
  Filter,
  FindOptions,
  IndexSpec,
  Sort,
  StoredBlob,
  StoredDocument,
  Update,
  UpdateResult,
  WriteOptions,
} from '../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import * as fixtures from '../fixtures/lineEvents';
import { canonicalJson, loggedAnswers } from '../support/answerLedger';
import { signWebhook, type SignedWebhook } from '../support/signedWebhook';

const CHANNEL_SECRET = '5f0c2a9e7b1d4c3a8e6f0b2d4a6c8e01';
const ACCESS_TOKEN = 'store-outage-token';

/** The one switch every wrapper of a {@link SwitchableStore} reads. */
class OutageSwitch {
  failing = false;

  check(operation: string): void {
    if (this.failing) throw new Error(`simulated store outage (${operation})`);
  }
}

/**
 * A collection that delegates to a real one and rejects every call while the switch is on. Repositories keep the
 * collection handle they got at first use, so the outage has to live here, not only in the store.
 */
class SwitchableCollection<T extends StoredDocument> implements DocumentCollection<T> {
  constructor(
    private readonly inner: DocumentCollection<T>,
    private readonly outage: OutageSwitch,
  ) {}

  async insertOne(document: T): Promise<void> {
    this.outage.check('insertOne');
    return this.inner.insertOne(document);
  }

  async insertManyIgnoringDuplicates(documents: readonly T[], options?: WriteOptions): Promise<string[]> {
    this.outage.check('insertManyIgnoringDuplicates');
    return this.inner.insertManyIgnoringDuplicates(documents, options);
  }

  async findOne(filter: Filter, options?: { readonly sort?: Sort }): Promise<T | undefined> {
    this.outage.check('findOne');
    return this.inner.findOne(filter, options);
  }

  async find(filter: Filter, options?: FindOptions): Promise<T[]> {
    this.outage.check('find');
    return this.inner.find(filter, options);
  }

  async countDocuments(filter: Filter): Promise<number> {
    this.outage.check('countDocuments');
    return this.inner.countDocuments(filter);
  }

  async updateOne(filter: Filter, update: Update, options?: { readonly upsert?: boolean }): Promise<UpdateResult> {
    this.outage.check('updateOne');
    return this.inner.updateOne(filter, update, options);
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    this.outage.check('updateMany');
    return this.inner.updateMany(filter, update);
  }

  async findOneAndUpdate(filter: Filter, update: Update, options?: { readonly upsert?: boolean; readonly sort?: Sort }): Promise<T | undefined> {
    this.outage.check('findOneAndUpdate');
    return this.inner.findOneAndUpdate(filter, update, options);
  }

  async replaceOne(filter: Filter, replacement: T, options?: { readonly upsert?: boolean }): Promise<UpdateResult> {
    this.outage.check('replaceOne');
    return this.inner.replaceOne(filter, replacement, options);
  }

  async deleteOne(filter: Filter): Promise<number> {
    this.outage.check('deleteOne');
    return this.inner.deleteOne(filter);
  }

  async deleteMany(filter: Filter): Promise<number> {
    this.outage.check('deleteMany');
    return this.inner.deleteMany(filter);
  }
}

/** Blobs of a {@link SwitchableStore}: they fail with the documents, as one database would. */
class SwitchableBlobStore implements BlobStore {
  constructor(
    private readonly inner: BlobStore,
    private readonly outage: OutageSwitch,
  ) {}

  async put(id: string, content: AsyncIterable<Uint8Array>, options: { readonly contentType: string; readonly maxBytes: number }): Promise<StoredBlob> {
    this.outage.check('blobs.put');
    return this.inner.put(id, content, options);
  }

  async get(id: string): Promise<{ readonly contentType: string; readonly size: number; readonly body: AsyncIterable<Uint8Array> } | undefined> {
    this.outage.check('blobs.get');
    return this.inner.get(id);
  }

  async delete(id: string): Promise<boolean> {
    this.outage.check('blobs.delete');
    return this.inner.delete(id);
  }
}

/** A real {@link DocumentStore} whose every call (collections, blobs, ping) can be made to reject. */
class SwitchableStore implements DocumentStore {
  readonly kind: DocumentStore['kind'];
  readonly blobs: BlobStore;

  constructor(
    private readonly inner: DocumentStore,
    private readonly outage: OutageSwitch,
  ) {
    this.kind = inner.kind;
    this.blobs = new SwitchableBlobStore(inner.blobs, outage);
  }

  async collection<T extends StoredDocument>(name: string, indexes?: readonly IndexSpec[]): Promise<DocumentCollection<T>> {
    this.outage.check('collection');
    return new SwitchableCollection(await this.inner.collection<T>(name, indexes), this.outage);
  }

  async ping(): Promise<void> {
    this.outage.check('ping');
    return this.inner.ping();
  }

  // Closing is never refused: the test must be able to clean up whatever the switch says.
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('store outage (in-process server, store switched to failing)', function () {
  this.timeout(30_000);

  const outage = new OutageSwitch();
  let dataDir: string;
  let fake: Awaited<ReturnType<typeof startFakeLineApi>>;
  let app: RunningApp | undefined;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-outage-'));
    fake = await startFakeLineApi({ accessTokens: [ACCESS_TOKEN] });
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      LINE_SIMULATOR: 'off',
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
      LINE_API_BASE_URL: fake.baseUrl,
      LINE_DATA_API_BASE_URL: fake.baseUrl,
    });
    const store = new SwitchableStore(await openSqliteDocumentStore({ dataDir }), outage);
    app = await startApp({ config, logger: createLogger('silent'), store, lineRetryPolicy: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
  });

  after(async () => {
    outage.failing = false;
    await app?.close();
    await fake?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  afterEach(() => {
    outage.failing = false;
    fake.api.reset();
  });

  function running(): RunningApp {
    if (!app) throw new Error('the server did not start');
    return app;
  }

  function signedTextEvent(userId: string, text: string): { webhook: SignedWebhook; event: ReturnType<typeof fixtures.textMessageEvent> } {
    const event = fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text }, replyToken: fake.api.issueReplyToken(userId) });
    return { webhook: signWebhook(fixtures.webhookBody([event]), CHANNEL_SECRET), event };
  }

  async function post(webhook: SignedWebhook): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${running().url}/api/line/default`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': webhook.signature },
      body: webhook.raw,
    });
    return { status: response.status, body: await response.json() };
  }

  async function readiness(): Promise<number> {
    const response = await fetch(`${running().url}/readyz`);
    await response.arrayBuffer();
    return response.status;
  }

  /** The transcript of `conversationId`, read straight from the repository. */
  async function transcriptOf(conversationId: string): Promise<Activity[]> {
    const items: Activity[] = [];
    let token: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const result = await running().transcripts.getTranscriptActivities('line', conversationId, token);
      items.push(...result.items);
      if (!result.continuationToken) return items;
      token = result.continuationToken;
    }
    throw new Error(`transcript of ${conversationId} has more than 50 pages`);
  }

  /** The incoming activities of `conversationId` whose text is `text`. */
  async function incomingWithText(conversationId: string, text: string): Promise<number> {
    return (await transcriptOf(conversationId)).filter((activity) => activity.from?.role === 'user' && activity.text === text).length;
  }

  async function idle(): Promise<void> {
    await running().whenIdle();
  }

  // The cold case runs first: right after start nothing has read the account yet.
  for (const warm of [false, true]) {
    const title = warm
      ? 'answers 503 while the store fails (account already cached), then processes LINE’s redelivery once'
      : 'answers 503 while the store fails (first webhook of the account), then processes LINE’s redelivery once';
    it(title, async () => {
      const userId = warm ? 'U0d3c1b2a49584f6e7d8c9b0a1f2e3d4c' : 'U1e4d2c3b5a69504f7e8d9c0b1a2f3e4d';
      const conversationId = `default:user:${userId}`;
      if (warm) {
        // A webhook that went through: the account is now in the repository's cache, as in a running server.
        const first = signedTextEvent(userId, 'before the outage');
        assert.equal((await post(first.webhook)).status, 200);
        await idle();
        assert.deepEqual(
          fake.api.delivered.map((batch) => [batch.chatId, batch.via, batch.replyToken]),
          [[userId, 'reply', first.event.replyToken]],
          'the webhook before the outage was answered once, by its reply token',
        );
        fake.api.reset();
      }
      const text = warm ? 'during the outage (warm)' : 'during the outage (cold)';
      const { webhook, event } = signedTextEvent(userId, text);

      outage.failing = true;
      const refused = await post(webhook);
      assert.equal(refused.status, 503, `webhook during the outage answered ${refused.status} ${JSON.stringify(refused.body)}`);
      assert.equal(await readiness(), 503);
      await idle();
      assert.equal(fake.api.requests.length, 0, 'no turn ran: nothing reached the LINE API');

      outage.failing = false;
      assert.equal(await readiness(), 200);
      // LINE redelivers the very same body (same webhookEventId) after a non-2xx answer.
      const redelivered = await post(webhook);
      assert.equal(redelivered.status, 200);
      assert.deepEqual(redelivered.body, { accepted: 1, duplicates: 0 });
      await idle();
      // Answered once, by the reply token of the redelivered event (whatever the bot's words), and nothing else was sent.
      assert.deepEqual(
        fake.api.delivered.map((batch) => [batch.chatId, batch.via, batch.replyToken]),
        [[userId, 'reply', event.replyToken]],
        'the redelivered event was answered once, by its reply token',
      );
      const answer = fake.api.delivered[0];
      assert.ok(answer && answer.messages.length > 0, 'the answer holds at least one message');
      assert.equal(await incomingWithText(conversationId, text), 1, 'the incoming activity is in the transcript once');
      // What the customer was told is what the transcript shows as the answer to that event.
      const logged = loggedAnswers(await transcriptOf(conversationId)).get(event.message.id);
      assert.deepEqual(
        answer.messages.filter((message) => !logged?.has(canonicalJson(message))),
        [],
        'every message of the answer is logged as the bot’s answer to the event',
      );

      // A second redelivery (LINE retried again before it saw our 200) is recognised and not processed.
      const again = await post(signWebhook(fixtures.webhookBody([{ ...event, deliveryContext: { isRedelivery: true } }]), CHANNEL_SECRET));
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, { accepted: 0, duplicates: 1 });
      await idle();
      assert.equal(fake.api.delivered.length, 1, 'no second answer, by reply or by push');
      assert.equal(await incomingWithText(conversationId, text), 1, 'still once in the transcript');
    });
  }
});
