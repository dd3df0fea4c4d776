import assert from 'node:assert/strict';
import { AssignmentStore } from '../../src/handoff/assignmentStore.js';
import type { DocumentCollection, DocumentStore, IndexSpec, StoredDocument } from '../../src/storage/engine/documentStore.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';
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

/**
 * `inner` seen through a store that runs `between` once, right after the next `findOneAndUpdate` on `collectionName`
 * that matched: lands another call deterministically between two steps of an operation. Closing it leaves `inner` open.
 */
function interruptedStore(inner: DocumentStore, collectionName: string, between: () => Promise<unknown>): DocumentStore {
  let armed = true;
  return {
    kind: inner.kind,
    blobs: inner.blobs,
    ping: () => inner.ping(),
    close: async () => undefined,
    async collection<T extends StoredDocument>(name: string, indexes?: readonly IndexSpec[]): Promise<DocumentCollection<T>> {
      const collection = await inner.collection<T>(name, indexes);
      if (name !== collectionName) return collection;
      return new Proxy(collection, {
        get(target, property) {
          if (property !== 'findOneAndUpdate') {
            const value: unknown = Reflect.get(target, property);
            return typeof value === 'function' ? value.bind(target) : value;
          }
          return async (...args: Parameters<DocumentCollection<T>['findOneAndUpdate']>) => {
            const result = await target.findOneAndUpdate(...args);
            if (armed && result !== undefined) {
              armed = false;
              await between();
            }
            return result;
          };
        },
      });
    },
  };
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

  /**
   * Every agent's `free` equals capacity minus the units of the live offers and assignments it holds; only a
   * supervisor's assignment (`overloadAllowed`) may take it below 0.
   */
  async function assertCapacityAccounting(options: { readonly overloadAllowed?: boolean } = {}): Promise<void> {
    const work = await rawWork.find({});
    for (const agent of await rawAgents.find({})) {
      const held = work.filter((item) => item.agentId === agent._id && (item.state === 'offered' || item.state === 'assigned')).reduce((sum, item) => sum + item.units, 0);
      assert.equal(agent.free, agent.capacity - held, `free of ${agent._id}`);
      if (!options.overloadAllowed) assert.ok(agent.free >= 0, `free of ${agent._id} is ${agent.free}`);
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

  describe('withdraw, forceAssign and listAgents', () => {
    /** The units the agent holds, checked against its holds: every unit taken is recorded under exactly one offer. */
    async function heldBy(agentId: string): Promise<number> {
      const agent = await rawAgents.findOne({ _id: agentId });
      assert.ok(agent, agentId);
      const recorded = Object.values(agent.holds ?? {}).reduce((sum, hold) => sum + hold.units, 0);
      assert.equal(agent.capacity - agent.free, recorded, `units taken from ${agentId} match its holds`);
      return recorded;
    }

    describe('withdraw', () => {
      beforeEach(async () => {
        await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'available' });
        await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 2, at: T0 });
      });

      it('closes a queued conversation; a second withdraw finds nothing open, and a new cycle can start', async () => {
        assert.equal(await assignments.withdraw('c1'), 'closed');
        const closed = await assignments.get('c1');
        assert.equal(closed?.state, 'closed');
        assert.equal(closed?.reserved, false);
        assert.equal(await assignments.withdraw('c1'), 'not_open');
        assert.equal(await assignments.offer('c1', 'a1', T0), 'not_queued');
        assert.equal(await heldBy('a1'), 0);

        assert.equal(await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 1, at: minutesAfter(1) }), 'enqueued');
        assert.equal(await assignments.offer('c1', 'a1', minutesAfter(1)), 'offered');
        assert.equal(await heldBy('a1'), 1);
      });

      it('closes an offered conversation, giving the offer’s capacity back exactly once', async () => {
        assert.equal(await assignments.offer('c1', 'a1', T0), 'offered');
        assert.equal(await heldBy('a1'), 2);

        assert.equal(await assignments.withdraw('c1'), 'closed');
        const closed = await assignments.get('c1');
        assert.equal(closed?.state, 'closed');
        assert.equal(closed?.reserved, false);
        assert.equal(closed?.agentId, 'a1', 'a closed item keeps its agent');
        assert.equal(await heldBy('a1'), 0);

        assert.equal(await assignments.withdraw('c1'), 'not_open');
        assert.equal(await assignments.accept('c1', 'a1'), 'not_offered');
        assert.equal(await assignments.decline('c1', 'a1'), 'not_offered');
        assert.equal(await assignments.expire('c1', 'a1'), 'not_offered');
        assert.equal(await assignments.release('c1', 'a1'), 'not_assigned');
        assert.deepEqual(await assignments.expireOffers(minutesAfter(60)), { requeued: 0, releasedOrphanHolds: 0 });
        assert.equal((await assignments.agent('a1'))?.free, 3);
        await assertCapacityAccounting();
      });

      it('closes an assigned conversation, giving its capacity back once; a later release finds nothing', async () => {
        await assignments.offer('c1', 'a1', T0);
        assert.equal(await assignments.accept('c1', 'a1'), 'assigned');
        assert.equal(await heldBy('a1'), 2);

        assert.equal(await assignments.withdraw('c1'), 'closed');
        assert.equal((await assignments.get('c1'))?.state, 'closed');
        assert.equal(await heldBy('a1'), 0);
        assert.equal(await assignments.release('c1', 'a1'), 'not_assigned');
        assert.equal(await assignments.withdraw('c1'), 'not_open');
        assert.equal((await assignments.agent('a1'))?.free, 3);
        await assertCapacityAccounting();
      });

      it('answers not_open for a closed conversation and for one never enqueued, changing nothing', async () => {
        await assignments.offer('c1', 'a1', T0);
        await assignments.accept('c1', 'a1');
        assert.equal(await assignments.release('c1', 'a1'), 'closed');
        const released = await assignments.get('c1');

        assert.equal(await assignments.withdraw('c1'), 'not_open');
        assert.deepEqual(await assignments.get('c1'), released);
        assert.equal(await assignments.withdraw('never'), 'not_open');
        assert.equal(await assignments.get('never'), undefined);
        assert.equal((await assignments.agent('a1'))?.free, 3);
      });

      it('closes an offer a crash left half made, giving back the hold only if it was made', async () => {
        // Claimed, the hold never made.
        await rawWork.updateOne({ _id: 'c1' }, { $set: { state: 'offered', agentId: 'a1', offeredAt: T0, offerId: 'o1', reserved: false }, $inc: { version: 1 } });
        assert.equal(await assignments.withdraw('c1'), 'closed');
        assert.equal((await assignments.agent('a1'))?.free, 3);

        // Claimed and held, not confirmed.
        await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 2, at: T0 });
        await rawWork.updateOne({ _id: 'c1' }, { $set: { state: 'offered', agentId: 'a1', offeredAt: T0, offerId: 'o2', reserved: false }, $inc: { version: 1 } });
        await rawAgents.updateOne({ _id: 'a1' }, { $inc: { free: -2 }, $set: { 'holds.o2': { conversationKey: 'c1', units: 2, at: T0 } } });
        assert.equal(await assignments.withdraw('c1'), 'closed');
        assert.equal(await heldBy('a1'), 0);
        assert.deepEqual(await assignments.expireOffers(minutesAfter(60)), { requeued: 0, releasedOrphanHolds: 0 });
        assert.equal((await assignments.agent('a1'))?.free, 3);
      });
    });

    describe('forceAssign', () => {
      beforeEach(async () => {
        await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'available' });
        await assignments.upsertAgent({ id: 'a2', capacity: 3, presence: 'available' });
        await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 2, at: T0 });
      });

      it('assigns whatever the agent’s presence and free capacity, taking free below 0', async () => {
        await assignments.enqueue({ conversationKey: 'c0', queueId: 'q', units: 2, at: T0 });
        await assignments.offer('c0', 'a1', T0);
        await assignments.accept('c0', 'a1');
        await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'away' });

        assert.equal(await assignments.forceAssign('c1', 'a1', minutesAfter(3)), 'assigned');
        const assigned = await assignments.get('c1');
        assert.equal(assigned?.state, 'assigned');
        assert.equal(assigned?.agentId, 'a1');
        assert.equal(assigned?.reserved, true);
        const a1 = await assignments.agent('a1');
        assert.equal(a1?.free, -1);
        assert.equal(a1?.presence, 'away', 'presence is the agent’s own');
        assert.deepEqual(a1?.lastAssignedAt, minutesAfter(3));
        assert.equal(await heldBy('a1'), 4);
        await assertCapacityAccounting({ overloadAllowed: true });

        // Overloaded: no offer reaches the agent, even available.
        await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'available' });
        await assignments.enqueue({ conversationKey: 'c2', queueId: 'q', units: 1, at: T0 });
        assert.equal(await assignments.offer('c2', 'a1', minutesAfter(4)), 'agent_unavailable');
        assert.equal(await assignments.accept('c1', 'a1'), 'not_offered', 'assigned already, nothing to accept');

        await assignments.upsertAgent({ id: 'zero', capacity: 0, presence: 'offline' });
        assert.equal(await assignments.forceAssign('c2', 'zero', minutesAfter(5)), 'assigned');
        assert.equal((await assignments.agent('zero'))?.free, -1);

        assert.equal(await assignments.release('c1', 'a1'), 'closed');
        assert.equal(await assignments.release('c0', 'a1'), 'closed');
        assert.equal(await assignments.release('c2', 'zero'), 'closed');
        assert.equal((await assignments.agent('a1'))?.free, 3);
        assert.equal((await assignments.agent('zero'))?.free, 0);
        await assertCapacityAccounting();
      });

      it('refuses an unknown agent, leaving the conversation queued and no capacity held anywhere', async () => {
        assert.equal(await assignments.forceAssign('c1', 'nobody', T0), 'unknown_agent');
        const item = await assignments.get('c1');
        assert.equal(item?.state, 'queued');
        assert.equal(item?.agentId, undefined);
        assert.equal(item?.reserved, false);
        assert.equal(await assignments.agent('nobody'), undefined, 'no agent is made up');
        assert.equal(await heldBy('a1'), 0);
        assert.equal(await heldBy('a2'), 0);
        assert.equal(await assignments.offer('c1', 'a1', T0), 'offered', 'still queued for a real agent');
        await assertCapacityAccounting();
      });

      it('refuses a conversation that is not queued, leaving it and the agent as they were', async () => {
        assert.equal(await assignments.offer('c1', 'a1', T0), 'offered');
        assert.equal(await assignments.forceAssign('c1', 'a2', T0), 'not_queued');
        assert.equal((await assignments.get('c1'))?.agentId, 'a1');
        assert.equal((await assignments.get('c1'))?.state, 'offered');

        assert.equal(await assignments.accept('c1', 'a1'), 'assigned');
        assert.equal(await assignments.forceAssign('c1', 'a2', T0), 'not_queued');
        assert.equal((await assignments.get('c1'))?.agentId, 'a1');

        assert.equal(await assignments.release('c1', 'a1'), 'closed');
        assert.equal(await assignments.forceAssign('c1', 'a2', T0), 'not_queued');
        assert.equal((await assignments.get('c1'))?.state, 'closed');
        assert.equal(await assignments.forceAssign('never', 'a2', T0), 'not_queued');
        assert.equal(await assignments.get('never'), undefined);

        assert.equal(await heldBy('a2'), 0);
        assert.equal((await assignments.agent('a2'))?.lastAssignedAt, undefined);
        assert.equal((await assignments.agent('a1'))?.free, 3);
      });

      it('gives a supervisor’s assignment back exactly once, by release or by withdraw', async () => {
        assert.equal(await assignments.forceAssign('c1', 'a1', T0), 'assigned');
        assert.equal(await assignments.release('c1', 'a1'), 'closed');
        assert.equal(await assignments.release('c1', 'a1'), 'not_assigned');
        assert.equal(await assignments.withdraw('c1'), 'not_open');
        assert.equal((await assignments.agent('a1'))?.free, 3);

        await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 2, at: minutesAfter(1) });
        assert.equal(await assignments.forceAssign('c1', 'a2', minutesAfter(1)), 'assigned');
        assert.equal(await assignments.withdraw('c1'), 'closed');
        assert.equal(await assignments.withdraw('c1'), 'not_open');
        assert.equal(await assignments.release('c1', 'a2'), 'not_assigned');
        assert.deepEqual(await assignments.expireOffers(minutesAfter(60)), { requeued: 0, releasedOrphanHolds: 0 });
        assert.equal((await assignments.agent('a2'))?.free, 3);
        await assertCapacityAccounting();
      });
    });

    describe('a withdraw or an expiry landing between the steps of offer and forceAssign', () => {
      beforeEach(async () => {
        await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'available' });
        await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 2, at: T0 });
      });

      const take = { offer: (on: AssignmentStore) => on.offer('c1', 'a1', T0), forceAssign: (on: AssignmentStore) => on.forceAssign('c1', 'a1', T0) };
      for (const taker of ['offer', 'forceAssign'] as const) {
        it(`${taker}: withdrawn after the claim, before the hold — the hold made afterwards is given back`, async () => {
          let interloper: string | undefined;
          const interrupted = await AssignmentStore.open(interruptedStore(store, 'handoffWork', async () => (interloper = await assignments.withdraw('c1'))));
          assert.equal(await take[taker](interrupted), 'not_queued');
          assert.equal(interloper, 'closed');
          assert.equal((await assignments.get('c1'))?.state, 'closed');
          assert.equal(await heldBy('a1'), 0);
          assert.equal((await assignments.agent('a1'))?.free, 3);
        });

        it(`${taker}: withdrawn after the hold, before the confirmation — the capacity comes back once`, async () => {
          let interloper: string | undefined;
          const interrupted = await AssignmentStore.open(interruptedStore(store, 'handoffAgents', async () => (interloper = await assignments.withdraw('c1'))));
          assert.equal(await take[taker](interrupted), 'not_queued');
          assert.equal(interloper, 'closed');
          assert.equal((await assignments.get('c1'))?.state, 'closed');
          assert.equal(await heldBy('a1'), 0);
          assert.equal((await assignments.agent('a1'))?.free, 3);
        });

        it(`${taker}: expired after the claim, before the hold — queued again, the capacity back`, async () => {
          let interloper: string | undefined;
          const interrupted = await AssignmentStore.open(interruptedStore(store, 'handoffWork', async () => (interloper = await assignments.expire('c1', 'a1'))));
          assert.equal(await take[taker](interrupted), 'not_queued');
          assert.equal(interloper, 'queued');
          const item = await assignments.get('c1');
          assert.equal(item?.state, 'queued');
          assert.equal(item?.reserved, false);
          assert.equal(await heldBy('a1'), 0);
          assert.equal(await assignments.offer('c1', 'a1', T0), 'offered', 'it can be offered again');
          assert.equal(await heldBy('a1'), 2);
          await assertCapacityAccounting();
        });
      }
    });

    describe('listAgents', () => {
      it('is empty before any agent is known', async () => {
        assert.deepEqual(await assignments.listAgents(), []);
        await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 1, at: T0 });
        await assignments.forceAssign('c1', 'nobody', T0);
        assert.deepEqual(await assignments.listAgents(), [], 'an unknown agent is not created on the way');
      });

      it('lists every agent with its capacity, free units and presence as they are now', async () => {
        await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'available' });
        await assignments.upsertAgent({ id: 'a2', capacity: 2, presence: 'busy' });
        await assignments.upsertAgent({ id: 'a3', capacity: 0, presence: 'offline' });
        await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 2, at: T0 });
        await assignments.offer('c1', 'a1', T0);
        await assignments.upsertAgent({ id: 'a2', capacity: 4, presence: 'away' });

        const listed = (await assignments.listAgents()).sort((a, b) => a.id.localeCompare(b.id));
        assert.deepEqual(
          listed.map(({ id, capacity, free, presence }) => ({ id, capacity, free, presence })),
          [
            { id: 'a1', capacity: 3, free: 1, presence: 'available' },
            { id: 'a2', capacity: 4, free: 4, presence: 'away' },
            { id: 'a3', capacity: 0, free: 0, presence: 'offline' },
          ],
        );
        for (const agent of listed) assert.deepEqual(agent, await assignments.agent(agent.id), `${agent.id} as agent() reads it`);
      });
    });

    describe('concurrent endings of one conversation', () => {
      it('withdraw, release, expire, new offers and sweeps racing on one item never give back more capacity than was taken', async function () {
        this.timeout(backend.name === 'mongodb' ? 60_000 : 20_000);
        const next = random(20250302);
        const agentIds = ['a1', 'a2'];
        for (const id of agentIds) await assignments.upsertAgent({ id, capacity: 4, presence: 'available' });
        const instances = await Promise.all(Array.from({ length: 4 }, () => AssignmentStore.open(store)));
        const operations = ['withdraw', 'release', 'expire', 'withdraw', 'release', 'expire', 'offer', 'forceAssign', 'sweep'] as const;
        const outcomes = new Map<string, number>();

        for (let round = 0; round < 60; round += 1) {
          const at = minutesAfter(round);
          assert.equal(await assignments.enqueue({ conversationKey: 'c1', queueId: 'q', units: 1 + Math.floor(next() * 2), at }), 'enqueued');
          const first = pick(agentIds, next);
          const start = pick(['queued', 'offered', 'assigned'] as const, next);
          if (start !== 'queued') assert.equal(await assignments.offer('c1', first, at), 'offered');
          if (start === 'assigned') assert.equal(await assignments.accept('c1', first), 'assigned');

          const calls = Array.from({ length: 6 }, () => {
            const instance = pick(instances, next);
            const operation = pick(operations, next);
            const agentId = next() < 0.75 ? first : pick(agentIds, next);
            return async (): Promise<void> => {
              let outcome: string;
              switch (operation) {
                case 'withdraw':
                  outcome = await instance.withdraw('c1');
                  break;
                case 'release':
                  outcome = await instance.release('c1', agentId);
                  break;
                case 'expire':
                  outcome = await instance.expire('c1', agentId);
                  break;
                case 'offer':
                  outcome = await instance.offer('c1', agentId, at);
                  break;
                case 'forceAssign':
                  outcome = await instance.forceAssign('c1', agentId, at);
                  break;
                case 'sweep':
                  outcome = JSON.stringify(await instance.expireOffers(minutesAfter(round + 1)));
                  break;
              }
              const key = `${operation}:${outcome}`;
              outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
            };
          });
          await Promise.all(calls.map((call) => call()));

          // A supervisor's assignment among the racers may overload an agent; the accounting must hold all the same.
          await assertCapacityAccounting({ overloadAllowed: true });
          for (const id of agentIds) await heldBy(id);
          await assignments.withdraw('c1');
          for (const id of agentIds) {
            assert.equal(await heldBy(id), 0, `round ${round}: ${id} holds nothing once the conversation is closed`);
            assert.equal((await assignments.agent(id))?.free, 4, `round ${round}: ${id} has exactly its capacity free`);
          }
        }
        const succeeded = (operation: string): number => [...outcomes].filter(([key]) => key === `${operation}:closed` || key === `${operation}:queued`).reduce((sum, [, count]) => sum + count, 0);
        assert.ok(succeeded('withdraw') > 0 && succeeded('release') > 0 && succeeded('expire') > 0, `each ending won some races: ${JSON.stringify([...outcomes])}`);
        assert.ok((outcomes.get('withdraw:not_open') ?? 0) + (outcomes.get('release:not_assigned') ?? 0) + (outcomes.get('expire:not_offered') ?? 0) > 0, 'some endings lost, so they really raced');
      });
    });
  });
});
