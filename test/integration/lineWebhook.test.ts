import assert from 'node:assert/strict';
import type { messagingApi } from '@line/bot-sdk';
import { DEFAULT_AUTOMATED_MESSAGES, renderTemplate } from '../../dialogs/texts/automatedMessages';
import { JA_TEXTS } from '../../dialogs/texts/ja';
import { TH_TEXTS } from '../../dialogs/texts/th';
import * as fixtures from '../fixtures/lineEvents';
import { SHIPPED_CONTENT, shippedTopic } from '../support/selfServiceContent';
import { eventually } from '../support/eventually';
import { signWebhook } from '../support/signedWebhook';
import { startTestServer, type TestServer } from '../support/testServer';

function textOf(message: messagingApi.Message | undefined): string | undefined {
  return message?.type === 'text' ? message.text : undefined;
}

describe('LINE webhook through the real server', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ WEBHOOK_MAX_BODY_BYTES: '4096' });
  });
  after(async () => server.close());
  beforeEach(() => server.fake.api.reset());

  async function post(path: string, body: unknown, signature?: string): Promise<Response> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return fetch(`${server.app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-line-signature': signature } : {}) },
      body: raw,
    });
  }

  async function deliver(event: ReturnType<typeof fixtures.textMessageEvent> | ReturnType<typeof fixtures.followEvent>): Promise<Response> {
    const live = { ...event, replyToken: server.fake.api.issueReplyToken(fixtures.USER_ID) };
    const { raw, signature } = signWebhook(fixtures.webhookBody([live]), server.channelSecret);
    return post('/api/line/default', raw.toString(), signature);
  }

  it('reports health and readiness', async () => {
    const health = await fetch(`${server.app.url}/healthz`);
    assert.equal(health.status, 200);
    const ready = await fetch(`${server.app.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', checks: { store: true, lineAccounts: true } });
  });

  it('answers 404 for an unknown account and 401 without a valid signature', async () => {
    const { raw, signature } = signWebhook(fixtures.webhookBody([fixtures.textMessageEvent()]), server.channelSecret);
    assert.equal((await post('/api/line/nobody', raw.toString(), signature)).status, 404);
    assert.equal((await post('/api/line/default', raw.toString())).status, 401);
    assert.equal((await post('/api/line/default', raw.toString(), 'AAAA')).status, 401);
    await server.app.lineAdapter.whenIdle();
    assert.equal(server.fake.api.requests.length, 0, 'nothing was processed');
  });

  it('ignores group and room events whose source lacks the chat id: no call to /group/undefined, nothing answered', async () => {
    const sources: unknown[] = [
      { type: 'group', userId: fixtures.USER_ID },
      { type: 'room', userId: fixtures.USER_ID },
      { type: 'group', groupId: '', userId: fixtures.USER_ID },
      { type: 'group', groupId: 42, userId: fixtures.USER_ID },
    ];
    for (const source of sources) {
      const event = { ...fixtures.textMessageEvent({ message: { text: 'hello' } }), source } as unknown as ReturnType<typeof fixtures.textMessageEvent>;
      assert.equal((await deliver(event)).status, 200, JSON.stringify(source));
    }
    await server.app.whenIdle();
    assert.deepEqual(server.fake.api.requests.map((request) => request.path), [], 'no LINE API call for a chat that cannot be addressed');
  });

  it('answers 400 to malformed JSON with a valid signature', async () => {
    const raw = '{"destination":"U1","events":[{';
    const { signature } = signWebhook(null, server.channelSecret);
    const signed = (await import('node:crypto')).createHmac('sha256', server.channelSecret).update(raw).digest('base64');
    assert.notEqual(signature, signed);
    const response = await post('/api/line/default', raw, signed);
    assert.equal(response.status, 400);
  });

  it('answers 413 to a body over the limit, before checking anything else', async () => {
    const huge = fixtures.webhookBody([fixtures.textMessageEvent({ message: { text: 'x'.repeat(5000) } })]);
    const { raw, signature } = signWebhook(huge, server.channelSecret);
    const response = await post('/api/line/default', raw.toString(), signature);
    assert.equal(response.status, 413);
  });

  it('answers 200 to LINE’s verify call', async () => {
    const { raw, signature } = signWebhook({ destination: fixtures.BOT_USER_ID, events: [] }, server.channelSecret);
    assert.equal((await post('/api/line/default', raw.toString(), signature)).status, 200);
  });

  it('greets a new friend by name, in their language, with the menu, by reply', async () => {
    server.fake.api.setProfile(fixtures.USER_ID, { displayName: 'Somchai', language: 'th' });
    assert.equal((await deliver(fixtures.followEvent())).status, 200);
    await eventually(() => assert.equal(server.fake.api.delivered.length, 1, 'the greeting'));
    const batch = server.fake.api.delivered[0];
    assert.equal(batch?.via, 'reply');
    const greeting = batch?.messages.at(-1);
    assert.equal(textOf(greeting), TH_TEXTS.greeting('Somchai'));
    const labels = greeting?.quickReply?.items?.map((item) => item.action?.label);
    assert.deepEqual(labels?.slice(0, SHIPPED_CONTENT.menu.length), SHIPPED_CONTENT.menu.map((id) => shippedTopic(id).title.th));
    assert.ok(labels?.includes(TH_TEXTS.talkToPersonLabel));
  });

  it('answers a question from the self-service content, by reply, and asks whether it helped', async () => {
    assert.equal((await deliver(fixtures.textMessageEvent({ message: { text: 'พัสดุของฉันอยู่ไหน' } }))).status, 200);
    await eventually(() => assert.equal(server.fake.api.delivered.length, 1, 'the answer'));
    const batch = server.fake.api.delivered[0];
    assert.equal(batch?.via, 'reply');
    const texts = batch?.messages.map(textOf);
    assert.equal(texts?.[0], shippedTopic('delivery-status').answer.th);
    assert.equal(texts?.at(-1), TH_TEXTS.didThisHelp);
    assert.equal(batch?.messages.at(-1)?.quickReply?.items?.length, 2);
    assert.equal(server.app.lineAdapter.deliveryCounts().default?.pushMessages, 0);
  });

  it('hands over to a person on request: the handoff event is recorded with its context, LINE gets the confirmation and the place in the queue, in one reply', async () => {
    const userId = 'U0000000000000000000000000000b22';
    server.fake.api.setProfile(userId, { displayName: 'Kenji', language: 'ja' });
    const event = fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text: 'オペレーターと話したい' }, replyToken: server.fake.api.issueReplyToken(userId) });
    const { raw, signature } = signWebhook(fixtures.webhookBody([event]), server.channelSecret);
    assert.equal((await post('/api/line/default', raw.toString(), signature)).status, 200);
    await server.app.whenIdle();
    const delivered = server.fake.api.delivered.filter((batch) => batch.chatId === userId);
    assert.deepEqual(delivered.flatMap((batch) => batch.messages.map(textOf)), [
      renderTemplate(DEFAULT_AUTOMATED_MESSAGES.ja.requestReceived, { QueueName: 'General' }),
      renderTemplate(DEFAULT_AUTOMATED_MESSAGES.ja.positionInQueue, { Position: 1 }),
      JA_TEXTS.noAgentOnline,
    ]);
    assert.deepEqual(delivered.map((batch) => batch.via), ['reply']);
    const page = await server.app.transcripts.getTranscriptActivities('line', `default:user:${userId}`);
    const handoff = page.items.find((activity) => activity.type === 'event' && activity.name === 'handoff.initiate');
    assert.ok(handoff, 'handoff.initiate is in the transcript');
    const value = handoff.value as { language: string; skill: string; reason: string; summary: string; customerId: string };
    assert.deepEqual(
      { language: value.language, skill: value.skill, reason: value.reason, customerId: value.customerId },
      { language: 'ja', skill: SHIPPED_CONTENT.defaultSkill, reason: 'customerAsked', customerId: `line:${userId}` },
    );
    assert.match(value.summary, /オペレーターと話したい/);
  });

  it('keeps a copy of the media a customer sends, and records the customer', async () => {
    // A user the server has not seen yet, so the profile is fetched fresh (profiles are cached for hours).
    const userId = 'U00000000000000000000000000000a11';
    server.fake.api.setProfile(userId, { displayName: 'Somchai', language: 'th', pictureUrl: 'https://profile.line-scdn.net/0habc' });
    const event = fixtures.imageMessageEvent({ source: fixtures.userSource(userId), replyToken: server.fake.api.issueReplyToken(userId) });
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]);
    server.fake.api.putContent(event.message.id, { contentType: 'image/jpeg', body: jpeg });
    const { raw, signature } = signWebhook(fixtures.webhookBody([event]), server.channelSecret);
    assert.equal((await post('/api/line/default', raw.toString(), signature)).status, 200);
    await server.app.whenIdle();
    const stored = await server.app.attachments.listByConversation(`default:user:${userId}`);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.contentType, 'image/jpeg');
    assert.equal(stored[0]?.size, jpeg.length);
    const customer = await server.app.customers.get(`line:${userId}`);
    assert.equal(customer?.displayName, 'Somchai');
    assert.equal(customer?.language, 'th');
    assert.equal(customer?.pictureUrl, 'https://profile.line-scdn.net/0habc');
    assert.deepEqual(customer?.accountIds, ['default']);
  });
});
