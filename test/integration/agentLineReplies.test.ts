import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { messagingApi } from '@line/bot-sdk';
import type { LoadingAnimation, ReadMark } from '../../src/simulator/fakeLineApiTypes';
import { textMessageEvent, userSource } from '../fixtures/lineEvents';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

/** A LINE user id of the right shape, distinct per test. */
function lineUser(n: number): string {
  return `U${(0xa9e100 + n).toString(16).padStart(32, '0')}`;
}

/** A server with a Japanese queue and its agent 佐藤 (`kai`). */
async function startWithJapaneseQueue(environment: Record<string, string> = {}): Promise<{ h: HandoffHarness; kai: TestAgent }> {
  const h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '30', HANDOFF_WRAP_UP_SECONDS: '120', HANDOFF_QUEUED_ACK_SECONDS: '300', ...environment });
  await h.admin('POST', '/api/admin/queues', { id: 'ja-care', name: 'お客様窓口', languages: ['ja'], priority: 5, distribution: 'push' });
  await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-care', requiredSkills: [] });
  const kai = await h.createAgent('kai', { displayName: '佐藤', languages: ['ja'], capacity: 3, queueIds: ['ja-care'] });
  return { h, kai };
}

/** The customer asks for a person and the agent takes the conversation; its handoff id. */
async function served(h: HandoffHarness, kai: TestAgent, userId: string): Promise<string> {
  h.server.fake.api.setProfile(userId, { displayName: '山田', language: 'ja' });
  await h.say(userId, 'cmd:agent');
  await h.presence(kai, 'available');
  const id = await h.conversationIdFor(kai, userId);
  assert.equal((await h.call(kai.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
  await h.settle();
  return id;
}

/** Agents' messages on LINE: free replies first, rich replies, and the signals a LINE user sees. */
describe('agents on LINE: reply tokens, stickers, quick replies, placeholders, loading and read marks', () => {
  let h: HandoffHarness;
  let kai: TestAgent;
  const loading: LoadingAnimation[] = [];
  const reads: ReadMark[] = [];

  before(async () => {
    ({ h, kai } = await startWithJapaneseQueue());
    h.server.fake.api.on('loading', (animation) => loading.push(animation));
    h.server.fake.api.on('read', (mark) => reads.push(mark));
  });
  after(async () => h.close());
  afterEach(async () => h.closeEverything([kai]));

  async function send(id: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
    const answer = await h.call(kai.token, 'POST', `/api/agent/conversations/${id}/messages`, body);
    await h.settle();
    return answer;
  }

  /** The reply tokens the fake API issued for the events of `userId`, and the batches delivered after `from`. */
  function deliveriesSince(userId: string, from: number): { via: 'reply' | 'push'; replyToken: string | undefined; messages: readonly messagingApi.Message[] }[] {
    return h.server.fake.api.delivered.filter((batch) => batch.chatId === userId).slice(from).map((batch) => ({ via: batch.via, replyToken: batch.replyToken, messages: batch.messages }));
  }

  function deliveredCount(userId: string): number {
    return h.server.fake.api.delivered.filter((batch) => batch.chatId === userId).length;
  }

  /** The customer writes with a reply token the test knows. */
  async function customerSays(userId: string, text: string): Promise<string> {
    const replyToken = h.server.fake.api.issueReplyToken(userId);
    await h.deliver(textMessageEvent({ source: userSource(userId), message: { text }, replyToken }));
    return replyToken;
  }

  it('answers with the reply token of the customer message the bot left unanswered, and pushes the second message', async () => {
    const userId = lineUser(1);
    const id = await served(h, kai, userId);
    const token = await customerSays(userId, '届いていません');
    const before = deliveredCount(userId);
    const first = await send(id, { text: 'ご連絡ありがとうございます。確認します。', clientMessageId: 'a-1' });
    assert.equal(first.status, 201, first.text);
    const second = await send(id, { text: '少々お待ちください。', clientMessageId: 'a-2' });
    assert.equal(second.status, 201, second.text);
    const sent = deliveriesSince(userId, before);
    assert.ok(h.deliveredTo(userId).at(-1)?.retryKey, 'the push carries a retry key');
    assert.deepEqual(
      sent.map((batch) => [batch.via, batch.replyToken, batch.messages.map((message) => (message.type === 'text' ? message.text : message.type))]),
      [
        ['reply', token, ['ご連絡ありがとうございます。確認します。']],
        ['push', undefined, ['少々お待ちください。']],
      ],
    );
    const transcript = await h.call(kai.token, 'GET', `/api/agent/conversations/${id}/transcript`);
    const marked = (transcript.json.items as { text?: string; delivery?: string }[]).filter((item) => item.delivery !== undefined);
    assert.deepEqual(
      marked.filter((item) => item.text === 'ご連絡ありがとうございます。確認します。' || item.text === '少々お待ちください。').map((item) => [item.text, item.delivery]),
      [
        ['ご連絡ありがとうございます。確認します。', 'reply'],
        ['少々お待ちください。', 'push'],
      ],
    );
    const totals = transcript.json.delivery as { free: number; paid: number; agentFree: number; agentPaid: number };
    assert.equal(totals.agentFree, 1);
    assert.equal(totals.agentPaid, 1);
    // The "agent joined" notice went by push (its token was kept for the agent), so two paid in all.
    assert.equal(totals.paid, 2);
  });

  it('keeps the token a queued customer left for the agent: the "agent joined" notice is pushed, the first answer replies', async () => {
    const userId = lineUser(2);
    h.server.fake.api.setProfile(userId, { displayName: '山田', language: 'ja' });
    await h.say(userId, 'cmd:agent');
    // The first message while queued is acknowledged (with its own token); the next one is left unanswered.
    await customerSays(userId, 'まだですか');
    const token = await customerSays(userId, 'よろしくお願いします');
    const before = deliveredCount(userId);
    await h.presence(kai, 'available');
    const id = await h.conversationIdFor(kai, userId);
    assert.equal((await h.call(kai.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await h.settle();
    await send(id, { text: 'お待たせしました。', clientMessageId: 'b-1' });
    const sent = deliveriesSince(userId, before);
    assert.equal(sent.length, 2, JSON.stringify(sent));
    assert.equal(sent[0]?.via, 'push', 'the notice that the agent joined');
    assert.deepEqual([sent[1]?.via, sent[1]?.replyToken], ['reply', token]);
  });

  it('falls back to one push when LINE refuses the kept token, and says so on the message', async () => {
    const userId = lineUser(3);
    const id = await served(h, kai, userId);
    // A token LINE never issued: the reply is refused with "Invalid reply token".
    await h.deliver(textMessageEvent({ source: userSource(userId), message: { text: 'もしもし' }, replyToken: 'f'.repeat(32) }));
    const before = deliveredCount(userId);
    const requestsBefore = h.server.fake.api.requests.length;
    const answer = await send(id, { text: 'はい、佐藤です。', clientMessageId: 'c-1' });
    assert.equal(answer.status, 201, answer.text);
    const calls = h.server.fake.api.requests.slice(requestsBefore).filter((request) => request.path.startsWith('/v2/bot/message/'));
    assert.deepEqual(calls.map((request) => [request.path, request.status]), [
      ['/v2/bot/message/reply', 400],
      ['/v2/bot/message/push', 200],
    ]);
    assert.deepEqual(deliveriesSince(userId, before).map((batch) => batch.via), ['push']);
    const transcript = await h.call(kai.token, 'GET', `/api/agent/conversations/${id}/transcript`);
    const item = (transcript.json.items as { text?: string; delivery?: string }[]).find((entry) => entry.text === 'はい、佐藤です。');
    assert.equal(item?.delivery, 'push');
  });

  it('sends a sticker with quick replies as valid LINE messages, and the tapped reply reaches the agent as text', async () => {
    const userId = lineUser(4);
    const id = await served(h, kai, userId);
    const before = deliveredCount(userId);
    const answer = await send(id, { text: 'どちらにしますか？', sticker: { packageId: '11537', stickerId: '52002734' }, quickReplies: ['返品', '交換'], clientMessageId: 'd-1' });
    assert.equal(answer.status, 201, answer.text);
    const [batch] = deliveriesSince(userId, before);
    assert.ok(batch);
    const quickReply = batch.messages.at(-1)?.quickReply;
    assert.ok(quickReply);
    assert.deepEqual(
      batch.messages.map((message) => ({ ...message, quickReply: undefined })),
      [
        { type: 'text', text: 'どちらにしますか？', quickReply: undefined },
        { type: 'sticker', packageId: '11537', stickerId: '52002734', quickReply: undefined },
      ],
    );
    assert.deepEqual(
      (quickReply.items ?? []).map((item) => item.action as unknown),
      [
        { type: 'message', label: '返品', text: '返品' },
        { type: 'message', label: '交換', text: '交換' },
      ],
    );
    await customerSays(userId, '交換');
    const transcript = await h.call(kai.token, 'GET', `/api/agent/conversations/${id}/transcript`);
    assert.ok((transcript.json.items as { text?: string; from?: { role?: string } }[]).some((item) => item.text === '交換' && item.from?.role === 'user'));
  });

  it('refuses a sticker outside the packages bots may send, and too many or too long quick replies', async () => {
    const userId = lineUser(5);
    const id = await served(h, kai, userId);
    const before = deliveredCount(userId);
    const sticker = await send(id, { sticker: { packageId: '26162', stickerId: '1' } });
    assert.equal(sticker.status, 400, sticker.text);
    assert.match(sticker.text, /not one LINE lets bots send/);
    const many = await send(id, { text: 'x', quickReplies: Array.from({ length: 14 }, (_, index) => `choice ${index}`) });
    assert.equal(many.status, 400, many.text);
    const long = await send(id, { text: 'x', quickReplies: ['a label longer than twenty characters'] });
    assert.equal(long.status, 400, long.text);
    assert.equal(deliveredCount(userId), before, 'nothing was sent');
    const stickers = await h.call(kai.token, 'GET', '/api/agent/stickers');
    const packages = stickers.json.packages as { packageId: string; stickers: { stickerId: string; imageUrl: string }[] }[];
    assert.ok(packages.some((item) => item.packageId === '446' && item.stickers[0]?.stickerId === '1988'));
    assert.ok(packages.every((item) => item.stickers.every((entry) => entry.imageUrl.startsWith('https://stickershop.line-scdn.net/'))));
  });

  it('fills canned responses with the customer, agent and queue names, in the customer language only', async () => {
    await h.admin('POST', '/api/admin/canned-responses', { id: 'hello-ja', title: '挨拶', text: '{CustomerName}様、{QueueName}の{AgentName}です。', language: 'ja', tags: ['greeting'] });
    await h.admin('POST', '/api/admin/canned-responses', { id: 'hello-en', title: 'Hello', text: 'Hello {CustomerName}, this is {AgentName}.', language: 'en', tags: ['greeting'] });
    const userId = lineUser(6);
    const id = await served(h, kai, userId);
    const answer = await h.call(kai.token, 'GET', `/api/agent/conversations/${id}/canned-responses?q=%23greeting`);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(
      (answer.json.items as { id: string; text: string; template: string }[]).map((item) => [item.id, item.text, item.template]),
      [['hello-ja', '山田様、お客様窓口の佐藤です。', '{CustomerName}様、{QueueName}の{AgentName}です。']],
    );
  });

  it('shows the loading animation while the agent writes, refreshed only when it is about to end or a message ended it', async () => {
    const userId = lineUser(7);
    const id = await served(h, kai, userId);
    const start = loading.length;
    for (let n = 0; n < 4; n += 1) assert.equal((await h.call(kai.token, 'POST', `/api/agent/conversations/${id}/typing`)).status, 204);
    assert.deepEqual(
      loading.slice(start).map((animation) => [animation.chatId, animation.loadingSeconds]),
      [[userId, 20]],
      'four typing signals within the animation start it once',
    );
    await send(id, { text: 'お調べします。', clientMessageId: 'g-1' });
    assert.equal((await h.call(kai.token, 'POST', `/api/agent/conversations/${id}/typing`)).status, 204);
    assert.equal(loading.length - start, 2, 'the message ended the animation, so writing again starts it again');
  });

  it('marks the customer messages read once when the agent opens the conversation, and again only after a new message', async () => {
    const userId = lineUser(8);
    const id = await served(h, kai, userId);
    await customerSays(userId, '一つ目');
    await customerSays(userId, '二つ目');
    const start = reads.length;
    await h.call(kai.token, 'GET', `/api/agent/conversations/${id}/transcript`);
    await h.call(kai.token, 'GET', `/api/agent/conversations/${id}/transcript`);
    assert.equal((await h.call(kai.token, 'POST', `/api/agent/conversations/${id}/read`)).status, 204);
    const events = h.server.fake.api.requests.filter((request) => request.path === '/v2/bot/chat/markAsRead');
    assert.equal(reads.length - start, 1, 'one mark for both messages, however often the agent opens it');
    const lastEvent = events.at(-1)?.body as { markAsReadToken?: string } | undefined;
    assert.equal(reads.at(-1)?.markAsReadToken, lastEvent?.markAsReadToken);
    await customerSays(userId, '三つ目');
    await h.call(kai.token, 'GET', `/api/agent/conversations/${id}/transcript`);
    assert.equal(reads.length - start, 2);
  });
});

describe('agents on LINE after the reply window', () => {
  let h: HandoffHarness;
  let kai: TestAgent;

  before(async () => {
    ({ h, kai } = await startWithJapaneseQueue({ LINE_REPLY_WINDOW_SECONDS: '0.3' }));
  });
  after(async () => h.close());

  it('pushes an answer that comes after the window, without trying the stale token', async () => {
    const userId = lineUser(20);
    const id = await served(h, kai, userId);
    await h.say(userId, 'もしもし');
    // The window is the subject: the answer comes later than it.
    await sleep(400);
    const requestsBefore = h.server.fake.api.requests.length;
    const answer = await h.call(kai.token, 'POST', `/api/agent/conversations/${id}/messages`, { text: '遅くなりました。', clientMessageId: 'late-1' });
    assert.equal(answer.status, 201, answer.text);
    await h.settle();
    const calls = h.server.fake.api.requests.slice(requestsBefore).filter((request) => request.path.startsWith('/v2/bot/message/'));
    assert.deepEqual(calls.map((request) => request.path), ['/v2/bot/message/push']);
  });
});
