import assert from 'node:assert/strict';
import { AssignmentStore } from '../../src/handoff/assignmentStore.js';
import type { DocumentCollection, DocumentStore, StoredDocument } from '../../src/storage/documentStore.js';
import { describeEachBackend } from '../storage/storageBackends.js';
import { seededRandom as random } from '../support/seededRandom';

const T0 = new Date('2025-03-01T09:00:00Z');

function minutesAfter(minutes: number): Date {
  return new Date(T0.getTime() + minutes * 60_000);
}


function pick<T>(items: readonly T[], next: () => number): T {
  const item = items[Math.floor(next() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

type RawAgent = StoredDocument & { capacity: number; free: number; holds?: Record<string, { conversationKey: string; units: number }> };
type RawWork = StoredDocument & { state: string; units: number; agentId?: string; offerId?: string };

describeEachBackend('AssignmentStore', (backend) => {
  let store: DocumentStore;
  let assignments: AssignmentStore;
  let rawAgents: DocumentCollection<RawAgent>;
  let rawWork: DocumentCollection<RawWork>;

  beforeEach(async () => {
    store = await backend.open();
    assignments = await AssignmentStore.open(store);
    rawAgents = await store.collection<RawAgent>('handoffAgents');
    rawWork = await store.collection<RawWork>('handoffWork');
  });
  afterEach(() => store.close());

  /** Every agent's `free` equals capacity minus the units of the live offers and assignments it holds. */
  async function assertCapacityAccounting(): Promise<void> {
    const work = await rawWork.find({});
    for (const agent of await rawAgents.find({})) {
      const held = work.filter((item) => item.agentId === agent._id && (item.state === 'offered' || item.state === 'assigned')).reduce((sum, item) => sum + item.units, 0);
      assert.equal(agent.free, agent.capacity - held, `free of ${agent._id}`);
      assert.ok(agent.free >= 0, `free of ${agent._id} is ${agent.free}`);
    }
  }

  describe('agents and queueing', () => {
    it('creates an agent with all capacity free, and a capacity change keeps the units in use', async () => {
      assert.deepEqual(await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'available' }), { id: 'a1', capacity: 3, free: 3, presence: 'available', updatedAt: (await assignments.agent('a1'))?.updatedAt });
      await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 2, at: T0 });
      assert.equal(await assignments.offer('c1', 'a1', T0), 'offered');

      assert.equal((await assignments.upsertAgent({ id: 'a1', capacity: 5, presence: 'available' })).free, 3);
      const lowered = await assignments.upsertAgent({ id: 'a1', capacity: 1, presence: 'busy' });
      assert.equal(lowered.free, -1, 'in use stays 2, one over the new capacity');
      assert.equal(lowered.presence, 'busy');
      assert.equal(await assignments.decline('c1', 'a1'), 'queued');
      assert.equal((await assignments.agent('a1'))?.free, 1);
      assert.equal(await assignments.agent('nobody'), undefined);
    });

    it('refuses capacities and units that are not whole numbers', async () => {
      await assert.rejects(assignments.upsertAgent({ id: 'a1', capacity: -1, presence: 'available' }), RangeError);
      await assert.rejects(assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 0, at: T0 }), RangeError);
      await assert.rejects(assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 1.5, at: T0 }), RangeError);
    });

    it('enqueues idempotently, and queues a closed conversation again', async () => {
      assert.equal(await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 1, at: T0 }), 'enqueued');
      assert.equal(await assignments.enqueue({ conversationKey: 'c1', queueId: 'other', units: 2, at: minutesAfter(1) }), 'exists');
      assert.deepEqual(await assignments.get('c1'), { conversationKey: 'c1', state: 'queued', queueId: 'q', units: 1, reserved: false, version: 1, enqueuedAt: T0 });

      await assignments.upsertAgent({ id: 'a1', capacity: 2, presence: 'available' });
      await assignments.offer('c1', 'a1', T0);
      assert.equal(await assignments.enqueue({ conversationKey: 'c1', queueId: 'other', units: 2, at: minutesAfter(1) }), 'exists');
      await assignments.accept('c1', 'a1');
      await assignments.release('c1', 'a1');

      assert.equal(await assignments.enqueue({ conversationKey: 'c1', queueId: 'other', units: 2, at: minutesAfter(2) }), 'enqueued');
      const again = await assignments.get('c1');
      assert.equal(again?.state, 'queued');
      assert.equal(again?.queueId, 'other');
      assert.equal(again?.units, 2);
      assert.equal(again?.agentId, undefined);
      assert.equal(await assignments.get('never'), undefined);
    });
  });

  describe('one conversation through the cycle', () => {
    beforeEach(async () => {
      await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'available' });
      await assignments.upsertAgent({ id: 'a2', capacity: 3, presence: 'available' });
      await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 2, at: T0 });
    });

    it('offers, accepts and releases, restoring capacity exactly once', async () => {
      assert.equal(await assignments.offer('c1', 'a1', minutesAfter(1)), 'offered');
      const offered = await assignments.get('c1');
      assert.equal(offered?.state, 'offered');
      assert.equal(offered?.agentId, 'a1');
      assert.deepEqual(offered?.offeredAt, minutesAfter(1));
      assert.equal(offered?.reserved, true);
      const a1 = await assignments.agent('a1');
      assert.equal(a1?.free, 1);
      assert.deepEqual(a1?.lastAssignedAt, minutesAfter(1));

      assert.equal(await assignments.offer('c1', 'a2', minutesAfter(1)), 'not_queued');
      assert.equal(await assignments.accept('c1', 'a2'), 'not_offered', 'only the agent offered may accept');
      assert.equal(await assignments.accept('c1', 'a1'), 'assigned');
      assert.equal(await assignments.accept('c1', 'a1'), 'not_offered', 'double accept');
      assert.equal(await assignments.decline('c1', 'a1'), 'not_offered', 'decline after accept');
      assert.equal(await assignments.expire('c1', 'a1'), 'not_offered', 'expire after accept');
      assert.equal((await assignments.get('c1'))?.state, 'assigned');
      assert.equal((await assignments.agent('a1'))?.free, 1);

      assert.equal(await assignments.release('c1', 'a2'), 'not_assigned');
      assert.equal(await assignments.release('c1', 'a1'), 'closed');
      assert.equal(await assignments.release('c1', 'a1'), 'not_assigned', 'release twice');
      assert.equal((await assignments.agent('a1'))?.free, 3);
      assert.equal((await assignments.get('c1'))?.state, 'closed');
      await assertCapacityAccounting();
    });

    it('declines and expires back to the queue, releasing capacity once', async () => {
      assert.equal(await assignments.offer('c1', 'a1', T0), 'offered');
      assert.equal(await assignments.decline('c1', 'a2'), 'not_offered');
      assert.equal(await assignments.decline('c1', 'a1'), 'queued');
      assert.equal(await assignments.decline('c1', 'a1'), 'not_offered');
      assert.equal(await assignments.expire('c1', 'a1'), 'not_offered');
      assert.equal((await assignments.agent('a1'))?.free, 3);
      const queued = await assignments.get('c1');
      assert.equal(queued?.state, 'queued');
      assert.equal(queued?.agentId, undefined);
      assert.equal(await assignments.release('c1', 'a1'), 'not_assigned');

      assert.equal(await assignments.offer('c1', 'a2', T0), 'offered');
      assert.equal(await assignments.expire('c1', 'a2'), 'queued');
      assert.equal(await assignments.accept('c1', 'a2'), 'not_offered');
      assert.equal((await assignments.agent('a2'))?.free, 3);
      await assertCapacityAccounting();
    });

    it('refuses agents that are unknown, not available or without room, leaving the conversation queued', async () => {
      await assignments.upsertAgent({ id: 'away', capacity: 5, presence: 'away' });
      await assignments.upsertAgent({ id: 'small', capacity: 1, presence: 'available' });
      for (const agentId of ['nobody', 'away', 'small']) {
        assert.equal(await assignments.offer('c1', agentId, T0), 'agent_unavailable', agentId);
        assert.equal((await assignments.get('c1'))?.state, 'queued');
      }
      assert.equal((await assignments.agent('small'))?.free, 1);
      assert.equal(await assignments.offer('c1', 'a1', T0), 'offered');
      assert.equal(await assignments.offer('missing', 'a1', T0), 'not_queued');
    });

    it('increments the version on every change', async () => {
      const versions = [(await assignments.get('c1'))?.version];
      await assignments.offer('c1', 'a1', T0);
      versions.push((await assignments.get('c1'))?.version);
      await assignments.accept('c1', 'a1');
      versions.push((await assignments.get('c1'))?.version);
      await assignments.release('c1', 'a1');
      versions.push((await assignments.get('c1'))?.version);
      assert.deepEqual(versions, [1, 3, 4, 5], 'an offer is two changes: claim, then confirm the reservation');
    });
  });

  describe('expireOffers and the crash windows', () => {
    beforeEach(async () => {
      await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'available' });
      await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 2, at: T0 });
      await assignments.enqueue({ conversationKey: 'c2', queueId: 'q', units: 1, at: T0 });
    });

    it('puts old unaccepted offers back and frees their capacity, leaving recent and accepted ones', async () => {
      await assignments.offer('c1', 'a1', T0);
      await assignments.offer('c2', 'a1', minutesAfter(5));
      assert.deepEqual(await assignments.expireOffers(minutesAfter(1)), { requeued: 1, releasedOrphanHolds: 0 });
      assert.equal((await assignments.get('c1'))?.state, 'queued');
      assert.equal((await assignments.get('c2'))?.state, 'offered');
      assert.equal((await assignments.agent('a1'))?.free, 2);

      await assignments.accept('c2', 'a1');
      assert.deepEqual(await assignments.expireOffers(minutesAfter(60)), { requeued: 0, releasedOrphanHolds: 0 });
      assert.equal((await assignments.get('c2'))?.state, 'assigned');
      await assertCapacityAccounting();
    });

    it('after a crash between claim and reservation: not acceptable, requeued, no capacity given back', async () => {
      await rawWork.updateOne({ _id: 'c1' }, { $set: { state: 'offered', agentId: 'a1', offeredAt: T0, offerId: 'lost', reserved: false }, $inc: { version: 1 } });
      assert.equal(await assignments.accept('c1', 'a1'), 'not_offered');
      assert.deepEqual(await assignments.expireOffers(minutesAfter(1)), { requeued: 1, releasedOrphanHolds: 0 });
      assert.equal((await assignments.get('c1'))?.state, 'queued');
      assert.equal((await assignments.agent('a1'))?.free, 3);
    });

    it('after a crash between reservation and confirmation: not acceptable, requeued, the hold given back', async () => {
      await rawWork.updateOne({ _id: 'c1' }, { $set: { state: 'offered', agentId: 'a1', offeredAt: T0, offerId: 'o1', reserved: false }, $inc: { version: 1 } });
      await rawAgents.updateOne({ _id: 'a1' }, { $inc: { free: -2 }, $set: { 'holds.o1': { conversationKey: 'c1', units: 2, at: T0 } } });
      assert.equal(await assignments.accept('c1', 'a1'), 'not_offered');
      assert.deepEqual(await assignments.expireOffers(minutesAfter(1)), { requeued: 1, releasedOrphanHolds: 0 });
      assert.equal((await assignments.agent('a1'))?.free, 3);
      await assertCapacityAccounting();
    });

    it('after a crash between ending an offer and freeing it: the orphan hold is given back once', async () => {
      await assignments.offer('c1', 'a1', T0);
      await assignments.offer('c2', 'a1', T0);
      await assignments.accept('c2', 'a1');
      // The first half of decline: the item is back in the queue, the hold not yet given back.
      await rawWork.updateOne({ _id: 'c1' }, { $set: { state: 'queued', reserved: false }, $unset: { agentId: true, offeredAt: true }, $inc: { version: 1 } });
      assert.equal((await assignments.agent('a1'))?.free, 0);

      assert.deepEqual(await assignments.expireOffers(T0), { requeued: 0, releasedOrphanHolds: 1 });
      assert.deepEqual(await assignments.expireOffers(T0), { requeued: 0, releasedOrphanHolds: 0 });
      assert.equal((await assignments.agent('a1'))?.free, 2);
      assert.equal(await assignments.offer('c1', 'a1', T0), 'offered', 'the conversation can be offered again');
      await assertCapacityAccounting();
    });
  });

  describe('concurrent assigners', () => {
    it('20 offers of one conversation to 20 agents: exactly one is offered', async () => {
      const agentIds = Array.from({ length: 20 }, (_, index) => `a${index}`);
      for (const id of agentIds) await assignments.upsertAgent({ id, capacity: 2, presence: 'available' });
      await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 1, at: T0 });
      const instances = await Promise.all(agentIds.map(() => AssignmentStore.open(store)));

      const outcomes = await Promise.all(agentIds.map((id, index) => instances[index]!.offer('c1', id, T0)));

      const winners = agentIds.filter((_, index) => outcomes[index] === 'offered');
      assert.equal(winners.length, 1, JSON.stringify(outcomes));
      assert.equal((await assignments.get('c1'))?.agentId, winners[0]);
      await assertCapacityAccounting();
    });

    it('20 one-unit offers to one agent of capacity 3: exactly 3 are offered', async () => {
      await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'available' });
      const keys = Array.from({ length: 20 }, (_, index) => `c${index}`);
      for (const key of keys) await assignments.enqueue({ conversationKey: key, queueId: 'q', units: 1, at: T0 });
      const instances = await Promise.all(keys.map(() => AssignmentStore.open(store)));

      const outcomes = await Promise.all(keys.map((key, index) => instances[index]!.offer(key, 'a1', T0)));

      assert.equal(outcomes.filter((outcome) => outcome === 'offered').length, 3, JSON.stringify(outcomes));
      assert.equal(outcomes.filter((outcome) => outcome === 'agent_unavailable').length, 17);
      assert.equal((await assignments.agent('a1'))?.free, 0);
      assert.equal(await rawWork.countDocuments({ state: 'queued' }), 17);
      await assertCapacityAccounting();
    });

    it('5 instances offering and accepting at random never double-assign nor overfill an agent', async function () {
      this.timeout(backend.name === 'mongodb' ? 60_000 : 20_000);
      const next = random(20250301);
      const agentIds = Array.from({ length: 8 }, (_, index) => `agent-${index}`);
      let totalCapacity = 0;
      for (const id of agentIds) {
        const capacity = 2 + Math.floor(next() * 5);
        totalCapacity += capacity;
        await assignments.upsertAgent({ id, capacity, presence: 'available' });
      }
      const keys = Array.from({ length: 60 }, (_, index) => `conversation-${index}`);
      for (const key of keys) await assignments.enqueue({ conversationKey: key, queueId: 'q', units: 1 + Math.floor(next() * 2), at: T0 });
      const instances = await Promise.all(Array.from({ length: 5 }, () => AssignmentStore.open(store)));

      const counts = { offered: 0, notQueued: 0, agentUnavailable: 0, accepted: 0, acceptRefused: 0 };
      const acceptedBy = new Map<string, string[]>();
      const maxAttempts = 300;
      await Promise.all(
        instances.map(async (instance, index) => {
          const mine = random(index + 1);
          for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
            const queued = await rawWork.find({ state: 'queued' });
            if (queued.length === 0) return;
            const key = pick(queued, mine)._id;
            const agentId = pick(agentIds, mine);
            const outcome = await instance.offer(key, agentId, minutesAfter(attempt));
            if (outcome === 'not_queued') counts.notQueued += 1;
            if (outcome === 'agent_unavailable') counts.agentUnavailable += 1;
            if (outcome !== 'offered') continue;
            counts.offered += 1;
            if ((await instance.accept(key, agentId)) === 'assigned') {
              counts.accepted += 1;
              acceptedBy.set(key, [...(acceptedBy.get(key) ?? []), agentId]);
            } else {
              counts.acceptRefused += 1;
            }
          }
        }),
      );
      process.stdout.write(`      ${backend.name}: ${JSON.stringify(counts)}, total capacity ${totalCapacity}\n`);

      const work = await rawWork.find({});
      for (const item of work) {
        const accepts = acceptedBy.get(item._id) ?? [];
        assert.ok(accepts.length <= 1, `${item._id} accepted by ${accepts.join(', ')}`);
        if (item.state === 'assigned') assert.deepEqual([item.agentId], accepts, `${item._id} is assigned to the agent whose accept succeeded`);
        else assert.equal(accepts.length, 0);
        assert.ok(item.state === 'queued' || item.state === 'assigned', `${item._id} is ${item.state}`);
      }
      await assertCapacityAccounting();
      const assignedUnits = work.filter((item) => item.state === 'assigned').reduce((sum, item) => sum + item.units, 0);
      assert.ok(assignedUnits <= totalCapacity, `${assignedUnits} units assigned over a capacity of ${totalCapacity}`);
      assert.equal(counts.acceptRefused, 0, 'an offer that succeeded is accepted by its agent');
      assert.ok(counts.notQueued + counts.agentUnavailable > 0, 'some offers were refused, so the assigners really raced');
      assert.ok(counts.accepted > 0);
    });
  });
});
