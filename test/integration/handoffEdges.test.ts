import assert from 'node:assert/strict';
import { DEFAULT_AUTOMATED_MESSAGES, renderTemplate } from '../../dialogs/texts/automatedMessages';
import { EN_TEXTS } from '../../dialogs/texts/en';
import { TH_TEXTS } from '../../dialogs/texts/th';
import { ZH_TW_TEXTS } from '../../dialogs/texts/zhTW';
import { formatOpening } from '../../src/handoff/openingHours';
import { followEvent, imageMessageEvent, postbackEvent, textMessageEvent, unsendEvent, userSource } from '../fixtures/lineEvents';
import { HARNESS_ADMIN_KEY, HandoffHarness, type TestAgent } from '../support/handoffHarness';

const EN = DEFAULT_AUTOMATED_MESSAGES.en;

/** A LINE user id of the right shape, distinct per test. */
function lineUser(n: number): string {
  return `U${(0xed9e00 + n).toString(16).padStart(32, '0')}`;
}

describe('handoff edges through the real server and the fake LINE API', () => {
  let h: HandoffHarness;
  let mia: TestAgent;

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '30', HANDOFF_WRAP_UP_SECONDS: '120', HANDOFF_QUEUED_ACK_SECONDS: '300', HANDOFF_SURVEY_EXPIRY_MINUTES: '60' });
    await h.admin('POST', '/api/admin/queues', { id: 'en-support', name: 'Support', languages: ['en'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'english', name: 'English', order: 10, when: { languages: ['en'] }, queueId: 'en-support', requiredSkills: [] });
    mia = await h.createAgent('mia', { displayName: 'Mia', languages: ['en'], capacity: 2, queueIds: ['en-support'] });
  });
  after(async () => h.close());
  afterEach(async () => h.closeEverything([mia]));

  async function escalate(userId: string): Promise<void> {
    h.server.fake.api.setProfile(userId, { displayName: 'Sam', language: 'en' });
    await h.say(userId, 'cmd:agent');
  }

  async function stateOf(userId: string): Promise<string | undefined> {
    const conversations = (await h.admin('GET', '/api/supervisor/overview')).json.conversations as { conversationId: string; state: string }[];
    return conversations.find((conversation) => conversation.conversationId === `default:user:${userId}`)?.state;
  }

  async function serveAndEnd(userId: string): Promise<string> {
    await h.presence(mia, 'available');
    const id = await h.conversationIdFor(mia, userId);
    assert.equal((await h.call(mia.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await h.settle();
    assert.equal((await h.call(mia.token, 'POST', `/api/agent/conversations/${id}/close`)).status, 200);
    await h.settle();
    return id;
  }

  it('(8) the first handoff is acknowledged with "Request received", and no wait estimate is given while nobody is online', async () => {
    const userId = lineUser(1);
    await escalate(userId);
    assert.deepEqual(h.textsTo(userId), [renderTemplate(EN.requestReceived, { QueueName: 'Support' }), renderTemplate(EN.positionInQueue, { Position: 1 }), EN_TEXTS.noAgentOnline]);
    assert.ok(!h.textsTo(userId).includes(EN_TEXTS.handoffRecorded), "the bot's own text is not sent as well");
  });

  it('(8) the Greeting override is what a new follower is greeted with', async () => {
    const userId = lineUser(2);
    h.server.fake.api.setProfile(userId, { displayName: 'Noa', language: 'en' });
    await h.admin('PUT', '/api/admin/automated-messages/default/en', { greeting: 'Welcome to Example Shop! Ask us anything.' });
    try {
      await h.deliver(followEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId) }));
      assert.equal(h.textsTo(userId)[0], 'Welcome to Example Shop! Ask us anything.');
    } finally {
      await h.admin('PUT', '/api/admin/automated-messages/default/en', { greeting: EN.greeting });
    }
  });

  it('(6) while queued, "menu" shows the menu and keeps the place; other messages are acknowledged once per interval, with a Cancel button that withdraws', async () => {
    const userId = lineUser(3);
    await escalate(userId);
    await h.say(userId, 'menu');
    assert.equal(h.textsTo(userId).at(-1), EN_TEXTS.menuPrompt);
    assert.equal(await stateOf(userId), 'queued', 'the request keeps its place');

    await h.say(userId, 'Where is my parcel? Order 1234');
    const acknowledgement = h.deliveredTo(userId).at(-1);
    assert.equal(acknowledgement?.text, EN_TEXTS.queuedMessageSeen);
    const quickReply = (acknowledgement?.message as { quickReply?: { items: { action: { label?: string; data?: string; text?: string } }[] } }).quickReply;
    assert.deepEqual(quickReply?.items.map((item) => item.action.label), [EN_TEXTS.cancelRequestLabel]);

    const before = h.textsTo(userId).filter((text) => text === EN_TEXTS.queuedMessageSeen).length;
    await h.say(userId, 'It was due yesterday');
    assert.equal(h.textsTo(userId).filter((text) => text === EN_TEXTS.queuedMessageSeen).length, before, 'not acknowledged twice within the interval');
    h.clock.advance(301_000);
    await h.say(userId, 'Anyone there?');
    assert.equal(h.textsTo(userId).filter((text) => text === EN_TEXTS.queuedMessageSeen).length, before + 1, 'acknowledged again after the interval');

    await h.say(userId, 'cmd:cancel');
    assert.equal(h.textsTo(userId).at(-1), EN_TEXTS.handoffCancelled);
    assert.equal(await stateOf(userId), undefined, 'the request is withdrawn');
  });

  it('(5) after an agent ends, the rating offers Skip, a real question leaves the survey for the bot, and a survey expires', async () => {
    const userId = lineUser(4);
    await escalate(userId);
    await serveAndEnd(userId);
    const rating = h.deliveredTo(userId).at(-1);
    assert.equal(rating?.text, EN_TEXTS.ratingQuestion);
    const labels = (rating?.message as { quickReply?: { items: { action: { label?: string } }[] } }).quickReply?.items.map((item) => item.action.label);
    assert.equal(labels?.at(-1), EN_TEXTS.skipLabel);

    const before = h.textsTo(userId).length;
    await h.say(userId, 'where is my parcel?');
    const answers = h.textsTo(userId).slice(before);
    assert.ok(answers.length > 0, 'the bot answers the question');
    assert.ok(!answers.some((text) => text.includes('1 to 5') || text === EN_TEXTS.ratingQuestion), `not trapped by the survey: ${JSON.stringify(answers)}`);
    await h.say(userId, '5');
    assert.notEqual(h.textsTo(userId).at(-1), EN_TEXTS.commentQuestion, 'the survey is over');
    await h.closeEverything([mia]);

    // A second cycle: the survey is left unanswered past its expiry; a late "4" is not a rating.
    await h.say(userId, 'cmd:agent');
    await serveAndEnd(userId);
    assert.equal(h.textsTo(userId).at(-1), EN_TEXTS.ratingQuestion);
    h.clock.advance(61 * 60_000);
    await h.say(userId, '4');
    assert.notEqual(h.textsTo(userId).at(-1), EN_TEXTS.commentQuestion);
    const surveys = await h.server.app.surveys.listByConversation('line', `default:user:${userId}`);
    assert.deepEqual(surveys, [], 'no rating was recorded from the question or after expiry');
  });

  it('(7) an unsent message leaves no trace in the transcript, the relayed copies or the screens, only a marker', async () => {
    const userId = lineUser(5);
    h.server.fake.api.setProfile(userId, { displayName: 'Sam', language: 'en' });
    // Said to the bot before asking for a person: it becomes part of the handoff's summary.
    const early = textMessageEvent({ source: userSource(userId), message: { text: 'my card 4111 1111 1111 1111 was charged twice' }, replyToken: h.server.fake.api.issueReplyToken(userId) });
    await h.deliver(early);
    await h.say(userId, 'cmd:agent');
    await h.presence(mia, 'available');
    const id = await h.conversationIdFor(mia, userId);
    assert.equal((await h.call(mia.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    const live: unknown[] = [];
    const stop = h.server.app.handoffEvents.subscribe((event) => live.push(event));
    const secret = 'oops my card is 4111 1111 1111 1111';
    const message = textMessageEvent({ source: userSource(userId), message: { text: secret }, replyToken: h.server.fake.api.issueReplyToken(userId) });
    await h.deliver(message);
    const transcriptBefore = await h.call(mia.token, 'GET', `/api/agent/conversations/${id}/transcript`);
    assert.ok(transcriptBefore.text.includes(secret), 'the message reached the agent first');
    assert.match(String((await h.call(mia.token, 'GET', `/api/agent/conversations/${id}`)).json.summary), /4111/, 'the summary had the early one');

    await h.deliver(unsendEvent({ source: userSource(userId), unsend: { messageId: message.message.id } }));
    await h.deliver(unsendEvent({ source: userSource(userId), unsend: { messageId: early.message.id } }));
    stop();
    assert.doesNotMatch(String((await h.call(mia.token, 'GET', `/api/agent/conversations/${id}`)).json.summary), /4111/, 'the summary forgot it');

    // A photo of the card: the server's copy goes too.
    const photo = imageMessageEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId) });
    h.server.fake.api.putContent(photo.message.id, { contentType: 'image/jpeg', body: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(512, 7)]) });
    await h.deliver(photo);
    const photoPath = `/api/agent/conversations/${id}/attachments/${photo.message.id}`;
    assert.equal((await h.call(mia.token, 'GET', photoPath)).status, 200, 'kept for the agent first');
    await h.deliver(unsendEvent({ source: userSource(userId), unsend: { messageId: photo.message.id } }));
    assert.equal((await h.call(mia.token, 'GET', photoPath)).status, 404, 'the photo is gone');
    assert.ok(live.some((event) => (event as { type: string; messageId?: string }).type === 'messageUnsent' && (event as { messageId: string }).messageId === message.message.id), 'screens are told live');
    for (const [token, path] of [
      [mia.token, `/api/agent/conversations/${id}/transcript`],
      [HARNESS_ADMIN_KEY, `/api/transcripts/line/${encodeURIComponent(`default:user:${userId}`)}`],
    ] as const) {
      const answer = await h.call(token, 'GET', path);
      assert.equal(answer.status, 200, `${path}: ${answer.text}`);
      assert.ok(!answer.text.includes('4111'), `${path} keeps no trace`);
      const items = answer.json.items as { type: string; id?: string }[];
      assert.ok(items.some((item) => item.type === 'messageDelete' && item.id === message.message.id), `${path} shows the marker`);
    }
    const feed = await h.server.app.store.collection<{ _id: string; payload: string }>('changeFeed');
    const stored = await feed.find({});
    assert.ok(stored.length > 0, 'the change feed was written');
    assert.ok(!stored.some((entry) => entry.payload.includes('4111')), 'the relayed copy in the change feed is blanked');
  });

  it('(10) agents read the label of a tapped button, the payload stays in the data', async () => {
    const userId = lineUser(6);
    h.server.fake.api.setProfile(userId, { displayName: 'Kai', language: 'en' });
    await h.say(userId, 'menu');
    const tap = postbackEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId), postback: { data: 'cmd:agent' } as never });
    await h.deliver(tap);
    await h.presence(mia, 'available');
    const id = await h.conversationIdFor(mia, userId);
    const items = (await h.call(mia.token, 'GET', `/api/agent/conversations/${id}/transcript`)).json.items as { text?: string; value?: { payload?: string }; from?: { role?: string } }[];
    const tapped = items.filter((item) => item.from?.role === 'user' && item.value?.payload === 'cmd:agent');
    assert.equal(tapped.length, 1, JSON.stringify(items.map((item) => item.text)));
    assert.equal(tapped[0]?.text, EN_TEXTS.talkToPersonLabel);
    assert.ok(!items.some((item) => item.from?.role === 'user' && item.text === 'cmd:agent'), 'no raw payload is shown');

    // Live: a topic button tapped from the menu while queued reaches the agent's screen as its label.
    await h.say(userId, 'menu');
    const menuButton = (h.deliveredTo(userId).at(-1)?.message as { quickReply?: { items: { action: { label?: string; data?: string } }[] } }).quickReply?.items.find((item) => item.action.data?.startsWith('topic:'));
    assert.ok(menuButton?.action.data && menuButton.action.label, 'the menu offers a topic button');
    const live: { type: string; message?: { text?: string; payload?: string } }[] = [];
    const stop = h.server.app.handoffEvents.subscribe((event) => live.push(event as never));
    await h.deliver(postbackEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId), postback: { data: menuButton.action.data } as never }));
    stop();
    const relayed = live.find((event) => event.type === 'message');
    assert.equal(relayed?.message?.text, menuButton.action.label);
    assert.equal(relayed?.message?.payload, menuButton.action.data);
  });

  it('(9) out of hours: names the next opening in the customer\'s language and time zone, and a message left is queued for it', async () => {
    const userId = lineUser(7);
    const at = h.clock.now();
    const tomorrow = new Date(at.getTime() + 24 * 60 * 60_000);
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Taipei', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(tomorrow).map((part) => [part.type, part.value]));
    const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(String(parts.weekday));
    // 09:00 in Taipei (UTC+8, no daylight saving) is 01:00 UTC.
    const opening = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), 1, 0));
    await h.admin('POST', '/api/admin/queues', { id: 'tw-desk', name: '客服', languages: ['zh-TW'], priority: 5, distribution: 'push', hours: { timeZone: 'Asia/Taipei', weekly: [{ day, opens: '09:00', closes: '18:00' }], holidays: [] } });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'chinese', name: 'Chinese', order: 20, when: { languages: ['zh-TW'] }, queueId: 'tw-desk', requiredSkills: [] });
    const wei = await h.createAgent('wei', { displayName: 'Wei', languages: ['zh-TW'], capacity: 1, queueIds: ['tw-desk'] });
    try {
      h.server.fake.api.setProfile(userId, { displayName: '小明', language: 'zh-TW' });
      await h.say(userId, 'cmd:agent');
      const when = formatOpening('zh-TW', 'Asia/Taipei', opening);
      const offer = h.deliveredTo(userId).at(-1);
      assert.equal(offer?.text, ZH_TW_TEXTS.nextOpening(when));
      const labels = (offer?.message as { quickReply?: { items: { action: { label?: string } }[] } }).quickReply?.items.map((item) => item.action.label);
      assert.deepEqual(labels, [ZH_TW_TEXTS.leaveMessageLabel]);
      assert.equal(await stateOf(userId), undefined, 'nothing is queued before the customer chooses to leave a message');

      await h.deliver(postbackEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId), postback: { data: 'cmd:leave-message' } as never }));
      assert.equal(h.textsTo(userId).at(-1), ZH_TW_TEXTS.leaveMessageQueued(when));
      assert.equal(await stateOf(userId), 'queued', 'queued for the opening, not refused');
      await h.say(userId, '我的包裹還沒到，訂單 5521');

      // Closed: an available agent is not offered it yet.
      await h.presence(wei, 'available');
      await h.sweep();
      const id = await h.conversationIdFor(wei, userId);
      assert.equal((await h.call(wei.token, 'GET', `/api/agent/conversations/${id}`)).json.offeredAgentId, undefined);

      // The queue opens: the agent gets it and sees the message left.
      h.clock.advance(opening.getTime() - h.clock.now().getTime() + 60_000);
      await h.sweep();
      assert.equal((await h.call(wei.token, 'GET', `/api/agent/conversations/${id}`)).json.offeredAgentId, wei.id);
      assert.equal((await h.call(wei.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
      const transcript = await h.call(wei.token, 'GET', `/api/agent/conversations/${id}/transcript`);
      assert.ok(transcript.text.includes('我的包裹還沒到，訂單 5521'));
    } finally {
      await h.closeEverything([mia, wei]);
    }
  });

  it('(9) a message left out of hours can be withdrawn with "cancel", though the bot did not send that request itself', async () => {
    const userId = lineUser(8);
    const tomorrow = new Date(h.clock.now().getTime() + 24 * 60 * 60_000);
    const weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Bangkok', weekday: 'short' }).format(tomorrow);
    const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(weekday);
    await h.admin('POST', '/api/admin/queues', { id: 'th-desk', name: 'Thai desk', languages: ['th'], priority: 5, distribution: 'push', hours: { timeZone: 'Asia/Bangkok', weekly: [{ day, opens: '09:00', closes: '18:00' }], holidays: [] } });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'thai', name: 'Thai', order: 30, when: { languages: ['th'] }, queueId: 'th-desk', requiredSkills: [] });
    h.server.fake.api.setProfile(userId, { displayName: 'Somchai', language: 'th' });
    await h.say(userId, 'cmd:agent');
    assert.equal(await stateOf(userId), undefined, 'refused: the queue is closed');
    await h.deliver(postbackEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId), postback: { data: 'cmd:leave-message' } as never }));
    await h.settle();
    assert.equal(await stateOf(userId), 'queued');

    await h.say(userId, 'cmd:cancel');
    assert.equal(h.textsTo(userId).at(-1), TH_TEXTS.handoffCancelled);
    assert.equal(await stateOf(userId), undefined, 'the message left is withdrawn');
  });
});
