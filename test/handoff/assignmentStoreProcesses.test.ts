import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssignmentStore } from '../../src/handoff/assignmentStore';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { runNodeScript } from '../support/childProcesses';
import { seededRandom } from '../support/seededRandom';
import type { RacerReport, RacerTask } from './assignmentRacer';

interface RawAgent extends StoredDocument {
  capacity: number;
  free: number;
}

interface RawWork extends StoredDocument {
  state: string;
  agentId?: string;
  units: number;
}

const T0 = new Date('2025-03-01T09:00:00Z');
const RACER = join(__dirname, 'assignmentRacer.js');

function race(tasks: readonly RacerTask[]): Promise<RacerReport[]> {
  return Promise.all(tasks.map(async (task) => JSON.parse(await runNodeScript(RACER, [JSON.stringify(task)])) as RacerReport));
}

describe('AssignmentStore raced by four processes on one DATA_DIR (embedded store)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let store: DocumentStore;
  let assignments: AssignmentStore;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-racers-'));
    store = await openSqliteDocumentStore({ dataDir });
    assignments = await AssignmentStore.open(store);
  });

  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function assertCapacityAccounting(): Promise<void> {
    const work = await (await store.collection<RawWork>('handoffWork')).find({});
    for (const agent of await (await store.collection<RawAgent>('handoffAgents')).find({})) {
      const held = work.filter((item) => item.agentId === agent._id && (item.state === 'offered' || item.state === 'assigned')).reduce((sum, item) => sum + item.units, 0);
      assert.equal(agent.free, agent.capacity - held, `free of ${agent._id}`);
      assert.ok(agent.free >= 0, `free of ${agent._id} is ${agent.free}`);
    }
  }

  it('20 offers of one conversation to 20 agents from 4 processes: exactly one is offered', async () => {
    const agentIds = Array.from({ length: 20 }, (_, index) => `a${index}`);
    for (const id of agentIds) await assignments.upsertAgent({ id, capacity: 2, presence: 'available' });
    await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 1, at: T0 });

    const reports = await race([0, 1, 2, 3].map((racer) => ({ dataDir, mode: 'offer-one', seed: racer, agentIds: agentIds.slice(racer * 5, racer * 5 + 5), conversationKey: 'c1' })));

    const offered = reports.flatMap((report) => report.offered);
    assert.equal(offered.length, 1, JSON.stringify(reports));
    assert.equal((await assignments.get('c1'))?.agentId, offered[0]![1]);
    await assertCapacityAccounting();
  });

  it('4 processes offering and accepting at random never double-assign nor overfill an agent', async () => {
    const next = seededRandom(20250301);
    const agentIds = Array.from({ length: 8 }, (_, index) => `agent-${index}`);
    let totalCapacity = 0;
    for (const id of agentIds) {
      const capacity = 2 + Math.floor(next() * 5);
      totalCapacity += capacity;
      await assignments.upsertAgent({ id, capacity, presence: 'available' });
    }
    for (let index = 0; index < 60; index += 1) await assignments.enqueue({ conversationKey: `conversation-${index}`, queueId: 'q', units: 1 + Math.floor(next() * 2), at: T0 });

    const reports = await race([1, 2, 3, 4].map((seed) => ({ dataDir, mode: 'random', seed, agentIds, maxAttempts: 150 })));

    const acceptedBy = new Map<string, string[]>();
    for (const [key, agentId] of reports.flatMap((report) => report.accepted)) acceptedBy.set(key, [...(acceptedBy.get(key) ?? []), agentId]);
    const work = await (await store.collection<RawWork>('handoffWork')).find({});
    for (const item of work) {
      const accepts = acceptedBy.get(item._id) ?? [];
      assert.ok(accepts.length <= 1, `${item._id} accepted by ${accepts.join(', ')}`);
      if (item.state === 'assigned') assert.deepEqual([item.agentId], accepts, `${item._id} is assigned to the agent whose accept succeeded`);
      else assert.equal(accepts.length, 0);
    }
    await assertCapacityAccounting();
    const assignedUnits = work.filter((item) => item.state === 'assigned').reduce((sum, item) => sum + item.units, 0);
    assert.ok(assignedUnits <= totalCapacity, `${assignedUnits} units assigned over a capacity of ${totalCapacity}`);
    assert.equal(reports.reduce((sum, report) => sum + report.acceptRefused, 0), 0, 'an offer that succeeded is accepted by its agent');
    assert.ok(reports.reduce((sum, report) => sum + report.refused, 0) > 0, 'some offers were refused, so the racers really raced');
    assert.ok(acceptedBy.size > 0);
  });
});
