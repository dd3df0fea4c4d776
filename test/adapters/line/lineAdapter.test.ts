import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { webhook } from '@line/bot-sdk';
import { ActivityTypes, MessageFactory, type Activity } from 'botbuilder';
import type { LineAccount } from '../../../adapters/line/lineAccount';
import { LineAdapter, type TurnLogic } from '../../../adapters/line/lineAdapter';
import type { LineEventInbox } from '../../../adapters/line/lineEventInbox';
import { MemoryLineEventInbox } from '../../../adapters/line/memoryLineEventInbox';
import { startFakeLineApi } from '../../../src/simulator/fakeLineApi';
import * as fixtures from '../../fixtures/lineEvents';
import { eventually } from '../../support/eventually';
import { signWebhook } from '../../support/signedWebhook';

const SECRET = 'adapter-test-secret';
const TOKEN = 'adapter-test-token';

describe('LineAdapter', () => {
  let fake: Awaited<ReturnType<typeof startFakeLineApi>>;
  let account: LineAccount;
  let adapter: LineAdapter;

  before(async () => {
    fake = await startFakeLineApi({ accessTokens: [TOKEN] });
    account = { id: 'acme', name: 'Acme', channelSecret: SECRET, channelAccessToken: TOKEN, apiBaseUrl: fake.baseUrl, dataApiBaseUrl: fake.baseUrl };
  });
  after(async () => fake.close());

  function newAdapter(options: { inbox?: LineEventInbox; replyTokenTtlMs?: number; onStandbyActivity?: (activity: Partial<Activity>) => Promise<void> } = {}): LineAdapter {
    return new LineAdapter({
      accounts: { get: async (id) => (id === account.id ? account : undefined) },
      retryPolicy: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
      ...options,
    });
  }

  beforeEach(() => {
    fake.api.reset();
    fake.api.setProfile(fixtures.USER_ID, { displayName: 'Aiko', language: 'ja' });
    adapter = newAdapter();
  });

  /** Events with reply tokens the fake API issued, so replies can succeed. */
  function withLiveToken<T extends webhook.Event>(event: T): T {
    if (!('replyToken' in event)) return event;
    const chatId = event.source?.type === 'group' ? event.source.groupId : event.source?.type === 'room' ? event.source.roomId : (event.source?.userId ?? '');
    return { ...event, replyToken: fake.api.issueReplyToken(chatId) };
  }

  async function deliver(events: webhook.Event[], logic: TurnLogic, target = adapter): Promise<Awaited<ReturnType<LineAdapter['processWebhook']>>> {
    const { raw, signature } = signWebhook(fixtures.webhookBody(events.map(withLiveToken)), SECRET);
    return target.processWebhook(account.id, raw, signature, logic);
  }

  const echo: TurnLogic = async (context) => {
    if (context.activity.type === ActivityTypes.Message) await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  };

  describe('inbound', () => {
    it('answers 404 for an unknown account, 401 for a missing or wrong signature, and processes nothing', async () => {
      const turns: string[] = [];
      const logic: TurnLogic = async (context) => { turns.push(context.activity.type); };
      const { raw, signature } = signWebhook(fixtures.webhookBody([fixtures.textMessageEvent()]), SECRET);
      assert.equal((await adapter.processWebhook('nobody', raw, signature, logic)).status, 404);
      assert.equal((await adapter.processWebhook(account.id, raw, undefined, logic)).status, 401);
      const forged = signWebhook(fixtures.webhookBody([fixtures.textMessageEvent()]), 'another-secret');
      assert.equal((await adapter.processWebhook(account.id, raw, forged.signature, logic)).status, 401);
      const tampered = Buffer.from(raw.toString().replace('"text"', '"text" '));
      assert.equal((await adapter.processWebhook(account.id, tampered, signature, logic)).status, 401);
      await adapter.whenIdle();
      assert.deepEqual(turns, []);
      assert.equal(fake.api.requests.length, 0);
    });

    it('answers 400 to malformed JSON with a valid signature and 200 to LINE’s verify call', async () => {
      const bad = Buffer.from('{"events": [');
      const badSigned = signWebhook('x', SECRET);
      const signature = (await import('node:crypto')).createHmac('sha256', SECRET).update(bad).digest('base64');
      const result = await adapter.processWebhook(account.id, bad, signature, echo);
      assert.equal(result.status, 400);
      assert.match(result.body.message ?? '', /JSON/);
      assert.equal((await adapter.processWebhook(account.id, badSigned.raw, badSigned.signature, echo)).status, 400);
      const verify = signWebhook({ destination: fixtures.BOT_USER_ID, events: [] }, SECRET);
      assert.equal((await adapter.processWebhook(account.id, verify.raw, verify.signature, echo)).status, 200);
    });

    it('acknowledges before a slow bot finishes', async () => {
      let finished = false;
      const slow: TurnLogic = async () => { await sleep(300); finished = true; };
      const result = await deliver([fixtures.textMessageEvent()], slow);
      assert.equal(result.status, 200);
      assert.equal(finished, false, 'the answer came while the turn was still running');
      await adapter.whenIdle();
      assert.equal(finished, true);
    });

    it('processes a redelivered event once', async () => {
      const turns: string[] = [];
      const logic: TurnLogic = async (context) => { turns.push(context.activity.id ?? ''); };
      const event = fixtures.textMessageEvent();
      const first = await deliver([event], logic);
      const again = await deliver([{ ...event, deliveryContext: { isRedelivery: true } }], logic);
      await adapter.whenIdle();
      assert.deepEqual(first.body, { accepted: 1, duplicates: 0 });
      assert.deepEqual(again.body, { accepted: 0, duplicates: 1 });
      assert.equal(turns.length, 1);
    });

    it('keeps order within a conversation and runs conversations concurrently', async () => {
      const seen: string[] = [];
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => { release = resolve; });
      const logic: TurnLogic = async (context) => {
        const text = context.activity.text ?? '';
        if (text === 'a1') await gate;
        else await sleep(Math.random() * 10);
        seen.push(text);
      };
      const userA = fixtures.userSource(fixtures.USER_ID);
      const userB = fixtures.userSource(fixtures.OTHER_USER_ID);
      for (const [source, text] of [[userA, 'a1'], [userA, 'a2'], [userB, 'b1'], [userA, 'a3'], [userB, 'b2']] as const) {
        await deliver([fixtures.textMessageEvent({ source, message: { text } })], logic);
      }
      await eventually(() => assert.ok(seen.includes('b2'), 'user B’s turns while A is blocked'));
      assert.deepEqual(seen, ['b1', 'b2'], 'B went on while A’s first turn was blocked');
      release();
      await adapter.whenIdle();
      assert.deepEqual(seen.filter((text) => text.startsWith('a')), ['a1', 'a2', 'a3']);
    });

    it('turns every LINE event type into the expected activity', async () => {
      const activities: Partial<Activity>[] = [];
      const logic: TurnLogic = async (context) => { activities.push(context.activity); };
      const events: [webhook.Event, string, string?][] = [
        [fixtures.textMessageEvent(), ActivityTypes.Message],
        [fixtures.imageMessageEvent(), ActivityTypes.Message],
        [fixtures.videoMessageEvent(), ActivityTypes.Message],
        [fixtures.audioMessageEvent(), ActivityTypes.Message],
        [fixtures.fileMessageEvent(), ActivityTypes.Message],
        [fixtures.locationMessageEvent(), ActivityTypes.Message],
        [fixtures.stickerMessageEvent(), ActivityTypes.Message],
        [fixtures.postbackEvent(), ActivityTypes.Message],
        [fixtures.followEvent(), ActivityTypes.ConversationUpdate],
        [fixtures.unfollowEvent(), ActivityTypes.ConversationUpdate],
        [fixtures.joinEvent(), ActivityTypes.ConversationUpdate],
        [fixtures.leaveEvent(), ActivityTypes.ConversationUpdate],
        [fixtures.memberJoinedEvent(), ActivityTypes.ConversationUpdate],
        [fixtures.memberLeftEvent(), ActivityTypes.ConversationUpdate],
        [fixtures.unsendEvent(), ActivityTypes.MessageDelete],
        [fixtures.messageEditedEvent(), ActivityTypes.MessageUpdate],
        [fixtures.videoPlayCompleteEvent(), ActivityTypes.Event, 'videoPlayComplete'],
        [fixtures.beaconEvent(), ActivityTypes.Event, 'beacon'],
        [fixtures.accountLinkEvent(), ActivityTypes.Event, 'accountLink'],
        [fixtures.membershipEvent(), ActivityTypes.Event, 'membership'],
        [fixtures.activatedEvent(), ActivityTypes.Event, 'activated'],
        [fixtures.deactivatedEvent(), ActivityTypes.Event, 'deactivated'],
        [fixtures.deliveryEvent(), ActivityTypes.Event, 'delivery'],
      ];
      for (const [event] of events) {
        const result = await deliver([event], logic);
        assert.equal(result.status, 200, event.type);
      }
      await adapter.whenIdle();
      assert.equal(activities.length, events.length);
      for (const [index, [event, type, name]] of events.entries()) {
        const activity = activities.find((candidate) => (candidate.channelData as webhook.Event).webhookEventId === event.webhookEventId);
        assert.ok(activity, `activity for ${event.type} #${index}`);
        assert.equal(activity.type, type, `${event.type} → ${type}`);
        assert.equal(activity.channelId, 'line');
        if (name) assert.equal(activity.name, name);
      }
    });

    it('logs and ignores unknown event types without breaking the others', async () => {
      const texts: string[] = [];
      const logic: TurnLogic = async (context) => { texts.push(context.activity.text ?? ''); };
      const unknown = { ...fixtures.unknownTypeEvent('somethingNew'), webhookEventId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', timestamp: Date.now(), mode: 'active', deliveryContext: { isRedelivery: false }, source: fixtures.userSource() };
      const result = await deliver([unknown as unknown as webhook.Event, fixtures.textMessageEvent({ message: { text: 'still here' } })], logic);
      await adapter.whenIdle();
      assert.equal(result.status, 200);
      assert.deepEqual(texts, ['still here']);
    });

    it('fetches the sender’s profile once and uses its language as the locale', async () => {
      const activities: Partial<Activity>[] = [];
      const logic: TurnLogic = async (context) => { activities.push(context.activity); };
      await deliver([fixtures.textMessageEvent(), fixtures.textMessageEvent()], logic);
      await deliver([fixtures.stickerMessageEvent()], logic);
      await adapter.whenIdle();
      assert.deepEqual(activities.map((activity) => [activity.locale, activity.from?.name]), [['ja', 'Aiko'], ['ja', 'Aiko'], ['ja', 'Aiko']]);
      assert.equal(fake.api.requests.filter((request) => request.path.startsWith('/v2/bot/profile/')).length, 1);
    });

    it('records standby events without running the bot or sending anything', async () => {
      const recorded: Partial<Activity>[] = [];
      const standbyAdapter = newAdapter({ onStandbyActivity: async (activity) => { recorded.push(activity); } });
      let turns = 0;
      await deliver([{ ...fixtures.textMessageEvent({ message: { text: 'to the other channel' } }), mode: 'standby' }], async (context) => { turns += 1; await context.sendActivity('no!'); }, standbyAdapter);
      await standbyAdapter.whenIdle();
      assert.equal(turns, 0);
      assert.equal(recorded[0]?.text, 'to the other channel');
      assert.equal(fake.api.delivered.length, 0);
    });

    it('answers 503 and processes nothing when the inbox cannot record events', async () => {
      class FailingInbox extends MemoryLineEventInbox {
        override async admit(): Promise<never> {
          throw new Error('disk full');
        }
      }
      const broken = newAdapter({ inbox: new FailingInbox() });
      let turns = 0;
      const result = await deliver([fixtures.textMessageEvent()], async () => { turns += 1; }, broken);
      await broken.whenIdle();
      assert.equal(result.status, 503);
      assert.equal(turns, 0);
    });

    it('answers 503 when the account directory cannot answer', async () => {
      const broken = new LineAdapter({ accounts: { get: async () => { throw new Error('store down'); } } });
      const { raw, signature } = signWebhook(fixtures.webhookBody([fixtures.textMessageEvent()]), SECRET);
      let turns = 0;
      const result = await broken.processWebhook(account.id, raw, signature, async () => { turns += 1; });
      await broken.whenIdle();
      assert.equal(result.status, 503);
      assert.equal(turns, 0);
    });

    it('records a turn that succeeded as done at once, and keeps one that failed pending for a retry', async () => {
      const inbox = new MemoryLineEventInbox();
      const recording = newAdapter({ inbox });
      const ok = fixtures.textMessageEvent();
      const failing = fixtures.textMessageEvent({ source: fixtures.userSource(fixtures.OTHER_USER_ID) });
      await deliver([ok, failing], async (context) => {
        if (context.activity.from?.id === fixtures.OTHER_USER_ID) throw new Error('bot bug');
      }, recording);
      await recording.whenIdle();
      assert.deepEqual(inbox.counts(), { pending: 1, done: 1, dead: 0 });
      const [retry] = await inbox.pending(`acme:user:${fixtures.OTHER_USER_ID}`);
      assert.equal(retry?.event.webhookEventId, failing.webhookEventId);
      assert.equal(retry?.attempts, 1);
    });
  });

  describe('outbound', () => {
    it('sends one turn’s messages in a single reply', async () => {
      await deliver([fixtures.textMessageEvent({ message: { text: 'hi' } })], async (context) => {
        await context.sendActivity('one');
        await context.sendActivity(MessageFactory.suggestedActions(['Yes', 'No'], 'two'));
      });
      await adapter.whenIdle();
      assert.equal(fake.api.delivered.length, 1);
      const batch = fake.api.delivered[0];
      assert.equal(batch?.via, 'reply');
      assert.deepEqual(batch?.messages.map((message) => (message.type === 'text' ? message.text : message.type)), ['one', 'two']);
      assert.equal(batch?.messages[1]?.quickReply?.items?.length, 2);
      assert.deepEqual(adapter.deliveryCounts().acme, { replyRequests: 1, replyMessages: 2, pushRequests: 0, pushMessages: 0, replyFallbacks: 0, retries: 0, failures: 0, loadingAnimations: 0, readMarks: 0 });
    });

    it('replies with five and pushes the rest when a turn sends seven', async () => {
      await deliver([fixtures.textMessageEvent()], async (context) => {
        for (let index = 1; index <= 7; index += 1) await context.sendActivity(`m${index}`);
      });
      await adapter.whenIdle();
      assert.deepEqual(fake.api.delivered.map((batch) => [batch.via, batch.messages.length]), [['reply', 5], ['push', 2]]);
      const texts = fake.api.delivered.flatMap((batch) => batch.messages.map((message) => (message.type === 'text' ? message.text : '')));
      assert.deepEqual(texts, ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
      assert.match(fake.api.delivered[1]?.retryKey ?? '', /^[0-9a-f-]{36}$/);
    });

    it('pushes when the turn outlives its reply token', async () => {
      const shortLived = newAdapter({ replyTokenTtlMs: 20 });
      await deliver([fixtures.textMessageEvent()], async (context) => {
        await sleep(40);
        await context.sendActivity('late answer');
      }, shortLived);
      await shortLived.whenIdle();
      assert.deepEqual(fake.api.delivered.map((batch) => batch.via), ['push']);
      assert.equal(shortLived.deliveryCounts().acme?.replyFallbacks, 1);
      assert.equal(fake.api.requests.filter((request) => request.path === '/v2/bot/message/reply').length, 0);
    });

    it('falls back to push when LINE rejects the reply token', async () => {
      const { raw, signature } = signWebhook(fixtures.webhookBody([fixtures.textMessageEvent({ replyToken: 'never-issued-token' })]), SECRET);
      await adapter.processWebhook(account.id, raw, signature, echo);
      await adapter.whenIdle();
      assert.deepEqual(fake.api.delivered.map((batch) => batch.via), ['push']);
      assert.equal(fake.api.requests.find((request) => request.path === '/v2/bot/message/reply')?.status, 400);
    });

    it('retries rate-limited pushes with the same retry key and delivers once', async () => {
      fake.api.failNext(2, 429, '/v2/bot/message/push');
      await adapter.continueConversationAsync('', { conversation: { id: `acme:user:${fixtures.USER_ID}`, isGroup: false, conversationType: 'personal', name: '' } }, async (context) => {
        await context.sendActivity('queue update');
      });
      const pushes = fake.api.requests.filter((request) => request.path === '/v2/bot/message/push');
      assert.deepEqual(pushes.map((request) => request.status), [429, 429, 200]);
      assert.equal(new Set(pushes.map((request) => request.headers['x-line-retry-key'])).size, 1);
      assert.equal(fake.api.delivered.length, 1);
      assert.equal(adapter.deliveryCounts().acme?.retries, 2);
    });

    it('does not push twice when an event’s turn runs again (e.g. after a crash)', async () => {
      const seven: TurnLogic = async (context) => {
        for (let index = 1; index <= 7; index += 1) await context.sendActivity(`m${index}`);
      };
      const event = withLiveToken(fixtures.textMessageEvent());
      const { raw, signature } = signWebhook(fixtures.webhookBody([event]), SECRET);
      await adapter.processWebhook(account.id, raw, signature, seven);
      await adapter.whenIdle();
      // A second adapter has no memory of the event, as after a crash before it was marked processed.
      const restarted = newAdapter();
      await restarted.processWebhook(account.id, raw, signature, seven);
      await restarted.whenIdle();
      const pushes = fake.api.requests.filter((request) => request.path === '/v2/bot/message/push');
      assert.deepEqual(pushes.map((request) => request.status), [200, 200, 409], 'first run pushes m6–m7; the replay pushes m1–m5 (its reply token is spent) and is refused m6–m7');
      const delivered = fake.api.delivered.flatMap((batch) => batch.messages.map((message) => (message.type === 'text' ? message.text : '')));
      assert.equal(delivered.filter((text) => text === 'm6').length, 1);
      assert.equal(delivered.filter((text) => text === 'm7').length, 1);
    });

    it('rejects a proactive send that LINE refuses, without retrying', async () => {
      const conversation = { id: `acme:user:${fixtures.USER_ID}`, isGroup: false, conversationType: 'personal', name: '' };
      await assert.rejects(
        adapter.continueConversationAsync('', { conversation }, async (context) => {
          await context.sendActivity({ type: ActivityTypes.Message, channelData: { type: 'text', text: '' } });
        }),
        /HTTP 400/,
      );
      assert.equal(fake.api.requests.filter((request) => request.path === '/v2/bot/message/push').length, 1);
    });

    it('shows the loading animation for typing in 1:1 chats only', async () => {
      const typing: TurnLogic = async (context) => { await context.sendActivity({ type: ActivityTypes.Typing }); };
      await deliver([fixtures.textMessageEvent()], typing);
      await deliver([fixtures.textMessageEvent({ source: fixtures.groupSource() })], typing);
      await adapter.whenIdle();
      const loading = fake.api.requests.filter((request) => request.path === '/v2/bot/chat/loading/start');
      assert.equal(loading.length, 1);
      assert.deepEqual(loading[0]?.body, { chatId: fixtures.USER_ID, loadingSeconds: 20 });
      assert.equal(adapter.deliveryCounts().acme?.loadingAnimations, 1);
    });

    it('sends to the group, not the member, in group chats', async () => {
      await deliver([fixtures.textMessageEvent({ source: fixtures.groupSource() })], echo);
      await adapter.whenIdle();
      assert.equal(fake.api.delivered[0]?.chatId, fixtures.GROUP_ID);
    });

    it('streams the content of a customer’s image through the adapter', async () => {
      const event = fixtures.imageMessageEvent();
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
      fake.api.putContent(event.message.id, { contentType: 'image/jpeg', body: bytes });
      const content = await adapter.getContent('acme', event.message.id);
      const chunks: Buffer[] = [];
      for await (const chunk of content.body) chunks.push(chunk as Buffer);
      assert.equal(content.contentType, 'image/jpeg');
      assert.deepEqual(Buffer.concat(chunks), bytes);
    });
  });
});
