import assert from 'node:assert/strict';
import { DEFAULT_AUTOMATED_MESSAGES, renderTemplate } from '../../dialogs/texts/automatedMessages';
import { EN_TEXTS } from '../../dialogs/texts/en';
import { JA_TEXTS } from '../../dialogs/texts/ja';
import { TH_TEXTS } from '../../dialogs/texts/th';
import { fileMessageEvent, imageMessageEvent, userSource } from '../fixtures/lineEvents';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

const JA = DEFAULT_AUTOMATED_MESSAGES.ja;
const TH = DEFAULT_AUTOMATED_MESSAGES.th;

/** A LINE user id of the right shape, distinct per test. */
function lineUser(n: number): string {
  return `U${n.toString(16).padStart(32, '0')}`;
}

describe('handoff scenarios through the real server and the fake LINE API', () => {
  let h: HandoffHarness;
  let aiko: TestAgent;
  let ben: TestAgent;

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '30', HANDOFF_WRAP_UP_SECONDS: '120', HANDOFF_INACTIVITY_CLOSE_MINUTES: '60' });
    await h.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'サポート', languages: ['ja'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/queues', { id: 'ja-billing', name: '請求', languages: ['ja'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
    aiko = await h.createAgent('aiko', { displayName: 'Aiko', languages: ['ja', 'en'], capacity: 2, queueIds: ['ja-support', 'ja-billing'] });
    ben = await h.createAgent('ben', { displayName: 'Ben', languages: ['ja'], capacity: 1, queueIds: ['ja-support', 'ja-billing'] });
  });
  after(async () => h.close());

  afterEach(async () => {
    // Each scenario starts with both agents offline and idle.
    await h.closeEverything([aiko, ben]);
    // Whatever a scenario did, closing everything must give every unit of capacity back.
    const agents = (await h.admin('GET', '/api/supervisor/overview')).json.agents as { displayName: string; load: number }[];
    assert.deepEqual(agents.filter((agent) => agent.load !== 0), [], 'no capacity left held');
  });

  async function escalate(userId: string, name: string, language = 'ja'): Promise<void> {
    h.server.fake.api.setProfile(userId, { displayName: name, language });
    await h.say(userId, 'cmd:agent');
  }

  it('serves a LINE customer end to end: queued with position → offered → accepted → both ways → transfer → end → survey → closed', async () => {
    const userId = lineUser(1);
    await escalate(userId, 'Kenji');
    assert.deepEqual(h.deliveredTo(userId).map((d) => [d.text, d.via]), [
      [renderTemplate(JA.requestReceived, { QueueName: 'サポート' }), 'reply'],
      [renderTemplate(JA.positionInQueue, { Position: 1 }), 'reply'],
      [JA_TEXTS.noAgentOnline, 'reply'],
    ]);

    // Nobody is available yet: it waits. Ben comes online first and gets the offer; Aiko only sees it waiting.
    await h.presence(ben, 'available');
    await h.presence(aiko, 'available');
    const offered = (await h.conversationsOf(ben)).find((item) => item.conversationId === `default:user:${userId}`);
    assert.ok(offered);
    const id = String(offered.id);
    const offeredTo = ben;
    const other = aiko;
    assert.equal(offered.offeredAgentId, ben.id);
    assert.equal(offered.state, 'queued');
    assert.ok(typeof offered.offerDeadline === 'string');
    assert.equal((offered.customer as { name?: string }).name, 'Kenji');
    assert.match(String(offered.summary), /cmd:agent|^$/);

    // The other agent cannot accept an offer that is not theirs.
    assert.equal((await h.call(other.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 409);
    const accepted = await h.call(offeredTo.token, 'POST', `/api/agent/conversations/${id}/accept`);
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.json.state, 'assigned');
    await h.settle();
    const displayName = 'Ben';
    assert.equal(h.deliveredTo(userId).at(-1)?.text, renderTemplate(JA.agentAssigned, { AgentName: displayName }));
    assert.equal(h.deliveredTo(userId).at(-1)?.via, 'push');

    // Customer → agent: the bot stays silent, the agent sees it in the transcript.
    const before = h.textsTo(userId).length;
    await h.say(userId, '請求書の宛名を変更したいです');
    assert.equal(h.textsTo(userId).length, before, 'the bot does not answer while a person serves the customer');
    const transcript = await h.call(offeredTo.token, 'GET', `/api/agent/conversations/${id}/transcript`);
    assert.equal(transcript.status, 200);
    const items = transcript.json.items as { type: string; name?: string; text?: string; from?: { role?: string } }[];
    assert.ok(items.some((item) => item.type === 'event' && item.name === 'handoff.initiate'), 'the bot part is in the transcript');
    assert.ok(items.some((item) => item.text === '請求書の宛名を変更したいです' && item.from?.role === 'user'));

    // Agent → customer, free by the reply token the customer's unanswered message left, once even when the screen sends twice.
    const message = { text: 'かしこまりました。確認いたします。', clientMessageId: 'm-1' };
    const sent = await h.call(offeredTo.token, 'POST', `/api/agent/conversations/${id}/messages`, message);
    assert.equal(sent.status, 201, sent.text);
    await h.settle();
    const again = await h.call(offeredTo.token, 'POST', `/api/agent/conversations/${id}/messages`, message);
    assert.equal(again.status, 200);
    assert.equal(again.json.duplicate, true);
    await h.settle();
    assert.equal(h.textsTo(userId).filter((text) => text === message.text).length, 1);
    assert.equal(h.deliveredTo(userId).at(-1)?.via, 'reply');
    const withAgentMessage = (await h.call(offeredTo.token, 'GET', `/api/agent/conversations/${id}/transcript`)).json.items as { text?: string; entities?: { type: string; name?: string }[] }[];
    const logged = withAgentMessage.filter((item) => item.text === message.text);
    assert.equal(logged.length, 1, 'the agent message is in the transcript once');
    assert.equal(logged[0]?.entities?.find((entity) => entity.type === 'handoff.agent')?.name, displayName);

    // Someone not serving it cannot write to the customer.
    assert.equal((await h.call(other.token, 'POST', `/api/agent/conversations/${id}/messages`, { text: 'hi' })).status, 404);

    // Transfer to the other queue with a note; the customer is told; the first agent is passed over.
    const transferred = await h.call(offeredTo.token, 'POST', `/api/agent/conversations/${id}/transfer`, { queueId: 'ja-billing', note: '請求の件です' });
    assert.equal(transferred.status, 200, transferred.text);
    await h.settle();
    assert.equal(h.textsTo(userId).at(-1), renderTemplate(JA.requestReceived, { QueueName: '請求' }));
    const afterTransfer = (await h.call(other.token, 'GET', `/api/agent/conversations/${id}`)).json;
    assert.equal(afterTransfer.offeredAgentId, other.id, 'the other agent gets the transferred conversation');
    assert.equal((afterTransfer.queue as { id: string }).id, 'ja-billing');
    assert.deepEqual((afterTransfer.notes as { text: string }[]).map((note) => note.text), ['請求の件です']);
    assert.equal((await h.call(other.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await h.settle();

    // The agent ends it: ended message, the bot resumes with the survey; wrap-up holds the capacity.
    const ended = await h.call(other.token, 'POST', `/api/agent/conversations/${id}/close`);
    assert.equal(ended.status, 200, ended.text);
    assert.equal(ended.json.state, 'wrapUp');
    await h.settle();
    const lastTexts = h.textsTo(userId).slice(-2);
    assert.deepEqual(lastTexts, [JA.conversationEnded, JA_TEXTS.ratingQuestion]);
    assert.equal((await h.call(other.token, 'GET', '/api/agent/presence')).json.load, 1, 'wrap-up keeps the capacity');

    // The survey is the bot's again: the customer's answers reach it, not the agent.
    await h.say(userId, '5');
    assert.equal(h.textsTo(userId).at(-1), JA_TEXTS.commentQuestion);
    await h.say(userId, 'とても助かりました');
    assert.equal(h.textsTo(userId).at(-1), JA_TEXTS.surveyThanks);
    const surveys = await h.server.app.surveys.listByConversation('line', `default:user:${userId}`);
    assert.deepEqual(surveys.map((survey) => [survey.rating, survey.comment]), [[5, 'とても助かりました']]);

    // Wrap-up ends when the agent closes again; the capacity comes back.
    const closed = await h.call(other.token, 'POST', `/api/agent/conversations/${id}/close`);
    assert.equal(closed.json.state, 'closed');
    assert.equal((await h.call(other.token, 'GET', '/api/agent/presence')).json.load, 0);
  });

  it('ends wrap-up by itself after the configured time', async () => {
    const userId = lineUser(2);
    await escalate(userId, 'Mika');
    await h.presence(aiko, 'available');
    const id = await h.conversationIdFor(aiko, userId);
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/close`)).json.state, 'wrapUp');
    h.clock.advance(119_000);
    await h.sweep();
    assert.equal((await h.admin('GET', `/api/supervisor/overview`)).json.conversations instanceof Array, true);
    assert.equal((await h.server.app.handoff.require(id)).state, 'wrapUp');
    h.clock.advance(2_000);
    await h.sweep();
    assert.equal((await h.server.app.handoff.require(id)).state, 'closed');
    assert.equal((await h.call(aiko.token, 'GET', '/api/agent/presence')).json.load, 0);
  });

  it('offers to the next agent when the first does not accept in time, and likewise after a decline', async () => {
    const userId = lineUser(3);
    await h.presence(aiko, 'available');
    await h.presence(ben, 'available');
    await escalate(userId, 'Sora');
    const id = await h.conversationIdFor(aiko, userId);
    const first = String((await h.server.app.handoff.require(id)).offeredAgentId);
    assert.equal(first, aiko.id, 'most free capacity first');
    h.clock.advance(29_000);
    await h.sweep();
    assert.equal((await h.server.app.handoff.require(id)).offeredAgentId, aiko.id, 'not yet expired');
    h.clock.advance(2_000);
    await h.sweep();
    assert.equal((await h.server.app.handoff.require(id)).offeredAgentId, ben.id, 'expired: offered to Ben');
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 409, 'the lapsed offer cannot be accepted');

    const declined = await h.call(ben.token, 'POST', `/api/agent/conversations/${id}/decline`);
    assert.equal(declined.status, 200, declined.text);
    await h.settle();
    // Both passed over recently: it waits rather than bouncing back at once.
    assert.equal((await h.server.app.handoff.require(id)).offeredAgentId, undefined);
    h.clock.advance(5 * 60_000 + 1_000);
    await h.sweep();
    assert.ok([aiko.id, ben.id].includes(String((await h.server.app.handoff.require(id)).offeredAgentId)), 'offered again once the decline is forgotten');
  });

  it('respects capacity: a second customer waits until the only agent frees up', async () => {
    const first = lineUser(4);
    const second = lineUser(5);
    await h.presence(ben, 'available');
    await escalate(first, 'One');
    const firstId = await h.conversationIdFor(ben, first);
    assert.equal((await h.call(ben.token, 'POST', `/api/agent/conversations/${firstId}/accept`)).status, 200);
    await escalate(second, 'Two');
    assert.equal(h.textsTo(second).at(-1), renderTemplate(JA.positionInQueue, { Position: 1 }));
    const secondId = await h.conversationIdFor(ben, second);
    assert.equal((await h.server.app.handoff.require(secondId)).offeredAgentId, undefined, 'Ben is full');
    assert.equal((await h.call(ben.token, 'POST', `/api/agent/conversations/${firstId}/close`)).status, 200);
    await h.call(ben.token, 'POST', `/api/agent/conversations/${firstId}/close`);
    await h.settle();
    assert.equal((await h.server.app.handoff.require(secondId)).offeredAgentId, ben.id, 'offered as soon as capacity came back');
  });

  it('goes to the fallback queue when no rule serves the language', async () => {
    const userId = lineUser(6);
    h.server.fake.api.setProfile(userId, { displayName: 'Somchai', language: 'th' });
    await h.say(userId, 'cmd:agent');
    assert.deepEqual(h.textsTo(userId), [renderTemplate(TH.requestReceived, { QueueName: 'General' }), renderTemplate(TH.positionInQueue, { Position: 1 }), TH_TEXTS.noAgentOnline]);
    const overview = (await h.admin('GET', '/api/supervisor/overview')).json;
    const conversation = (overview.conversations as { conversationId: string; queue: { id: string }; language: string }[]).find((item) => item.conversationId === `default:user:${userId}`);
    assert.equal(conversation?.queue.id, 'general');
    assert.equal(conversation?.language, 'th');
    assert.equal((overview.queues as { id: string; waiting: number }[]).find((queue) => queue.id === 'general')?.waiting, 1);
  });

  it('keeps a returning customer with the agent who served them (affinity)', async () => {
    const userId = lineUser(7);
    await h.presence(ben, 'available');
    await escalate(userId, 'Rin');
    const id = await h.conversationIdFor(ben, userId);
    assert.equal((await h.call(ben.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await h.call(ben.token, 'POST', `/api/agent/conversations/${id}/close`);
    await h.call(ben.token, 'POST', `/api/agent/conversations/${id}/close`);
    await h.presence(aiko, 'available');
    await h.say(userId, 'cmd:agent');
    const again = await h.server.app.handoff.require(id);
    assert.equal(again.state, 'queued');
    assert.equal(again.cycle, 2);
    assert.equal(again.offeredAgentId, ben.id, 'Ben served Rin before, though Aiko has more free capacity');
  });

  it('tells the customer when the queue is closed, and nothing stays pending', async () => {
    await h.admin('POST', '/api/admin/queues', { id: 'ja-night', name: 'Night', languages: ['ja'], priority: 9, distribution: 'push', hours: { timeZone: 'Asia/Tokyo', weekly: [], holidays: [] } });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'night', name: 'Night', order: 1, when: { languages: ['ja'], topics: ['night-topic-that-is-never-set'] }, queueId: 'ja-night', requiredSkills: [] });
    await h.admin('PUT', '/api/admin/routing-rules/night', { name: 'Night', order: 1, when: { languages: ['ja'] }, queueId: 'ja-night', requiredSkills: [] });
    try {
      const userId = lineUser(8);
      await escalate(userId, 'Yuki');
      assert.deepEqual(h.textsTo(userId), [JA.outOfOperatingHours]);
      await h.say(userId, 'cmd:agent');
      assert.deepEqual(h.textsTo(userId), [JA.outOfOperatingHours, JA.outOfOperatingHours], 'asked again, told again — not "already recorded"');
      const overview = (await h.admin('GET', '/api/supervisor/overview')).json;
      assert.equal((overview.conversations as { conversationId: string }[]).some((item) => item.conversationId === `default:user:${userId}`), false);
    } finally {
      await h.admin('DELETE', '/api/admin/routing-rules/night');
    }
  });

  it('lets the customer cancel while queued: back to the bot, the offer withdrawn', async () => {
    const userId = lineUser(9);
    await h.presence(aiko, 'available');
    await escalate(userId, 'Haru');
    const id = await h.conversationIdFor(aiko, userId);
    assert.equal((await h.server.app.handoff.require(id)).offeredAgentId, aiko.id);
    await h.say(userId, 'cmd:cancel');
    assert.equal(h.textsTo(userId).at(-1), JA_TEXTS.handoffCancelled);
    const record = await h.server.app.handoff.require(id);
    assert.equal(record.state, 'closed');
    assert.equal(record.closeReason, 'customerCancelled');
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 404, 'no longer Aiko’s to see');
    assert.equal((await h.call(aiko.token, 'GET', '/api/agent/presence')).json.load, 0, 'the offer’s capacity came back');
    // With the bot again: it answers.
    const count = h.textsTo(userId).length;
    await h.say(userId, 'cmd:menu');
    assert.ok(h.textsTo(userId).length > count);
  });

  it('queues an offline agent’s conversations again for someone else', async () => {
    const userId = lineUser(10);
    await h.presence(ben, 'available');
    await escalate(userId, 'Nao');
    const id = await h.conversationIdFor(ben, userId);
    assert.equal((await h.call(ben.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await h.presence(aiko, 'available');
    await h.presence(ben, 'offline');
    const record = await h.server.app.handoff.require(id);
    assert.equal(record.state, 'queued');
    assert.equal(record.offeredAgentId, aiko.id);
    assert.equal(h.textsTo(userId).at(-1), renderTemplate(JA.requestReceived, { QueueName: 'サポート' }));
  });

  it('keeps a waiting conversation open and queues it again for the same agent when the customer writes', async () => {
    const userId = lineUser(11);
    await h.presence(aiko, 'available');
    await h.presence(ben, 'available');
    await escalate(userId, 'Kai');
    const id = await h.conversationIdFor(aiko, userId);
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    const waiting = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/wait`);
    assert.equal(waiting.json.state, 'waiting');
    await h.settle();
    assert.equal(h.textsTo(userId).at(-1), renderTemplate(JA.agentLeft, { AgentName: 'Aiko' }));
    assert.equal((await h.call(aiko.token, 'GET', '/api/agent/presence')).json.load, 0, 'waiting frees the capacity');
    await h.say(userId, 'まだ届きません');
    const back = await h.server.app.handoff.require(id);
    assert.equal(back.state, 'queued');
    assert.equal(back.offeredAgentId, aiko.id, 'the same agent first');
    assert.ok(h.textsTo(userId).slice(-2).includes(renderTemplate(JA.requestReceived, { QueueName: 'サポート' })));
  });

  it('closes a conversation nobody wrote in for the configured time, and the bot takes over without a survey', async () => {
    const userId = lineUser(12);
    await h.presence(aiko, 'available');
    await escalate(userId, 'Ema');
    const id = await h.conversationIdFor(aiko, userId);
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    h.clock.advance(61 * 60_000);
    await h.sweep();
    const record = await h.server.app.handoff.require(id);
    assert.equal(record.state, 'closed');
    assert.equal(record.closeReason, 'inactivity');
    assert.equal(h.textsTo(userId).at(-1), JA.conversationEnded);
    await h.say(userId, 'cmd:agent');
    assert.equal((await h.server.app.handoff.require(id)).state, 'queued', 'the bot hands over again: nothing was left pending');
  });

  it('tells a waiting customer their better place, at most once per interval', async () => {
    const first = lineUser(13);
    const second = lineUser(14);
    const positionTold = (userId: string): string[] => h.textsTo(userId).filter((text) => text.startsWith('現在'));
    await escalate(first, 'A');
    h.clock.advance(1_000);
    await escalate(second, 'B');
    assert.deepEqual(positionTold(second), [renderTemplate(JA.positionInQueue, { Position: 2 })]);
    await h.say(first, 'cmd:cancel');
    await h.sweep();
    assert.equal(positionTold(second).length, 1, 'too soon for an update');
    h.clock.advance(121_000);
    await h.sweep();
    assert.deepEqual(positionTold(second), [renderTemplate(JA.positionInQueue, { Position: 2 }), renderTemplate(JA.positionInQueue, { Position: 1 })]);
    const count = h.textsTo(second).length;
    h.clock.advance(121_000);
    await h.sweep();
    assert.equal(h.textsTo(second).length, count, 'no news, no message');
  });

  it('lets agents pick from a pick-mode queue, one of them only', async () => {
    await h.admin('POST', '/api/admin/queues', { id: 'en-pick', name: 'English desk', languages: ['en'], priority: 1, distribution: 'pick' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'english', name: 'English', order: 5, when: { languages: ['en'] }, queueId: 'en-pick', requiredSkills: [] });
    const cara = await h.createAgent('cara', { displayName: 'Cara', languages: ['en'], capacity: 2, queueIds: ['en-pick'] });
    const dan = await h.createAgent('dan', { displayName: 'Dan', languages: ['en'], capacity: 2, queueIds: ['en-pick'] });
    await h.presence(cara, 'available');
    await h.presence(dan, 'available');
    const userId = lineUser(15);
    h.server.fake.api.setProfile(userId, { displayName: 'Emma', language: 'en' });
    await h.say(userId, 'cmd:agent');
    assert.equal(h.textsTo(userId).at(-1), renderTemplate(DEFAULT_AUTOMATED_MESSAGES.en.positionInQueue, { Position: 1 }));
    const id = await h.conversationIdFor(cara, userId);
    assert.equal((await h.server.app.handoff.require(id)).offeredAgentId, undefined, 'pick mode offers nothing');
    const [picked, late] = await Promise.all([
      h.call(cara.token, 'POST', `/api/agent/conversations/${id}/accept`),
      h.call(dan.token, 'POST', `/api/agent/conversations/${id}/accept`),
    ]);
    const statuses = [picked.status, late.status].sort();
    assert.equal(statuses[0], 200, 'one of them takes it');
    assert.ok(statuses[1] === 409 || statuses[1] === 404, `the other is refused (${statuses[1]})`);
    await h.settle();
    assert.equal(h.textsTo(userId).filter((text) => text.startsWith('Our agent')).length, 1, 'one agent joined');
    assert.match(h.textsTo(userId).at(-1) ?? '', new RegExp(`Our agent (Cara|Dan) has joined`));
    await h.presence(cara, 'offline');
    await h.presence(dan, 'offline');
  });

  it('reports a message LINE did not take (502) and delivers it once when the agent sends it again', async () => {
    const userId = lineUser(21);
    await h.presence(aiko, 'available');
    await escalate(userId, 'Hina');
    const id = await h.conversationIdFor(aiko, userId);
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await h.settle();
    h.server.fake.api.failNext(3, 500, '/v2/bot/message/push');
    const message = { text: '少々お待ちください。', clientMessageId: 'retry-me' };
    const failed = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/messages`, message);
    assert.equal(failed.status, 502, failed.text);
    assert.equal(failed.json.code, 'delivery_failed');
    assert.equal(h.textsTo(userId).includes(message.text), false);
    const retried = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/messages`, message);
    assert.equal(retried.status, 201, retried.text);
    await h.settle();
    assert.equal(h.textsTo(userId).filter((text) => text === message.text).length, 1);
  });

  it('shows the serving agent the photo the customer sent, from the server’s copy, and the directory for transfers', async () => {
    const userId = lineUser(22);
    await h.presence(aiko, 'available');
    await escalate(userId, 'Kaito');
    const id = await h.conversationIdFor(aiko, userId);
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    const event = imageMessageEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId) });
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1024, 3)]);
    h.server.fake.api.putContent(event.message.id, { contentType: 'image/jpeg', body: jpeg });
    await h.deliver(event);
    const photo = await fetch(`${h.url}/api/agent/conversations/${id}/attachments/${event.message.id}`, { headers: { authorization: `Bearer ${aiko.token}` } });
    assert.equal(photo.status, 200);
    assert.equal(photo.headers.get('content-type'), 'image/jpeg');
    assert.equal(photo.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await photo.arrayBuffer()), jpeg);
    const other = await fetch(`${h.url}/api/agent/conversations/${id}/attachments/${event.message.id}`, { headers: { authorization: `Bearer ${ben.token}` } });
    assert.equal(other.status, 404, 'not Ben’s conversation');
    const pdfEvent = fileMessageEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId), message: { fileName: '請求書 (3月).pdf' } });
    const pdf = Buffer.from('%PDF-1.4\n%test\n');
    h.server.fake.api.putContent(pdfEvent.message.id, { contentType: 'application/pdf', body: pdf });
    await h.deliver(pdfEvent);
    const file = await fetch(`${h.url}/api/agent/conversations/${id}/attachments/${pdfEvent.message.id}`, { headers: { authorization: `Bearer ${aiko.token}` } });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-disposition'), `attachment; filename="___ (3_).pdf"; filename*=UTF-8''${encodeURIComponent('請求書 ')}%283${encodeURIComponent('月')}%29.pdf`);
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), pdf);
    const missing = await fetch(`${h.url}/api/agent/conversations/${id}/attachments/999999`, { headers: { authorization: `Bearer ${aiko.token}` } });
    assert.equal(missing.status, 404);

    const directory = (await h.call(aiko.token, 'GET', '/api/agent/directory')).json as { queues: { id: string; distribution: string }[]; agents: { id: string; presence: string }[] };
    assert.ok(directory.queues.some((queue) => queue.id === 'ja-billing' && queue.distribution === 'push'));
    assert.equal(directory.agents.find((agent) => agent.id === aiko.id)?.presence, 'available');
    const view = (await h.call(aiko.token, 'GET', `/api/agent/conversations/${id}`)).json as { queue: { distribution: string } };
    assert.equal(view.queue.distribution, 'push');
  });

  it('serves canned responses by words, tag and language, and the customer’s conversation history', async () => {
    await h.admin('POST', '/api/admin/canned-responses', { id: 'refund-ja', title: '返金について', text: '返金は商品到着後14日以内に承ります。', language: 'ja', tags: ['Refund', 'billing'] });
    await h.admin('POST', '/api/admin/canned-responses', { id: 'refund-en', title: 'Refunds', text: 'Refunds are accepted within 14 days of delivery.', language: 'en', tags: ['refund'] });
    await h.admin('POST', '/api/admin/canned-responses', { id: 'thanks', title: 'Thanks', text: 'ありがとうございました / Thank you', tags: ['closing'] });
    assert.equal((await h.call(aiko.token, 'POST', '/api/admin/canned-responses', { id: 'x', title: 'x', text: 'x', tags: [] })).status, 403, 'only admins write them');
    const search = async (query: string): Promise<string[]> => ((await h.call(aiko.token, 'GET', `/api/agent/canned-responses?${query}`)).json.items as { id: string }[]).map((item) => item.id);
    assert.deepEqual(await search('q=%23refund&language=ja'), ['refund-ja']);
    assert.deepEqual((await search('language=ja')).sort(), ['refund-ja', 'thanks']);
    assert.deepEqual(await search('q=14+days'), ['refund-en']);
    assert.deepEqual((await search('')).length, 3);

    const userId = lineUser(23);
    await h.presence(aiko, 'available');
    await escalate(userId, 'Yui');
    const id = await h.conversationIdFor(aiko, userId);
    const history = (await h.call(aiko.token, 'GET', `/api/agent/conversations/${id}/history`)).json.items as { conversationId: string; current: boolean; handoff?: { state: string; cycles: number } }[];
    assert.deepEqual(history.map((item) => [item.conversationId, item.current, item.handoff?.state, item.handoff?.cycles]), [[`default:user:${userId}`, true, 'queued', 1]]);
    assert.equal((await h.call(ben.token, 'GET', `/api/agent/conversations/${id}/history`)).status, 200, 'Ben serves the queue: he may look before taking it');
  });

  it('links the customer to a contact from the agent API', async () => {
    const userId = lineUser(16);
    await h.presence(aiko, 'available');
    await escalate(userId, 'Takumi');
    const id = await h.conversationIdFor(aiko, userId);
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    const created = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/contact`, { create: { email: 'takumi@example.com' } });
    assert.equal(created.status, 201, created.text);
    const contact = created.json.contact as { id: string; name: string; email: string };
    assert.equal(contact.name, 'Takumi');
    assert.equal((await h.server.app.customers.get(`line:${userId}`))?.contactId, contact.id);
    const view = (await h.call(aiko.token, 'GET', `/api/agent/conversations/${id}`)).json;
    assert.equal((view.customer as { contactId?: string }).contactId, contact.id);
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/contact`, { create: {} })).status, 409, 'linked already');
    const found = await h.call(aiko.token, 'GET', '/api/agent/contacts?q=takumi');
    assert.deepEqual((found.json.items as { id: string }[]).map((item) => item.id), [contact.id]);
    assert.equal((await h.call(aiko.token, 'GET', `/api/agent/contacts/${contact.id}`)).json.email, 'takumi@example.com');
    assert.equal((await h.call(aiko.token, 'GET', '/api/agent/contacts/nope')).status, 404);
  });

  it('refuses agent files unless the workstream allows them, and tells customers when theirs cannot be passed on', async () => {
    await h.admin('POST', '/api/admin/workstreams', { id: 'line-ja', name: 'LINE (ja)', language: 'ja', surveyEnabled: false, allowCustomerAttachments: false, allowAgentAttachments: false });
    try {
      const userId = lineUser(17);
      await h.presence(aiko, 'available');
      await escalate(userId, 'Riku');
      const id = await h.conversationIdFor(aiko, userId);
      assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
      const file = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/messages`, { attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/a.png' }] });
      assert.equal(file.status, 403, file.text);
      await h.deliver(imageMessageEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId) }));
      assert.equal(h.textsTo(userId).at(-1), JA_TEXTS.attachmentsNotAccepted);
      // No survey in this workstream: ended, and the bot is back without asking.
      await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/close`);
      await h.settle();
      assert.equal(h.textsTo(userId).at(-1), JA.conversationEnded);
    } finally {
      await h.admin('DELETE', '/api/admin/workstreams/line-ja');
    }
  });

  it('streams offers and messages to the agent as they happen', async () => {
    const controller = new AbortController();
    const response = await fetch(`${h.url}/api/handoff/events`, { headers: { authorization: `Bearer ${aiko.token}` }, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const waitForEvent = async (pattern: RegExp): Promise<void> => {
      const deadline = Date.now() + 5_000;
      while (!pattern.test(received)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${received}`);
        const chunk = await reader.read();
        if (chunk.done) throw new Error('stream ended');
        received += decoder.decode(chunk.value, { stream: true });
      }
    };
    try {
      const userId = lineUser(18);
      await h.presence(aiko, 'available');
      await escalate(userId, 'Mei');
      await waitForEvent(/event: offer\n/);
      const id = await h.conversationIdFor(aiko, userId);
      assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
      await h.say(userId, 'ストリームのテスト');
      await waitForEvent(/event: message\ndata: .*ストリームのテスト/);
    } finally {
      controller.abort();
    }
  });

  it('routes a customer tagged vip by a rule on customer tags, and a privacy purge removes the open handoff', async () => {
    await h.admin('POST', '/api/admin/queues', { id: 'ja-vip', name: 'VIP', languages: ['ja'], priority: 50, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'vip', name: 'VIP customers', order: 1, when: { customerTagsAny: ['vip'] }, queueId: 'ja-vip', requiredSkills: ['billing'], priority: 20 });
    try {
      const userId = lineUser(20);
      h.server.fake.api.setProfile(userId, { displayName: 'Sakura', language: 'ja' });
      await h.say(userId, 'こんにちは');
      const tagged = await h.call(null, 'PUT', `/api/admin/customers/line:${userId}/tags`, { tags: ['VIP'] });
      assert.equal(tagged.status, 401, 'tags are for admins');
      assert.deepEqual((await h.admin('PUT', `/api/admin/customers/line:${userId}/tags`, { tags: [' VIP ', 'vip'] })).json.tags, ['vip']);
      await h.say(userId, 'cmd:agent');
      const overview = (await h.admin('GET', '/api/supervisor/overview')).json;
      const conversation = (overview.conversations as { id: string; conversationId: string; queue: { id: string }; requiredSkills: string[]; priority: number }[]).find((item) => item.conversationId === `default:user:${userId}`);
      assert.deepEqual([conversation?.queue.id, conversation?.requiredSkills, conversation?.priority], ['ja-vip', ['billing'], 20]);

      const purged = await h.admin('DELETE', `/api/admin/customers/line:${userId}`);
      assert.equal((purged.json.deleted as { handoffs: number }).handoffs, 1);
      assert.equal(await h.server.app.handoff.require(String(conversation?.id)).catch(() => 'gone'), 'gone');
      assert.equal((await h.server.app.assignments.get(String(conversation?.id)))?.state, 'closed', 'out of the queue too');
    } finally {
      await h.admin('DELETE', '/api/admin/routing-rules/vip');
    }
  });

  it('hands over English the same way (automated messages in the customer’s language)', async () => {
    const userId = lineUser(19);
    h.server.fake.api.setProfile(userId, { displayName: 'Liam', language: 'en' });
    await h.say(userId, 'I want to talk to a person');
    const texts = h.textsTo(userId).slice(-3);
    assert.ok(texts[0]?.startsWith('Thank you. We have received your request'), texts[0]);
    assert.equal(texts[1], renderTemplate(DEFAULT_AUTOMATED_MESSAGES.en.positionInQueue, { Position: 1 }));
    assert.ok(!h.textsTo(userId).includes(EN_TEXTS.handoffRecorded));
  });
});
