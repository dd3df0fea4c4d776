import assert from 'node:assert/strict';
import { handoffIdOf } from '../../src/handoff/handoffConversation';
import { HARNESS_ADMIN_KEY, HandoffHarness, type TestAgent } from '../support/handoffHarness';
import { openHandoffEventStream, type HandoffEventStreamReader } from '../support/handoffEventStreamReader';

/** A LINE user id of the right shape, distinct per customer. */
function lineUser(n: number): string {
  return `U${(0xa000 + n).toString(16).padStart(32, '0')}`;
}

function handoffIdOfLineUser(userId: string): string {
  return handoffIdOf('line', `default:user:${userId}`);
}

interface Endpoint {
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

function label(endpoint: Endpoint): string {
  return `${endpoint.method} ${endpoint.path}`;
}

/** Every agent endpoint on one conversation, with bodies that would be accepted if the caller were allowed. */
function conversationEndpoints(id: string): Endpoint[] {
  const base = `/api/agent/conversations/${id}`;
  return [
    { method: 'GET', path: base },
    { method: 'POST', path: `${base}/accept` },
    { method: 'POST', path: `${base}/decline` },
    { method: 'POST', path: `${base}/close` },
    { method: 'POST', path: `${base}/wait` },
    { method: 'POST', path: `${base}/transfer`, body: { queueId: 'q-b', note: 'not mine to move' } },
    { method: 'POST', path: `${base}/read` },
    { method: 'POST', path: `${base}/messages`, body: { text: 'written by someone not serving you', clientMessageId: `intruder-${id}` } },
    { method: 'GET', path: `${base}/transcript` },
    { method: 'POST', path: `${base}/contact`, body: { create: { email: 'intruder@example.com' } } },
    { method: 'GET', path: `${base}/attachments/100000000001` },
  ];
}

function agentEndpoints(id: string): Endpoint[] {
  return [
    { method: 'GET', path: '/api/agent/presence' },
    { method: 'PUT', path: '/api/agent/presence', body: { presence: 'available' } },
    { method: 'GET', path: '/api/agent/conversations' },
    ...conversationEndpoints(id),
    { method: 'GET', path: '/api/agent/contacts?q=a' },
    { method: 'GET', path: '/api/agent/contacts/some-contact' },
    { method: 'GET', path: '/api/agent/directory' },
  ];
}

function supervisorEndpoints(id: string, agentId: string): Endpoint[] {
  return [
    { method: 'GET', path: '/api/supervisor/overview' },
    { method: 'POST', path: `/api/supervisor/conversations/${id}/assign`, body: { agentId } },
    { method: 'POST', path: `/api/supervisor/conversations/${id}/transfer`, body: { queueId: 'q-a' } },
    { method: 'POST', path: `/api/supervisor/conversations/${id}/close` },
    { method: 'PUT', path: `/api/supervisor/agents/${agentId}/presence`, body: { presence: 'offline' } },
  ];
}

/** An open `GET /api/handoff/events` read in the background, so several agents' streams can be watched at once. */
type EventStream = HandoffEventStreamReader;

describe('handoff authorization: agent API, supervisor API and event stream', () => {
  let h: HandoffHarness;
  /** Serves q-a; the conversation `assignedId` is hers. */
  let amy: TestAgent;
  /** Serves q-b, where `queuedId` waits. */
  let bob: TestAgent;
  /** Serves q-a like Amy, and stays out of offers (never available). */
  let cal: TestAgent;
  /** Role agent, no agent profile. */
  let nop: TestAgent;
  let sue: TestAgent;
  let ada: TestAgent;
  const assignedUser = lineUser(1);
  const queuedUser = lineUser(2);
  let assignedId = '';
  let queuedId = '';

  async function escalate(userId: string, name: string): Promise<void> {
    h.server.fake.api.setProfile(userId, { displayName: name, language: 'ja' });
    await h.say(userId, 'cmd:agent');
  }

  function openStream(token: string): Promise<EventStream> {
    return openHandoffEventStream(h.url, token);
  }

  /**
   * Streams write events in the order they were published, so once an event published after `earlier` reached the
   * agent's stream, `earlier` would have reached it too had it been visible to them. The agent's own presence change
   * is such a later event.
   */
  async function caughtUp(agent: TestAgent, stream: EventStream): Promise<void> {
    const presenceEvents = (): number => stream.text().split('event: presence\n').length - 1;
    const before = presenceEvents();
    const presence = before % 2 === 0 ? 'busy' : 'away';
    const answer = await h.call(agent.token, 'PUT', '/api/agent/presence', { presence });
    assert.equal(answer.status, 200, answer.text);
    await stream.waitFor(() => presenceEvents() > before, `${agent.username}'s own presence event`);
  }

  /** The status of `GET /api/handoff/events`, without waiting for the (endless) body. */
  async function eventStreamStatus(headers: Record<string, string>, query = ''): Promise<number> {
    const controller = new AbortController();
    const response = await fetch(`${h.url}/api/handoff/events${query}`, { headers, signal: controller.signal });
    controller.abort();
    return response.status;
  }

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '120', HANDOFF_INACTIVITY_CLOSE_MINUTES: '600' });
    await h.admin('POST', '/api/admin/queues', { id: 'q-a', name: 'Queue A', languages: ['ja'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/queues', { id: 'q-b', name: 'Queue B', languages: ['ja'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'q-a', requiredSkills: [] });
    amy = await h.createAgent('amy', { displayName: 'Amy', languages: ['ja'], capacity: 2, queueIds: ['q-a'] });
    bob = await h.createAgent('bob', { displayName: 'Bob', languages: ['ja'], capacity: 2, queueIds: ['q-b'] });
    cal = await h.createAgent('cal', { displayName: 'Cal', languages: ['ja'], capacity: 2, queueIds: ['q-a'] });
    nop = await h.createAgent('nop', undefined, ['agent']);
    sue = await h.createAgent('sue', undefined, ['supervisor']);
    ada = await h.createAgent('ada', undefined, ['admin']);

    // Nobody is available yet: the first customer waits in q-a, and a supervisor moves them to Bob's queue.
    await escalate(queuedUser, 'Queued');
    queuedId = handoffIdOfLineUser(queuedUser);
    const moved = await h.call(sue.token, 'POST', `/api/supervisor/conversations/${queuedId}/transfer`, { queueId: 'q-b' });
    assert.equal(moved.status, 200, moved.text);

    await h.presence(amy, 'available');
    await escalate(assignedUser, 'Assigned');
    assignedId = handoffIdOfLineUser(assignedUser);
    const accepted = await h.call(amy.token, 'POST', `/api/agent/conversations/${assignedId}/accept`);
    assert.equal(accepted.status, 200, accepted.text);
    await h.settle();
  });
  after(async () => h.close());

  /** What the refused calls must have left as it was. */
  async function assertFixturesUnchanged(): Promise<void> {
    const assigned = await h.server.app.handoff.require(assignedId);
    assert.equal(assigned.state, 'assigned');
    assert.equal(assigned.agentId, amy.id);
    assert.equal(assigned.queueId, 'q-a');
    const queued = await h.server.app.handoff.require(queuedId);
    assert.equal(queued.state, 'queued');
    assert.equal(queued.queueId, 'q-b');
    assert.equal(queued.offeredAgentId, undefined);
    assert.deepEqual(queued.notes, []);
    for (const userId of [assignedUser, queuedUser]) {
      assert.ok(!h.textsTo(userId).includes('written by someone not serving you'), `nothing written to ${userId}`);
    }
    assert.equal((await h.server.app.customers.get(`line:${assignedUser}`))?.contactId, undefined);
    assert.equal((await h.server.app.customers.get(`line:${queuedUser}`))?.contactId, undefined);
  }

  describe('who may call at all', () => {
    it('answers 401 without a token, or with an unknown one, on every agent and supervisor endpoint', async () => {
      for (const endpoint of [...agentEndpoints(assignedId), ...supervisorEndpoints(queuedId, amy.id)]) {
        for (const token of [null, 'not-a-session-token']) {
          const answer = await h.call(token, endpoint.method, endpoint.path, endpoint.body);
          assert.equal(answer.status, 401, `${label(endpoint)} with ${token ?? 'no token'}: ${answer.text}`);
        }
      }
      await assertFixturesUnchanged();
    });

    it('answers 401 on the event stream without a token, with an unknown one, and with the token in the URL', async () => {
      assert.equal(await eventStreamStatus({}), 401);
      assert.equal(await eventStreamStatus({ authorization: 'Bearer not-a-session-token' }), 401);
      for (const parameter of ['access_token', 'token', 'authorization']) {
        assert.equal(await eventStreamStatus({}, `?${parameter}=${encodeURIComponent(amy.token)}`), 401, `token in ?${parameter}=`);
      }
      assert.equal(await eventStreamStatus({ authorization: `Bearer ${amy.token}` }), 200, 'the same token in the header is accepted');
    });

    it('refuses ADMIN_API_KEY on every agent endpoint with 403: the agent API acts for a logged-in user', async () => {
      for (const endpoint of agentEndpoints(assignedId)) {
        const answer = await h.call(HARNESS_ADMIN_KEY, endpoint.method, endpoint.path, endpoint.body);
        assert.equal(answer.status, 403, `${label(endpoint)}: ${answer.text}`);
        assert.match(String(answer.json.message), /logged-in user/, label(endpoint));
      }
      await assertFixturesUnchanged();
    });

    it('refuses users with only the agent role on every supervisor endpoint with 403', async () => {
      for (const agent of [amy, nop]) {
        for (const endpoint of supervisorEndpoints(queuedId, agent.id)) {
          const answer = await h.call(agent.token, endpoint.method, endpoint.path, endpoint.body);
          assert.equal(answer.status, 403, `${agent.username}: ${label(endpoint)}: ${answer.text}`);
        }
      }
      assert.equal((await h.call(amy.token, 'GET', '/api/agent/presence')).json.presence, 'available', 'the supervisor presence call changed nothing');
      await assertFixturesUnchanged();
    });

    it('lets supervisors, admins and ADMIN_API_KEY through the supervisor endpoints', async () => {
      for (const [who, token] of [['supervisor', sue.token], ['admin', ada.token], ['ADMIN_API_KEY', HARNESS_ADMIN_KEY]] as const) {
        const overview = await h.call(token, 'GET', '/api/supervisor/overview');
        assert.equal(overview.status, 200, `${who}: ${overview.text}`);
        const ids = (overview.json.conversations as { id: string }[]).map((conversation) => conversation.id);
        assert.ok(ids.includes(assignedId) && ids.includes(queuedId), `${who} sees every open conversation`);
        // Past authorization, an unknown conversation or agent is what refuses these; nothing changes.
        for (const endpoint of supervisorEndpoints('000000000000000000000000', nop.id).slice(1)) {
          const answer = await h.call(token, endpoint.method, endpoint.path, endpoint.body);
          assert.equal(answer.status, 404, `${who}: ${label(endpoint)}: ${answer.text}`);
        }
      }
      await assertFixturesUnchanged();
    });

    it('answers 404 naming the missing agent profile to a logged-in user without one', async () => {
      for (const user of [nop, sue]) {
        for (const endpoint of [{ method: 'GET', path: '/api/agent/presence' }, { method: 'PUT', path: '/api/agent/presence', body: { presence: 'available' } }, { method: 'GET', path: '/api/agent/conversations' }] satisfies Endpoint[]) {
          const answer = await h.call(user.token, endpoint.method, endpoint.path, endpoint.body);
          assert.equal(answer.status, 404, `${user.username}: ${label(endpoint)}: ${answer.text}`);
          assert.match(String(answer.json.message), /agent profile/, `${user.username}: ${label(endpoint)}`);
        }
        assert.equal(await h.server.app.assignments.agent(user.id), undefined, `${user.username} got no capacity record`);
      }
    });
  });

  describe('which conversations an agent may see and act on', () => {
    it('hides a conversation assigned to another agent, whether or not it is in a queue the caller serves', async () => {
      for (const agent of [cal, bob]) {
        for (const endpoint of conversationEndpoints(assignedId)) {
          const answer = await h.call(agent.token, endpoint.method, endpoint.path, endpoint.body);
          assert.equal(answer.status, 404, `${agent.username}: ${label(endpoint)}: ${answer.text}`);
        }
        const listed = (await h.conversationsOf(agent)).map((conversation) => conversation.id);
        assert.ok(!listed.includes(assignedId), `${agent.username}'s list`);
      }
      await assertFixturesUnchanged();
    });

    it('hides a conversation waiting in a queue the caller does not serve', async () => {
      for (const agent of [amy, cal]) {
        for (const endpoint of conversationEndpoints(queuedId)) {
          const answer = await h.call(agent.token, endpoint.method, endpoint.path, endpoint.body);
          assert.equal(answer.status, 404, `${agent.username}: ${label(endpoint)}: ${answer.text}`);
        }
        const listed = (await h.conversationsOf(agent)).map((conversation) => conversation.id);
        assert.ok(!listed.includes(queuedId), `${agent.username}'s list`);
      }
      await assertFixturesUnchanged();
    });

    it('shows a conversation waiting in a queue the caller serves, but refuses to let them write to it or end it', async () => {
      const seen = await h.call(bob.token, 'GET', `/api/agent/conversations/${queuedId}`);
      assert.equal(seen.status, 200, seen.text);
      assert.equal(seen.json.id, queuedId);
      assert.equal(seen.json.state, 'queued');
      assert.ok((await h.conversationsOf(bob)).some((conversation) => conversation.id === queuedId), 'listed for Bob');

      const written = await h.call(bob.token, 'POST', `/api/agent/conversations/${queuedId}/messages`, { text: 'written by someone not serving you' });
      assert.equal(written.status, 409, written.text);
      for (const action of ['close', 'wait']) {
        const answer = await h.call(bob.token, 'POST', `/api/agent/conversations/${queuedId}/${action}`);
        assert.equal(answer.status, 403, `${action}: ${answer.text}`);
      }
      const moved = await h.call(bob.token, 'POST', `/api/agent/conversations/${queuedId}/transfer`, { queueId: 'q-a' });
      assert.equal(moved.status, 403, moved.text);
      const linked = await h.call(bob.token, 'POST', `/api/agent/conversations/${queuedId}/contact`, { create: { email: 'not-yet@example.com' } });
      assert.equal(linked.status, 403, `only the serving agent links a contact: ${linked.text}`);
      await assertFixturesUnchanged();
    });

    it('keeps the contact directory to agents with a profile, and refuses a taken external id with 409', async () => {
      const search = await h.call(nop.token, 'GET', '/api/agent/contacts?q=a');
      assert.equal(search.status, 404, search.text);
      const first = await h.server.app.customers.createContact({ name: 'Existing', externalId: 'crm-taken' });
      try {
        const clash = await h.call(amy.token, 'POST', `/api/agent/conversations/${assignedId}/contact`, { create: { externalId: 'crm-taken' } });
        assert.equal(clash.status, 409, clash.text);
      } finally {
        await h.server.app.customers.deleteContact(first.id);
      }
      assert.equal((await h.server.app.customers.get(`line:${assignedUser}`))?.contactId, undefined);
    });

    it('lets the serving agent see and read their own conversation', async () => {
      assert.equal((await h.call(amy.token, 'GET', `/api/agent/conversations/${assignedId}`)).status, 200);
      assert.equal((await h.call(amy.token, 'GET', `/api/agent/conversations/${assignedId}/transcript`)).status, 200);
      assert.ok((await h.conversationsOf(amy)).some((conversation) => conversation.id === assignedId));
    });
  });

  describe('which contacts an agent may read', () => {
    /** A customer who only ever spoke with the bot: no agent may see them. */
    const strangerUser = lineUser(10);
    const strangerCustomerId = `line:${strangerUser}`;
    let strangerContactId = '';
    /** Role agent and the contact directory (`contacts`), with a profile but no conversation. */
    let dan: TestAgent;
    /** Role supervisor with an agent profile: supervisors keep every contact. */
    let eve: TestAgent;

    before(async () => {
      h.server.fake.api.setProfile(strangerUser, { displayName: 'Stranger', language: 'ja' });
      await h.say(strangerUser, 'hello');
      const contact = await h.server.app.customers.createContact({ name: 'Sato Stranger', email: 'sato@example.com', phone: '+81 90 1234 5678', notes: 'private notes about Sato' });
      strangerContactId = contact.id;
      await h.server.app.customers.linkContact(strangerCustomerId, strangerContactId);
      dan = await h.createAgent('dan', { displayName: 'Dan', languages: ['ja'], capacity: 1, queueIds: ['q-b'] }, ['agent', 'contacts']);
      eve = await h.createAgent('eve', { displayName: 'Eve', languages: ['ja'], capacity: 1, queueIds: [] }, ['supervisor']);
    });

    async function searchIds(agent: TestAgent, query: string): Promise<string[]> {
      const answer = await h.call(agent.token, 'GET', `/api/agent/contacts?q=${encodeURIComponent(query)}`);
      assert.equal(answer.status, 200, `${agent.username}: ${answer.text}`);
      return (answer.json.items as { id: string }[]).map((item) => item.id);
    }

    async function historyOf(agent: TestAgent, id: string): Promise<string[]> {
      const answer = await h.call(agent.token, 'GET', `/api/agent/conversations/${id}/history`);
      assert.equal(answer.status, 200, `${agent.username}: ${answer.text}`);
      return (answer.json.items as { conversationId: string }[]).map((item) => item.conversationId);
    }

    it('hides a contact unrelated to the agent’s customers from search and from reading by id', async () => {
      for (const agent of [amy, bob, cal]) {
        for (const query of ['sato', 'sato@example.com', '090', '']) {
          assert.ok(!(await searchIds(agent, query)).includes(strangerContactId), `${agent.username} searching '${query}'`);
        }
        const read = await h.call(agent.token, 'GET', `/api/agent/contacts/${strangerContactId}`);
        assert.equal(read.status, 404, `${agent.username}: ${read.text}`);
        assert.ok(!read.text.includes('private notes'), agent.username);
      }
    });

    it('refuses to link the agent’s customer to a contact they may not read', async () => {
      const linked = await h.call(amy.token, 'POST', `/api/agent/conversations/${assignedId}/contact`, { contactId: strangerContactId });
      assert.equal(linked.status, 404, linked.text);
      assert.ok(!linked.text.includes('Sato'), linked.text);
      await assertFixturesUnchanged();
    });

    it('never lists a stranger’s conversations in the history of a customer linked to the stranger’s contact', async () => {
      await h.server.app.customers.linkContact(`line:${assignedUser}`, strangerContactId);
      try {
        assert.deepEqual(await historyOf(amy, assignedId), [`default:user:${assignedUser}`]);
        // Linked now to her customer, the contact itself is hers to read; the stranger's conversations stay hidden.
        assert.equal((await h.call(amy.token, 'GET', `/api/agent/contacts/${strangerContactId}`)).status, 200);
      } finally {
        await h.server.app.customers.unlinkContact(`line:${assignedUser}`);
      }
      await assertFixturesUnchanged();
    });

    it('shows the contact of a customer waiting in the agent’s queue, and not to an agent of another queue', async () => {
      const contact = await h.server.app.customers.createContact({ name: 'Queued Kato', email: 'kato@example.com' });
      await h.server.app.customers.linkContact(`line:${queuedUser}`, contact.id);
      try {
        assert.deepEqual(await searchIds(bob, 'kato'), [contact.id], 'Bob may take the conversation');
        assert.equal((await h.call(bob.token, 'GET', `/api/agent/contacts/${contact.id}`)).status, 200);
        for (const agent of [amy, cal]) {
          assert.deepEqual(await searchIds(agent, 'kato'), [], agent.username);
          assert.equal((await h.call(agent.token, 'GET', `/api/agent/contacts/${contact.id}`)).status, 404, agent.username);
        }
      } finally {
        await h.server.app.customers.deleteContact(contact.id);
      }
      await assertFixturesUnchanged();
    });

    it('lets an agent with the contacts role, and a supervisor, search and read every contact', async () => {
      for (const agent of [dan, eve]) {
        assert.deepEqual(await searchIds(agent, 'sato'), [strangerContactId], agent.username);
        const read = await h.call(agent.token, 'GET', `/api/agent/contacts/${strangerContactId}`);
        assert.equal(read.status, 200, `${agent.username}: ${read.text}`);
        assert.equal(read.json.notes, 'private notes about Sato');
      }
    });

    it('lets an agent granted the contacts role link to any contact and see the whole history of its customers', async () => {
      await h.admin('PATCH', `/api/admin/users/${amy.id}`, { roles: ['agent', 'contacts'] });
      try {
        assert.deepEqual(await searchIds(amy, 'sato'), [strangerContactId]);
        const linked = await h.call(amy.token, 'POST', `/api/agent/conversations/${assignedId}/contact`, { contactId: strangerContactId });
        assert.equal(linked.status, 200, linked.text);
        assert.deepEqual((await historyOf(amy, assignedId)).sort(), [`default:user:${assignedUser}`, `default:user:${strangerUser}`].sort());
      } finally {
        await h.admin('PATCH', `/api/admin/users/${amy.id}`, { roles: ['agent'] });
        await h.server.app.customers.unlinkContact(`line:${assignedUser}`);
      }
      assert.ok(!(await searchIds(amy, 'sato')).includes(strangerContactId), 'the grant ends with the role');
      await assertFixturesUnchanged();
    });
  });

  describe('the event stream', () => {
    it('sends an agent offer and message events of their own conversations only', async () => {
      const amyStream = await openStream(amy.token);
      const bobStream = await openStream(bob.token);
      const calStream = await openStream(cal.token);
      try {
        const userId = lineUser(3);
        await escalate(userId, 'Streamed');
        const id = handoffIdOfLineUser(userId);
        await amyStream.waitFor(new RegExp(`event: offer\\ndata: \\{"type":"offer","conversationId":"${id}"`), 'the offer to Amy');
        await caughtUp(bob, bobStream);
        await caughtUp(cal, calStream);
        assert.doesNotMatch(bobStream.text(), /event: offer\n/, 'Bob was offered nothing');
        assert.ok(!bobStream.text().includes(id), 'Bob hears nothing of a conversation in a queue he does not serve');
        assert.doesNotMatch(calStream.text(), /event: offer\n/, 'Cal serves the queue but was offered nothing');

        assert.equal((await h.call(amy.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
        const secret = 'ストリームの秘密のメッセージ';
        await h.say(userId, secret);
        await amyStream.waitFor(new RegExp(`event: message\\ndata: .*${secret}`), 'the customer’s message to Amy');
        await caughtUp(bob, bobStream);
        await caughtUp(cal, calStream);
        for (const [name, stream] of [['Bob', bobStream], ['Cal', calStream]] as const) {
          assert.doesNotMatch(stream.text(), /event: message\n/, `${name} got no message event`);
          assert.ok(!stream.text().includes(secret), `${name} never saw the customer’s text`);
        }
        // Cal serves the queue: he learns the conversation left it, not who took it.
        assert.match(calStream.text(), new RegExp(`event: conversation\\ndata: \\{"type":"conversation","conversationId":"${id}","state":"assigned"`));
        assert.ok(!calStream.text().includes(amy.id), 'Cal never learns whose it is');
      } finally {
        for (const stream of [amyStream, bobStream, calStream]) stream.close();
      }
    });

    it('sends the offer to the agent it is made to, and not to an agent of another queue', async () => {
      const amyStream = await openStream(amy.token);
      const bobStream = await openStream(bob.token);
      try {
        await h.presence(bob, 'available');
        await bobStream.waitFor(new RegExp(`event: offer\\ndata: \\{"type":"offer","conversationId":"${queuedId}"`), 'the offer to Bob');
        await caughtUp(amy, amyStream);
        assert.ok(!amyStream.text().includes(queuedId), 'Amy hears nothing of a conversation in a queue she does not serve');
      } finally {
        amyStream.close();
        bobStream.close();
        // Going offline gives the offer back: the conversation waits unoffered again, as the other tests expect.
        await h.presence(bob, 'offline');
      }
      assert.equal((await h.server.app.handoff.require(queuedId)).offeredAgentId, undefined);
    });
  });
});
