import assert from 'node:assert/strict';
import { handoffIdOf } from '../../src/handoff/handoffConversation';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { openHandoffEventStream, type HandoffEventStreamReader } from '../support/handoffEventStreamReader';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

function lineUser(n: number): string {
  return `U${(0xb000 + n).toString(16).padStart(32, '0')}`;
}

function handoffIdOfLineUser(userId: string): string {
  return handoffIdOf('line', `default:user:${userId}`);
}

interface Entry {
  readonly kind: string;
  readonly action?: string;
  readonly byUserId: string;
  readonly byRole: string;
  readonly text?: string;
  readonly code?: string;
  readonly toQueueId?: string;
  readonly toAgentId?: string;
  readonly cycle: number;
  readonly at: string;
}

describe('handoff notes: internal notes, wrap-up codes and recorded actions', () => {
  let h: HandoffHarness;
  let amy: TestAgent;
  let bob: TestAgent;
  let sue: TestAgent;
  const servedUser = lineUser(1);
  const movedUser = lineUser(2);
  let servedId = '';
  let movedId = '';

  async function escalate(userId: string, name: string): Promise<void> {
    h.server.fake.api.setProfile(userId, { displayName: name, language: 'ja' });
    await h.say(userId, 'cmd:agent');
  }

  async function notesOf(agent: TestAgent, id: string): Promise<{ status: number; entries: Entry[]; codeRequired: unknown }> {
    const answer = await h.call(agent.token, 'GET', `/api/agent/conversations/${id}/notes`);
    return { status: answer.status, entries: (answer.json.entries ?? []) as Entry[], codeRequired: answer.json.codeRequired };
  }

  /** Everything the fake LINE API received for a user, as one text (messages of every type). */
  function everythingSentTo(userId: string): string {
    return JSON.stringify(h.deliveredTo(userId).map((delivery) => delivery.message));
  }

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '600', HANDOFF_INACTIVITY_CLOSE_MINUTES: '600' });
    await h.admin('POST', '/api/admin/queues', { id: 'q-a', name: 'Queue A', languages: ['ja'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/queues', { id: 'q-b', name: 'Queue B', languages: ['ja'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'q-a', requiredSkills: [] });
    amy = await h.createAgent('amy', { displayName: 'Amy', languages: ['ja'], capacity: 2, queueIds: ['q-a'] });
    bob = await h.createAgent('bob', { displayName: 'Bob', languages: ['ja'], capacity: 2, queueIds: ['q-b'] });
    sue = await h.createAgent('sue', undefined, ['supervisor']);

    await escalate(movedUser, 'Moved');
    movedId = handoffIdOfLineUser(movedUser);
    await h.presence(amy, 'available');
    await escalate(servedUser, 'Served');
    servedId = handoffIdOfLineUser(servedUser);
    for (const id of [movedId, servedId]) {
      const view = await h.call(amy.token, 'GET', `/api/agent/conversations/${id}`);
      if (view.json.offeredAgentId === amy.id) {
        const accepted = await h.call(amy.token, 'POST', `/api/agent/conversations/${id}/accept`);
        assert.equal(accepted.status, 200, accepted.text);
      }
    }
    await h.settle();
  });

  after(async () => {
    await h.close();
  });

  it('keeps an internal note for the serving agent and supervisors, out of other queues\' reach and never sent to the customer', async () => {
    const secret = 'Internal: customer <b>asked</b> for a refund twice';
    const deliveredBefore = h.server.fake.api.delivered.length;
    const written = await h.call(amy.token, 'POST', `/api/agent/conversations/${servedId}/notes`, { text: secret });
    assert.equal(written.status, 201, written.text);
    await h.settle();

    assert.equal(h.server.fake.api.delivered.length, deliveredBefore, 'a note sends nothing to LINE');
    assert.ok(!everythingSentTo(servedUser).includes('refund twice'));

    const amys = await notesOf(amy, servedId);
    assert.equal(amys.status, 200);
    assert.deepEqual(amys.entries.filter((entry) => entry.kind === 'note').map((entry) => [entry.text, entry.byUserId, entry.byRole]), [[secret, amy.id, 'agent']]);
    const sues = await notesOf(sue, servedId);
    assert.equal(sues.status, 200);
    assert.ok(sues.entries.some((entry) => entry.kind === 'note' && entry.text === secret));

    const bobs = await notesOf(bob, servedId);
    assert.equal(bobs.status, 404, 'an agent of another queue does not learn the conversation exists');
    assert.equal(bobs.entries.length, 0);
    const bobWrites = await h.call(bob.token, 'POST', `/api/agent/conversations/${servedId}/notes`, { text: 'not mine' });
    assert.equal(bobWrites.status, 404);

    const supervisorNote = await h.call(sue.token, 'POST', `/api/agent/conversations/${servedId}/notes`, { text: 'Supervisor: approved' });
    assert.equal(supervisorNote.status, 201, supervisorNote.text);
    assert.equal((supervisorNote.json as { byRole?: unknown }).byRole, 'supervisor');
    const empty = await h.call(amy.token, 'POST', `/api/agent/conversations/${servedId}/notes`, { text: '   ' });
    assert.equal(empty.status, 400);
  });

  it('refuses to close a wrap-up without a code when the workstream requires one, and keeps the code on the cycle\'s facts', async () => {
    await h.admin('POST', '/api/admin/wrap-up-codes', { id: 'refund', label: 'Refund issued' });
    await h.admin('POST', '/api/admin/wrap-up-codes', { id: 'info', label: 'Information given' });
    const duplicate = await h.call(sue.token, 'POST', '/api/admin/wrap-up-codes', { id: 'other', label: 'Other' });
    assert.equal(duplicate.status, 403, 'only admins edit the list');
    const view = await h.call(amy.token, 'GET', `/api/agent/conversations/${servedId}`);
    const workstreamId = String(view.json.workstreamId);
    await h.admin('PUT', `/api/admin/wrap-up-settings/${workstreamId}`, { codeRequired: true });

    const codes = await h.call(amy.token, 'GET', '/api/agent/wrap-up-codes');
    assert.deepEqual((codes.json.codes as { id: string }[]).map((code) => code.id), ['info', 'refund']);

    const ended = await h.call(amy.token, 'POST', `/api/agent/conversations/${servedId}/close`);
    assert.equal(ended.status, 200, ended.text);
    assert.equal(ended.json.state, 'wrapUp');
    assert.equal((await notesOf(amy, servedId)).codeRequired, true);

    const refused = await h.call(amy.token, 'POST', `/api/agent/conversations/${servedId}/close`);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.code, 'wrap_up_code_required');
    assert.match(String(refused.json.message), /requires a wrap-up code/);

    const unknown = await h.call(amy.token, 'PUT', `/api/agent/conversations/${servedId}/wrap-up`, { note: 'x', code: 'nope' });
    assert.equal(unknown.status, 400, unknown.text);
    const noteOnly = await h.call(amy.token, 'PUT', `/api/agent/conversations/${servedId}/wrap-up`, { note: 'Refund approved by phone' });
    assert.equal(noteOnly.status, 200, noteOnly.text);
    assert.equal((await h.call(amy.token, 'POST', `/api/agent/conversations/${servedId}/close`)).status, 409, 'a note without a code is not enough');

    const written = await h.call(amy.token, 'PUT', `/api/agent/conversations/${servedId}/wrap-up`, { note: 'Refund approved by phone', code: 'refund' });
    assert.equal(written.status, 200, written.text);
    const closed = await h.call(amy.token, 'POST', `/api/agent/conversations/${servedId}/close`);
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.state, 'closed');
    assert.ok(!everythingSentTo(servedUser).includes('Refund approved'), 'the wrap-up note never reaches the customer');

    const entries = (await notesOf(amy, servedId)).entries;
    const wrapUps = entries.filter((entry) => entry.kind === 'wrapUp');
    assert.deepEqual(wrapUps.map((entry) => [entry.text, entry.code, entry.byUserId]), [['Refund approved by phone', 'refund', amy.id]]);

    const store = await openSqliteDocumentStore({ dataDir: h.server.dataDir });
    try {
      const facts = await store.collection<{ _id: string; wrapUpCode?: string }>('handoffCycles', []);
      const fact = await facts.findOne({ _id: `${servedId}:1` });
      assert.equal(fact?.wrapUpCode, 'refund');
    } finally {
      await store.close();
    }
  });

  it('records a supervisor\'s transfer, assign and close in the conversation, with who and to whom', async () => {
    const moved = await h.call(sue.token, 'POST', `/api/supervisor/conversations/${movedId}/transfer`, { queueId: 'q-b', note: 'Billing question' });
    assert.equal(moved.status, 200, moved.text);
    const assigned = await h.call(sue.token, 'POST', `/api/supervisor/conversations/${movedId}/assign`, { agentId: bob.id });
    assert.equal(assigned.status, 200, assigned.text);
    const closed = await h.call(sue.token, 'POST', `/api/supervisor/conversations/${movedId}/close`);
    assert.equal(closed.status, 200, closed.text);

    const actions = (await notesOf(sue, movedId)).entries.filter((entry) => entry.kind === 'action');
    assert.deepEqual(
      actions.map((entry) => [entry.action, entry.byUserId, entry.byRole, entry.toQueueId ?? null, entry.toAgentId ?? null]),
      [
        ['transfer', sue.id, 'supervisor', 'q-b', null],
        ['assign', sue.id, 'supervisor', null, bob.id],
        ['close', sue.id, 'supervisor', null, null],
      ],
    );
    assert.equal(actions[0]?.text, 'Billing question');
    const bobSees = await notesOf(bob, movedId);
    assert.equal(bobSees.status, 200, 'the agent who served it reads its record');
    assert.equal(bobSees.entries.filter((entry) => entry.kind === 'action').length, 3);
  });

  it('tells the live screens of a note or an action: supervisors and the serving agent, never an agent of another queue', async () => {
    const liveUser = lineUser(3);
    await escalate(liveUser, 'Live');
    const liveId = handoffIdOfLineUser(liveUser);
    const view = await h.call(amy.token, 'GET', `/api/agent/conversations/${liveId}`);
    assert.equal(view.json.offeredAgentId, amy.id, view.text);
    assert.equal((await h.call(amy.token, 'POST', `/api/agent/conversations/${liveId}/accept`)).status, 200);
    const sues = await openHandoffEventStream(h.url, sue.token);
    const amys = await openHandoffEventStream(h.url, amy.token);
    const bobs = await openHandoffEventStream(h.url, bob.token);
    try {
      const text = 'Live note: promised a callback';
      assert.equal((await h.call(amy.token, 'POST', `/api/agent/conversations/${liveId}/notes`, { text })).status, 201);
      const noteEvent = (reader: HandoffEventStreamReader): Record<string, unknown> | undefined =>
        reader.text().split('\n\n').filter((block) => block.startsWith('event: note\n')).map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as Record<string, unknown>).find((event) => (event.entry as { text?: string }).text === text);
      await sues.waitFor(() => noteEvent(sues) !== undefined, 'the note, to the supervisor');
      await amys.waitFor(() => noteEvent(amys) !== undefined, 'the note, to the serving agent');
      assert.deepEqual(
        [noteEvent(sues)?.conversationId, (noteEvent(sues)?.entry as { kind?: string; byUserId?: string }).kind, (noteEvent(sues)?.entry as { byUserId?: string }).byUserId],
        [liveId, 'note', amy.id],
      );
      // Bob's own presence comes after the note on his stream: had the note been his to see, it would be there by then.
      await h.presence(bob, 'away');
      await bobs.waitFor(/event: presence/, "Bob's presence");
      assert.ok(!bobs.text().includes(text) && !bobs.text().includes(liveId), 'nothing of the conversation reaches an agent of another queue');
      assert.ok(!everythingSentTo(liveUser).includes('callback'), 'the note never goes to the customer');

      // A supervisor's transfer to Bob's queue is an action Bob now sees, live, as does the supervisor.
      assert.equal((await h.call(sue.token, 'POST', `/api/supervisor/conversations/${liveId}/transfer`, { queueId: 'q-b', note: 'Needs billing' })).status, 200);
      await bobs.waitFor(/event: note\ndata: .*"action":"transfer"/, 'the transfer, to the agents of the queue it went to');
      await sues.waitFor(/event: note\ndata: .*"action":"transfer"/, 'the transfer, to the supervisor');
    } finally {
      for (const reader of [sues, amys, bobs]) reader.close();
    }
  });
});
