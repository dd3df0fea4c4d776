import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { webhook } from '@line/bot-sdk';
import { ActivityTypes } from 'botbuilder';
import type { LineAccount } from '../../../adapters/line/lineAccount';
import { LineAdapter, type TurnLogic } from '../../../adapters/line/lineAdapter';
import type { LineEventInbox } from '../../../adapters/line/lineEventInbox';
import { MemoryLineEventInbox } from '../../../adapters/line/memoryLineEventInbox';
import type { DocumentStore } from '../../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../../src/storage/engine/sqliteDocumentStore';
import { LineEventInboxRepository } from '../../../src/inbox/lineEventInboxRepository';
import { startFakeLineApi } from '../../../src/simulator/fakeLineApi';
import * as fixtures from '../../fixtures/lineEvents';
import { eventually } from '../../support/eventually';
import { signWebhook } from '../../support/signedWebhook';

const SECRET = 'work-queue-test-secret';
const TOKEN = 'work-queue-test-token';
/** Fast timings: a short lease, a quick poll, retries after milliseconds. */
const FAST = { leaseMs: 400, pollIntervalMs: 20, maxAttempts: 30, retryBaseMs: 10, retryMaxMs: 50 };

describe('LineAdapter work queue (leases, retries, dead letters)', function () {
  this.timeout(20_000);
  let fake: Awaited<ReturnType<typeof startFakeLineApi>>;
  let account: LineAccount;
  const adapters: LineAdapter[] = [];

  before(async () => {
    fake = await startFakeLineApi({ accessTokens: [TOKEN] });
    account = { id: 'acme', name: 'Acme', channelSecret: SECRET, channelAccessToken: TOKEN, apiBaseUrl: fake.baseUrl, dataApiBaseUrl: fake.baseUrl };
  });
  after(async () => fake.close());
  beforeEach(() => fake.api.reset());
  afterEach(async () => {
    for (const adapter of adapters.splice(0)) {
      adapter.stop();
      await adapter.whenIdle();
    }
  });

  function newAdapter(inbox: LineEventInbox, settings: Partial<typeof FAST> = {}): LineAdapter {
    const adapter = new LineAdapter({
      accounts: { get: async (id) => (id === account.id ? account : undefined) },
      inbox,
      retryPolicy: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      workQueue: { ...FAST, ...settings },
    });
    adapters.push(adapter);
    return adapter;
  }

  function textFrom(userId: string, text: string): webhook.Event {
    return { ...fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text } }), replyToken: fake.api.issueReplyToken(userId) };
  }

  async function deliver(adapter: LineAdapter, events: webhook.Event[], logic: TurnLogic): Promise<Awaited<ReturnType<LineAdapter['processWebhook']>>> {
    const { raw, signature } = signWebhook(fixtures.webhookBody(events), SECRET);
    return adapter.processWebhook(account.id, raw, signature, logic);
  }

  /** Texts LINE delivered to each chat, in delivery order. */
  function deliveredTexts(): Map<string, string[]> {
    const byChat = new Map<string, string[]>();
    for (const batch of fake.api.delivered) {
      for (const message of batch.messages) if (message.type === 'text') byChat.set(batch.chatId, [...(byChat.get(batch.chatId) ?? []), message.text]);
    }
    return byChat;
  }

  function echoRecording(turns: string[]): TurnLogic {
    return async (context) => {
      if (context.activity.type !== ActivityTypes.Message) return;
      turns.push(context.activity.text ?? '');
      await sleep(Math.random() * 5);
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    };
  }

  it('answers every acknowledged event exactly once, in order, after LINE answered 500 for a while — without running a turn twice', async () => {
    const inbox = new MemoryLineEventInbox();
    const adapter = newAdapter(inbox);
    const turns: string[] = [];
    const logic = echoRecording(turns);
    adapter.start(logic);
    const users = [fixtures.USER_ID, fixtures.OTHER_USER_ID, 'U0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f'];
    // Every reply and push fails for the first 60 requests: each turn's reply and push retries run out.
    fake.api.failNext(60, 500, '/v2/bot/message');
    const sent: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const userId of users) {
        const text = `${userId.slice(0, 6)}-${round}`;
        sent.push(text);
        assert.equal((await deliver(adapter, [textFrom(userId, text)], logic)).status, 200);
      }
    }
    await eventually(() => assert.ok([...deliveredTexts().values()].flat().length >= sent.length, 'every event answered'), { timeoutMs: 15_000 });
    await sleep(100);
    await adapter.whenIdle();

    const byChat = deliveredTexts();
    for (const userId of users) {
      const expected = sent.filter((text) => text.startsWith(userId.slice(0, 6))).map((text) => `echo: ${text}`);
      assert.deepEqual(byChat.get(userId), expected, `answers to ${userId}: once each, in order`);
    }
    assert.deepEqual([...turns].sort(), [...sent].sort(), 'each turn ran once: only the delivery was retried');
    assert.ok(fake.api.requests.some((request) => request.status === 500), 'LINE did fail');
    assert.deepEqual(inbox.counts(), { pending: 0, done: sent.length, dead: 0 });
  });

  it('answers 200 to a poison event (valid signature, nested too deep to store) and keeps it as a dead letter', async () => {
    const inbox = new MemoryLineEventInbox();
    const adapter = newAdapter(inbox);
    const turns: string[] = [];
    const event = fixtures.textMessageEvent({ message: { text: 'poison' } });
    const deep = `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`;
    const raw = Buffer.from(`{"destination":"${fixtures.BOT_USER_ID}","events":[${JSON.stringify(event).slice(0, -1)},"deep":${deep}}]}`);
    const signature = createHmac('sha256', SECRET).update(raw).digest('base64');

    const first = await adapter.processWebhook(account.id, raw, signature, echoRecording(turns));
    const redelivered = await adapter.processWebhook(account.id, raw, signature, echoRecording(turns));
    await adapter.whenIdle();

    assert.equal(first.status, 200);
    assert.equal(redelivered.status, 200);
    assert.deepEqual(redelivered.body, { accepted: 0, duplicates: 1 });
    assert.deepEqual(inbox.counts(), { pending: 0, done: 0, dead: 1 });
    assert.deepEqual(turns, []);
  });

  it('makes an event dead at once when LINE refuses its answer as invalid (400): no retry can help', async () => {
    const inbox = new MemoryLineEventInbox();
    const adapter = newAdapter(inbox);
    const turns: string[] = [];
    adapter.start(echoRecording(turns));
    fake.api.failNext(1, 400, '/v2/bot/message/reply');
    await deliver(adapter, [textFrom(fixtures.USER_ID, 'refused')], echoRecording(turns));
    await adapter.whenIdle();
    await adapter.pollOnce();
    await adapter.whenIdle();

    assert.deepEqual(inbox.counts(), { pending: 0, done: 0, dead: 1 });
    assert.deepEqual(turns, ['refused']);
    assert.equal(fake.api.delivered.length, 0);
  });

  it('retries a turn that failed before delivering, and gives up after the last attempt', async () => {
    const inbox = new MemoryLineEventInbox();
    const adapter = newAdapter(inbox, { maxAttempts: 3 });
    let runs = 0;
    const failing: TurnLogic = async () => {
      runs += 1;
      throw new Error('store down');
    };
    adapter.start(failing);
    await deliver(adapter, [textFrom(fixtures.USER_ID, 'never works')], failing);
    await eventually(() => assert.equal(inbox.counts().dead, 1, 'the event to die'), { timeoutMs: 10_000 });
    await adapter.whenIdle();
    assert.equal(runs, 3);
  });

  it('lets an error handler leave a failed turn to a retry twice, and apologise at the third run', async () => {
    const inbox = new MemoryLineEventInbox();
    const adapter = newAdapter(inbox, { maxAttempts: 8 });
    adapter.onTurnError = async (context, error) => {
      if (adapter.willRetryFailedTurn(context)) throw error;
      await context.sendActivity('sorry');
    };
    let runs = 0;
    const flaky: TurnLogic = async (context) => {
      runs += 1;
      if (context.activity.text === 'always fails' || runs < 2) throw new Error('store briefly down');
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    };
    adapter.start(flaky);
    await deliver(adapter, [textFrom(fixtures.USER_ID, 'works the second time')], flaky);
    await eventually(() => assert.equal(inbox.counts().done, 1, 'the retry to succeed'), { timeoutMs: 10_000 });
    await deliver(adapter, [textFrom(fixtures.OTHER_USER_ID, 'always fails')], flaky);
    await eventually(() => assert.equal(inbox.counts().done, 2, 'the last attempt to apologise'), { timeoutMs: 10_000 });
    await adapter.whenIdle();

    assert.deepEqual(deliveredTexts().get(fixtures.USER_ID), ['echo: works the second time']);
    assert.deepEqual(deliveredTexts().get(fixtures.OTHER_USER_ID), ['sorry']);
    assert.equal(runs, 2 + 3);
  });

  describe('on a shared store', () => {
    let dataDir: string;
    const stores: DocumentStore[] = [];

    beforeEach(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'line-work-queue-'));
    });
    afterEach(async () => {
      for (const adapter of adapters.splice(0)) {
        adapter.stop();
        await adapter.whenIdle();
      }
      for (const store of stores.splice(0)) await store.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    async function sharedInbox(): Promise<LineEventInboxRepository> {
      const store = await openSqliteDocumentStore({ dataDir });
      stores.push(store);
      return LineEventInboxRepository.open(store);
    }

    it('two adapters on two handles of one store, receiving the same users’ events alternately, answer each event once and in order', async () => {
      const first = newAdapter(await sharedInbox());
      const second = newAdapter(await sharedInbox());
      const turns: string[] = [];
      const logic = echoRecording(turns);
      first.start(logic);
      second.start(logic);
      const users = [fixtures.USER_ID, fixtures.OTHER_USER_ID, 'U0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f', 'U5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c'];
      const sent: string[] = [];
      const posts: Promise<unknown>[] = [];
      for (let round = 0; round < 6; round += 1) {
        for (const [index, userId] of users.entries()) {
          const text = `${userId.slice(0, 6)}-${round}`;
          sent.push(text);
          posts.push(deliver((round + index) % 2 === 0 ? first : second, [textFrom(userId, text)], logic));
          if (index % 2 === 1) await sleep(1);
        }
      }
      await Promise.all(posts);
      await eventually(() => assert.ok([...deliveredTexts().values()].flat().length >= sent.length, 'every event answered'), { timeoutMs: 15_000 });
      await sleep(100);

      const byChat = deliveredTexts();
      for (const userId of users) {
        const expected = sent.filter((text) => text.startsWith(userId.slice(0, 6))).map((text) => `echo: ${text}`);
        assert.deepEqual(byChat.get(userId), expected, `answers to ${userId}: once each, in order`);
      }
      assert.equal(turns.length, sent.length, 'no turn ran twice');
    });

    it('holds a proactive send back while another instance holds the conversation’s lease', async () => {
      const inbox = await sharedInbox();
      const adapter = newAdapter(await sharedInbox(), { leaseMs: 5000 });
      const conversation = `acme:user:${fixtures.USER_ID}`;
      assert.equal(await inbox.claim(conversation, 'another instance', 5000), true);

      const sending = adapter.continueConversationAsync('', { conversation: { id: conversation, isGroup: false, conversationType: 'personal', name: '' } }, async (context) => {
        await context.sendActivity('an agent writes');
      });
      await sleep(300);
      const whileHeld = fake.api.delivered.length;
      await inbox.release(conversation, 'another instance');
      await sending;

      assert.equal(whileHeld, 0, 'nothing sent while the other instance held the conversation');
      assert.deepEqual(deliveredTexts().get(fixtures.USER_ID), ['an agent writes']);
    });

    it('takes over the conversation of an owner that died holding its lease once the lease expires', async () => {
      const inbox = await sharedInbox();
      const conversation = `acme:user:${fixtures.USER_ID}`;
      assert.equal(await inbox.claim(conversation, 'an instance that died', 1500), true);
      const survivor = newAdapter(await sharedInbox());
      const turns: string[] = [];
      const logic = echoRecording(turns);

      await deliver(survivor, [textFrom(fixtures.USER_ID, 'anyone there?')], logic);
      await survivor.whenIdle();
      assert.deepEqual(turns, [], 'the lease of the dead owner still holds');

      survivor.start(logic);
      await eventually(() => assert.equal(turns.length, 1, 'the survivor to take over'), { timeoutMs: 10_000 });
      await survivor.whenIdle();
      assert.deepEqual(deliveredTexts().get(fixtures.USER_ID), ['echo: anyone there?']);
      assert.deepEqual(await inbox.counts(), { pending: 0, done: 1, dead: 0 });
    });
  });
});
