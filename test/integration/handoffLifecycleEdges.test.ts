import assert from 'node:assert/strict';
import { DEFAULT_AUTOMATED_MESSAGES, renderTemplate } from '../../dialogs/texts/automatedMessages';
import { JA_TEXTS } from '../../dialogs/texts/ja';
import { followEvent, unfollowEvent, userSource } from '../fixtures/lineEvents';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

const JA = DEFAULT_AUTOMATED_MESSAGES.ja;

/** A LINE user id of the right shape, distinct per test. */
function lineUser(n: number): string {
  return `U${(0xed9e00 + n).toString(16).padStart(32, '0')}`;
}

type OverviewConversation = { id: string; conversationId: string; state: string; agentId?: string; closeReason?: string };

describe('handoff lifecycle edges through the webhook and the agent API', () => {
  let h: HandoffHarness;
  let aiko: TestAgent;
  let ben: TestAgent;
  let carl: TestAgent;

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '30', HANDOFF_WRAP_UP_SECONDS: '120', HANDOFF_INACTIVITY_CLOSE_MINUTES: '60' });
    await h.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'サポート', languages: ['ja', 'en'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
    aiko = await h.createAgent('aiko', { displayName: 'Aiko', languages: ['ja', 'en'], capacity: 2, queueIds: ['ja-support'] });
    ben = await h.createAgent('ben', { displayName: 'Ben', languages: ['ja'], capacity: 1, queueIds: ['ja-support'] });
    carl = await h.createAgent('carl', { displayName: 'Carl', languages: ['en'], capacity: 2, queueIds: ['ja-support'] });
  });
  after(async () => h.close());

  afterEach(async () => {
    await h.closeEverything([aiko, ben, carl]);
    const agents = (await h.admin('GET', '/api/supervisor/overview')).json.agents as { displayName: string; load: number }[];
    assert.deepEqual(agents.filter((agent) => agent.load !== 0), [], 'no capacity left held');
  });

  async function escalate(userId: string, name: string): Promise<void> {
    h.server.fake.api.setProfile(userId, { displayName: name, language: 'ja' });
    await h.say(userId, 'cmd:agent');
  }

  async function openOf(userId: string): Promise<OverviewConversation | undefined> {
    const conversations = (await h.admin('GET', '/api/supervisor/overview')).json.conversations as OverviewConversation[];
    return conversations.find((conversation) => conversation.conversationId === `default:user:${userId}`);
  }

  /** Escalates and has `agent` (the only one available) accept; returns the handoff id. */
  async function assignTo(userId: string, name: string, agent: TestAgent): Promise<string> {
    await escalate(userId, name);
    await h.presence(agent, 'available');
    const id = await h.conversationIdFor(agent, userId);
    const accepted = await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/accept`);
    assert.equal(accepted.status, 200, accepted.text);
    await h.settle();
    return id;
  }

  it('(1) queues a customer again who blocked the account while queued, unblocked and asked for a person again', async () => {
    const userId = lineUser(1);
    await escalate(userId, 'Hana');
    assert.equal((await openOf(userId))?.state, 'queued');

    await h.deliver(unfollowEvent({ source: userSource(userId) }));
    assert.equal(await openOf(userId), undefined, 'blocking closes the request');
    await h.deliver(followEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId) }));

    const before = h.textsTo(userId).length;
    await h.say(userId, 'cmd:agent');
    const replies = h.textsTo(userId).slice(before);
    // A new request is acknowledged with the "request received" automated message, not the bot's "already recorded".
    assert.equal(replies[0], renderTemplate(JA.requestReceived, { QueueName: 'サポート' }), `a new request, not "already recorded": ${JSON.stringify(replies)}`);
    assert.ok(!replies.includes(JA_TEXTS.handoffAlreadyRecorded));
    assert.equal((await openOf(userId))?.state, 'queued', 'somebody will see it');
  });

  it('(1) queues a customer again whose bot never heard the handoff end (the bot trusts the handoff, not its memory)', async () => {
    const userId = lineUser(2);
    const id = await assignTo(userId, 'Riku', aiko);
    // The end is recorded, but LINE is down for every push: neither the notice nor the bot's hand-back arrive.
    h.server.fake.api.failNext(50, 'network', '/v2/bot/message/push');
    const ended = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/close`);
    assert.equal(ended.status, 200, ended.text);
    await h.settle();
    h.server.fake.api.reset();
    h.server.fake.api.setProfile(userId, { displayName: 'Riku', language: 'ja' });

    const before = h.textsTo(userId).length;
    await h.say(userId, 'cmd:agent');
    const replies = h.textsTo(userId).slice(before);
    assert.equal(replies[0], renderTemplate(JA.requestReceived, { QueueName: 'サポート' }), `asked again, received again: ${JSON.stringify(replies)}`);
    assert.ok(!replies.includes(JA_TEXTS.handoffAlreadyRecorded));
    assert.equal((await openOf(userId))?.state, 'queued');
  });

  it('(2) announces the new agent on LINE after a transfer to a named agent and after a supervisor re-assignment', async () => {
    const userId = lineUser(3);
    const id = await assignTo(userId, 'Sora', aiko);
    assert.equal(h.textsTo(userId).at(-1), renderTemplate(JA.agentAssigned, { AgentName: 'Aiko' }));

    await h.presence(ben, 'available');
    const transferred = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/transfer`, { agentId: ben.id });
    assert.equal(transferred.status, 200, transferred.text);
    assert.equal((await h.call(ben.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await h.settle();
    assert.equal(h.textsTo(userId).at(-1), renderTemplate(JA.agentAssigned, { AgentName: 'Ben' }), 'the new agent is announced');

    const reassigned = await h.admin('POST', `/api/supervisor/conversations/${id}/transfer`, { agentId: aiko.id });
    assert.equal(reassigned.json.agentId, aiko.id);
    await h.settle();
    const texts = h.textsTo(userId);
    assert.equal(texts.at(-1), renderTemplate(JA.agentAssigned, { AgentName: 'Aiko' }), 'the supervisor’s choice is announced');
    assert.equal(texts.filter((text) => text === renderTemplate(JA.agentAssigned, { AgentName: 'Aiko' })).length, 2, 'once per assignment');

    const pushKeys = h.server.fake.api.delivered.filter((batch) => batch.chatId === userId && batch.via === 'push').map((batch) => batch.retryKey);
    assert.equal(new Set(pushKeys).size, pushKeys.length, 'each notice has its own retry key');
  });

  it('(4) refuses a transfer to a named agent who does not serve the customer’s language, as for a queue', async () => {
    const userId = lineUser(4);
    const id = await assignTo(userId, 'Mei', aiko);
    await h.presence(carl, 'available');
    const byAgent = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/transfer`, { agentId: carl.id });
    assert.equal(byAgent.status, 409, byAgent.text);
    assert.equal(byAgent.json.code, 'language_not_served');
    assert.match(String(byAgent.json.message), /Carl does not serve the customer's language \(ja\)/);
    const bySupervisor = await h.call('handoff-admin-key-0123456789', 'POST', `/api/supervisor/conversations/${id}/transfer`, { agentId: carl.id });
    assert.equal(bySupervisor.status, 409, bySupervisor.text);
    assert.equal(bySupervisor.json.code, 'language_not_served');
    const still = await h.call(aiko.token, 'GET', `/api/agent/conversations/${id}`);
    assert.equal(still.json.agentId, aiko.id, 'the conversation stays with its agent');
  });
});

describe('handoff conversations of a LINE account that is disabled', () => {
  let h: HandoffHarness;
  let aiko: TestAgent;

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '30' });
    aiko = await h.createAgent('aiko', { displayName: 'Aiko', languages: ['ja', 'en'], capacity: 1, queueIds: ['general'] });
  });
  after(async () => h.close());

  it('(3) closes them with the reason recorded: nobody is left queued, and the agent gets a clear status instead of delivery failures', async () => {
    const served = lineUser(10);
    const waiting = lineUser(11);
    h.server.fake.api.setProfile(served, { displayName: 'Yui', language: 'ja' });
    h.server.fake.api.setProfile(waiting, { displayName: 'Ren', language: 'ja' });
    await h.say(served, 'cmd:agent');
    await h.presence(aiko, 'available');
    const id = await h.conversationIdFor(aiko, served);
    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await h.say(waiting, 'cmd:agent');
    const before = (await h.admin('GET', '/api/supervisor/overview')).json.conversations as OverviewConversation[];
    assert.deepEqual(before.map((conversation) => conversation.state).sort(), ['assigned', 'queued']);

    await h.admin('PATCH', '/api/admin/channels/line/default', { enabled: false });
    await h.settle();
    const overview = (await h.admin('GET', '/api/supervisor/overview')).json;
    assert.deepEqual(overview.conversations, [], 'nothing stays queued or assigned');
    assert.deepEqual((overview.agents as { load: number }[]).map((agent) => agent.load), [0], 'the agent’s capacity is free');
    const record = await h.call(aiko.token, 'GET', `/api/agent/conversations/${id}`);
    assert.equal(record.json.state, 'closed');
    assert.equal(record.json.closeReason, 'accountRemoved');
    const sent = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/messages`, { text: 'もしもし' });
    assert.equal(sent.status, 410, sent.text);
    assert.equal(sent.json.code, 'channel_gone');
    assert.match(String(sent.json.message), /deleted or disabled/);
  });
});
