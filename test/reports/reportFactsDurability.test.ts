import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { HANDOFF_CONVERSATIONS_COLLECTION, HandoffConversationRepository } from '../../src/handoff/handoffConversationRepository';
import { backfillCycleFacts, repairRecentCycleFacts } from '../../src/reports/cycleFactRepair';
import { HANDOFF_CYCLES_COLLECTION, HandoffCycleRepository } from '../../src/reports/handoffCycleRepository';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

function lineUser(n: number): string {
  return `U${(0xd0ab1e00 + n).toString(16).padStart(32, '0')}`;
}

const QUIET = pino({ level: 'silent' });

/** Serves `count` customers on `h` (one agent, 45 s wait, 2 min handling each); returns the handoff ids. */
async function serve(h: HandoffHarness, agent: TestAgent, first: number, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = first; n < first + count; n += 1) {
    h.server.fake.api.setProfile(lineUser(n), { displayName: `C${n}`, language: 'ja' });
    await h.say(lineUser(n), 'cmd:agent');
    h.clock.advance(45_000);
    await h.presence(agent, 'available');
    const id = await h.conversationIdFor(agent, lineUser(n));
    assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await h.presence(agent, 'busy');
    h.clock.advance(120_000);
    assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`)).status, 200);
    assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`)).status, 200);
    ids.push(id);
  }
  return ids;
}

async function setUp(h: HandoffHarness, username: string): Promise<TestAgent> {
  await h.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'サポート', languages: ['ja'], priority: 5, distribution: 'push' }).catch(() => undefined);
  await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] }).catch(() => undefined);
  return h.createAgent(username, { displayName: username, languages: ['ja'], capacity: 3, queueIds: ['ja-support'] });
}

function period(h: HandoffHarness): string {
  const day = Date.parse(`${h.clock.now().toISOString().slice(0, 10)}T00:00:00Z`);
  // From the day before: the harness's clock moves on while serving, and may have passed midnight since the requests.
  const from = new Date(day - 86_400_000).toISOString().slice(0, 10);
  const to = new Date(day + 3 * 86_400_000).toISOString().slice(0, 10);
  return `from=${from}&to=${to}&groupBy=queue`;
}

describe('report facts survive restarts and add up across instances', function () {
  this.timeout(120_000);

  it('keeps the facts across a restart on the same DATA_DIR', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'report-restart-'));
    try {
      const first = await HandoffHarness.start({ DATA_DIR: dataDir, HANDOFF_WRAP_UP_SECONDS: '600' });
      const agent = await setUp(first, 'aiko');
      await serve(first, agent, 0, 3);
      const query = period(first);
      const before = (await first.admin('GET', `/api/supervisor/reports?${query}`)).json;
      await first.close();
      const second = await HandoffHarness.start({ DATA_DIR: dataDir });
      try {
        const after = (await second.admin('GET', `/api/supervisor/reports?${query}`)).json;
        assert.deepEqual(after.rows, before.rows);
        assert.deepEqual((after.total as { requested: number; answered: number; averageWaitSeconds: number }), { ...(after.total as object), requested: 3, answered: 3, averageWaitSeconds: 45 });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('counts each cycle once when two instances on one store both handle it', async () => {
    const a = await HandoffHarness.start({ HANDOFF_WRAP_UP_SECONDS: '600' });
    const b = await HandoffHarness.start({ DATA_DIR: a.server.dataDir, HANDOFF_WRAP_UP_SECONDS: '600' });
    try {
      const aiko = await setUp(a, 'aiko');
      // The customer writes to B (the LINE account's API is B's simulator), the agent works through both: both
      // instances write the same cycle's facts.
      b.server.fake.api.setProfile(lineUser(50), { displayName: 'C50', language: 'ja' });
      await b.say(lineUser(50), 'cmd:agent');
      await a.presence(aiko, 'available');
      const id = await a.conversationIdFor(aiko, lineUser(50));
      assert.equal((await b.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
      assert.equal((await a.call(aiko.token, 'POST', `/api/agent/conversations/${id}/close`)).status, 200);
      assert.equal((await b.call(aiko.token, 'POST', `/api/agent/conversations/${id}/close`)).status, 200);
      await a.presence(aiko, 'busy');
      await serve(b, aiko, 51, 2);
      const day = new Date().toISOString().slice(0, 10);
      const query = `from=${new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)}&to=${new Date(Date.parse(`${day}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10)}&groupBy=queue`;
      const fromA = (await a.admin('GET', `/api/supervisor/reports?${query}`)).json;
      const fromB = (await b.admin('GET', `/api/supervisor/reports?${query}`)).json;
      assert.deepEqual(fromA.rows, fromB.rows, 'both instances read the same facts');
      const total = fromA.total as { requested: number; answered: number };
      assert.equal(total.requested, 3);
      assert.equal(total.answered, 3);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('report fact writes (idempotence, stale writes, backfill, repair)', () => {
  let dataDir: string;
  let store: DocumentStore;
  let conversations: HandoffConversationRepository;
  let cycles: HandoffCycleRepository;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'report-facts-'));
    store = await openSqliteDocumentStore({ dataDir });
    cycles = await HandoffCycleRepository.open(store, QUIET);
    // Without the observer: the test decides when facts are written, as a crash would.
    conversations = await HandoffConversationRepository.open(store);
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const t0 = new Date('2026-03-01T01:00:00Z');
  async function request(id: string): Promise<void> {
    await conversations.startCycle({
      id, channelId: 'line', conversationId: `default:user:${id}`, customerId: `line:${id}`, lineAccountId: 'default', reference: {}, language: 'ja', skill: 'general', topic: undefined,
      reason: 'customerAsked', summary: '', workstreamId: 'default', queueId: 'q1', requiredSkills: [], priority: 0, ruleId: undefined, units: 1, requestedAt: t0, queuedAt: t0, lastMessageAt: t0,
    } as Parameters<HandoffConversationRepository['startCycle']>[0]);
  }
  async function facts(): Promise<StoredDocument[]> {
    return (await store.collection<StoredDocument>(HANDOFF_CYCLES_COLLECTION)).find({}, { sort: { _id: 1 } });
  }

  it('a repeated or late write changes nothing; the first assignment stays the first', async () => {
    await request('h1');
    const assigned = await conversations.transition('h1', { states: ['queued'] }, { $set: { state: 'assigned', agentId: 'a1', assignedAt: new Date(t0.getTime() + 30_000) } });
    const transferred = await conversations.transition('h1', { states: ['assigned'] }, { $set: { state: 'queued', queueId: 'q2' }, $unset: { agentId: true }, $inc: { transfers: 1 } });
    const again = await conversations.transition('h1', { states: ['queued'] }, { $set: { state: 'assigned', agentId: 'a2', assignedAt: new Date(t0.getTime() + 90_000) } });
    assert.ok(assigned && transferred && again);
    await cycles.write(again);
    await cycles.write(again);
    // A write from a slower instance, with the record as it was two changes earlier.
    await cycles.write(assigned);
    const [fact, ...others] = await facts();
    assert.equal(others.length, 0, 'one fact per cycle');
    assert.equal(fact?.['queueId'], 'q2', 'the older write did not bring back the first queue');
    assert.equal(fact?.['firstQueueId'], 'q1');
    assert.equal(fact?.['transfers'], 1);
    assert.equal(fact?.['agentId'], 'a2');
    assert.deepEqual([...(fact?.['agentIds'] as string[])].sort(), ['a1', 'a2']);
    assert.equal((fact?.['firstAssignedAt'] as Date).getTime(), again.assignedAt?.getTime(), 'the first write seeing an assignment keeps it');
  });

  it('the backfill inserts the missing facts once; the repair catches up a cycle whose write was lost', async () => {
    await request('h1');
    await request('h2');
    await conversations.transition('h2', { states: ['queued'] }, { $set: { state: 'closed', closedAt: t0, closeReason: 'customerCancelled' } });
    assert.equal(await backfillCycleFacts(conversations, cycles), 2);
    assert.equal(await backfillCycleFacts(conversations, cycles), 0, 'nothing twice');
    // h1 is assigned and the process dies before writing the facts: the repair writes them.
    await conversations.transition('h1', { states: ['queued'] }, { $set: { state: 'assigned', agentId: 'a1', assignedAt: t0 } });
    assert.equal((await facts()).find((fact) => fact._id.startsWith('h1:'))?.['state'], 'queued');
    assert.equal(await repairRecentCycleFacts(conversations, cycles, new Date(t0.getTime() - 60_000)), 1, 'only the fact behind its record is written');
    assert.equal(await repairRecentCycleFacts(conversations, cycles, new Date(t0.getTime() - 60_000)), 0, 'then none');
    const repaired = (await facts()).find((fact) => fact._id.startsWith('h1:'));
    assert.equal(repaired?.['state'], 'assigned');
    assert.equal(repaired?.['agentId'], 'a1');
  });

  it('a new cycle first writes the ended cycle its observer missed', async () => {
    const observed = await HandoffConversationRepository.open(store, cycles);
    await request('h3');
    await conversations.transition('h3', { states: ['queued'] }, { $set: { state: 'closed', closedAt: t0, closeReason: 'customerLeft' } });
    await (observed as unknown as { startCycle: HandoffConversationRepository['startCycle'] }).startCycle({
      id: 'h3', channelId: 'line', conversationId: 'default:user:h3', customerId: 'line:h3', lineAccountId: 'default', reference: {}, language: 'ja', skill: 'general', topic: undefined,
      reason: 'customerAsked', summary: '', workstreamId: 'default', queueId: 'q1', requiredSkills: [], priority: 0, ruleId: undefined, units: 1, requestedAt: t0, queuedAt: t0, lastMessageAt: t0,
    } as Parameters<HandoffConversationRepository['startCycle']>[0]);
    const byCycle = Object.fromEntries((await facts()).map((fact) => [fact['cycle'], fact]));
    assert.equal(byCycle[1]?.['closeReason'], 'customerLeft');
    assert.equal(byCycle[2]?.['state'], 'queued');
    assert.ok(await (await store.collection<StoredDocument>(HANDOFF_CONVERSATIONS_COLLECTION)).findOne({ _id: 'h3' }));
  });
});
