import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { messagingApi } from '@line/bot-sdk';
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
} from '../../src/storage/documentStore';
import { openEmbeddedDocumentStore } from '../../src/storage/embeddedDocumentStore';
import * as fixtures from '../fixtures/lineEvents';
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

  async insertManyIgnoringDuplicates(documents: readonly T[]): Promise<string[]> {
    this.outage.check('insertManyIgnoringDuplicates');
    return this.inner.insertManyIgnoringDuplicates(documents);
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

function textOf(message: messagingApi.Message | undefined): string | undefined {
  return message?.type === 'text' ? message.text : undefined;
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
    const store = new SwitchableStore(await openEmbeddedDocumentStore({ dataDir }), outage);
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

  /** The incoming activities of `conversationId` whose text is `text`, read straight from the repository. */
  async function incomingWithText(conversationId: string, text: string): Promise<number> {
    let count = 0;
    let token: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const result = await running().transcripts.getTranscriptActivities('line', conversationId, token);
      count += result.items.filter((activity) => activity.from?.role === 'user' && activity.text === text).length;
      if (!result.continuationToken) return count;
      token = result.continuationToken;
    }
    throw new Error(`transcript of ${conversationId} has more than 50 pages`);
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
        assert.equal(fake.api.delivered.length, 1);
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
      const replies = fake.api.delivered.filter((batch) => batch.chatId === userId);
      assert.deepEqual(replies.map((batch) => [batch.via, textOf(batch.messages[0])]), [['reply', `You said: ${text}`]]);
      assert.equal(await incomingWithText(conversationId, text), 1, 'the incoming activity is in the transcript once');

      // A second redelivery (LINE retried again before it saw our 200) is recognised and not processed.
      const again = await post(signWebhook(fixtures.webhookBody([{ ...event, deliveryContext: { isRedelivery: true } }]), CHANNEL_SECRET));
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, { accepted: 0, duplicates: 1 });
      await idle();
      assert.equal(fake.api.delivered.filter((batch) => batch.chatId === userId).length, 1, 'no second reply');
      assert.equal(await incomingWithText(conversationId, text), 1, 'still once in the transcript');
    });
  }
});
