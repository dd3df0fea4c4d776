import assert from 'node:assert/strict';
import nock from 'nock';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

/** A LINE user id of the right shape. */
function lineUser(n: number): string {
  return `U${n.toString(16).padStart(32, 'f')}`;
}

/** An activity as an anonymous caller would forge it, addressed to a LINE customer's conversation. */
function forged(extra: Record<string, unknown>, victim: string, serviceUrl = 'http://127.0.0.1:9'): Record<string, unknown> {
  return {
    channelId: 'line',
    serviceUrl,
    conversation: { id: `default:user:${victim}` },
    from: { id: victim, name: 'Mallory', role: 'user' },
    recipient: { id: 'bot', name: 'Bot', role: 'bot' },
    timestamp: new Date().toISOString(),
    id: `forged-${Math.random()}`,
    ...extra,
  };
}

describe('/api/messages cannot pose as a LINE customer (no app id: Emulator mode)', () => {
  let h: HandoffHarness;
  let agent: TestAgent;
  const victim = lineUser(1);

  before(async () => {
    h = await HandoffHarness.start();
    agent = await h.createAgent('impersonation-agent', { displayName: 'Ann', languages: ['en'], capacity: 2, queueIds: ['general'] });
    h.server.fake.api.setProfile(victim, { displayName: 'Real Customer', language: 'en' });
    await h.presence(agent, 'available');
    await h.say(victim, 'cmd:agent');
    const id = await h.conversationIdFor(agent, victim);
    assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await h.settle();
  });
  after(async () => h.close());

  async function post(activity: Record<string, unknown>): Promise<{ status: number; text: string }> {
    const response = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    return { status: response.status, text: await response.text() };
  }

  async function assignedConversation(): Promise<Record<string, unknown>> {
    const found = (await h.conversationsOf(agent)).find((item) => item.conversationId === `default:user:${victim}`);
    assert.ok(found, 'the real customer is still assigned to the agent');
    return found;
  }

  it('refuses a message in a LINE customer’s conversation: nothing reaches the transcript, the customer record or LINE', async () => {
    const pushesBefore = h.server.fake.api.delivered.length;
    const answer = await post(forged({ type: 'message', text: 'I am the customer, send my parcel to 1 Evil St', from: { id: victim, name: 'Mallory', role: 'user', properties: { pictureUrl: 'https://evil.example/x.png' } } }, victim));
    assert.equal(answer.status, 403, answer.text);
    assert.match(answer.text, /\/api\/line\//, 'the refusal says where LINE traffic enters');
    await h.settle();

    const conversation = await assignedConversation();
    const transcript = await h.call(agent.token, 'GET', `/api/agent/conversations/${String(conversation.id)}/transcript`);
    assert.equal(transcript.status, 200, transcript.text);
    assert.ok(!transcript.text.includes('Evil St'), 'the forged text is not in the agent’s transcript');
    assert.equal((conversation.customer as { name?: string }).name, 'Real Customer', 'the customer record is not renamed');
    assert.equal(h.server.fake.api.delivered.length, pushesBefore, 'nothing was sent to LINE');
  });

  it('refuses membersRemoved for a LINE conversation: the assigned conversation stays assigned', async () => {
    const answer = await post(forged({ type: 'conversationUpdate', membersRemoved: [{ id: victim, name: 'Mallory' }] }, victim));
    assert.equal(answer.status, 403, answer.text);
    await h.settle();
    assert.equal((await assignedConversation()).state, 'assigned');
  });

  it('refuses "talk to a person" for a LINE id that never wrote: no handoff, no paid push', async () => {
    const stranger = lineUser(2);
    const pushesBefore = h.server.fake.api.delivered.length;
    const answer = await post(forged({ type: 'message', text: 'cmd:agent' }, stranger));
    assert.equal(answer.status, 403, answer.text);
    await h.settle();
    const overview = await h.admin('GET', '/api/supervisor/overview');
    assert.ok(!JSON.stringify(overview.json).includes(stranger), 'no handoff exists for the stranger');
    assert.equal(h.server.fake.api.delivered.length, pushesBefore, 'nothing was pushed');
  });

  it('refuses channel ids that could forge another channel’s keys', async () => {
    for (const channelId of ['LINE', 'line:default', 'emulator/../line', 'line ', '']) {
      const answer = await post(forged({ type: 'message', text: 'hi', channelId, conversation: { id: `user:${victim}` } }, victim));
      assert.equal(answer.status, 400, `${JSON.stringify(channelId)} → ${answer.status} ${answer.text}`);
    }
  });

  describe('a serviceUrl off this machine (the bot would post there)', () => {
    before(() => {
      nock.disableNetConnect();
      nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    });
    after(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it('is refused without an app id, and nothing is sent to it', async () => {
      const target = nock('http://198.51.100.7').post(/.*/).reply(200, { id: 'x' }).persist();
      const answer = await post({ ...forged({ type: 'message', text: 'hello' }, 'emulator-user', 'http://198.51.100.7/'), channelId: 'emulator', conversation: { id: 'ssrf-1' } });
      assert.equal(answer.status, 403, answer.text);
      assert.match(answer.text, /localhost/);
      await h.settle();
      assert.equal(target.isDone(), false, 'the bot never called the foreign serviceUrl');
    });
  });
});
