import { randomUUID } from 'node:crypto';
import type { AgentPresence } from './routing/routingModel.js';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type Filter } from '../storage/engine/documentStore.js';

/** Where a conversation is in the assignment cycle. */
export type WorkState = 'queued' | 'offered' | 'assigned' | 'closed';

/**
 * Capacity one offer holds on its agent, recorded on the agent's document under the offer's id, so that the units
 * taken and the right to give them back are one atomic fact.
 */
interface CapacityHold {
  conversationKey: string;
  units: number;
  at: Date;
}

type AgentDocument = {
  _id: string;
  capacity: number;
  /** Capacity units not in use: `capacity` minus the units of every hold. Negative after capacity was lowered below the load. */
  free: number;
  presence: AgentPresence;
  lastAssignedAt?: Date;
  updatedAt: Date;
  /** Offer id → the capacity that offer holds. */
  holds: Record<string, CapacityHold>;
};

type WorkDocument = {
  _id: string;
  state: WorkState;
  queueId: string;
  units: number;
  /** The agent offered or assigned; kept on a closed item, removed when the item goes back to the queue. */
  agentId?: string;
  offeredAt?: Date;
  /**
   * The id of the latest offer. It stays after the item leaves `offered`/`assigned`, and a new offer always gets a new
   * id, so "this offer is still live" is `state ∈ {offered, assigned} && offerId === id`, and once false it stays false.
   */
  offerId?: string;
  /** The offer's capacity hold is in place on the agent; only then may the agent accept. */
  reserved?: boolean;
  /** Incremented on every change. */
  version: number;
  enqueuedAt: Date;
};

/** An agent's capacity as the store accounts it. */
export interface AgentCapacity {
  readonly id: string;
  readonly capacity: number;
  /** Units not in use; negative when capacity was lowered below the current load. */
  readonly free: number;
  readonly presence: AgentPresence;
  readonly lastAssignedAt?: Date;
  readonly updatedAt: Date;
}

/** A conversation's place in the assignment cycle. */
export interface WorkItem {
  readonly conversationKey: string;
  readonly state: WorkState;
  readonly queueId: string;
  readonly units: number;
  readonly agentId?: string;
  readonly offeredAt?: Date;
  /** Capacity is held on the agent for the current offer: true from a confirmed offer until closed or queued again. */
  readonly reserved: boolean;
  readonly version: number;
  readonly enqueuedAt: Date;
}

/** What {@link AssignmentStore.expireOffers} repaired. */
export interface ExpirySweep {
  /** Offers older than the limit that went back to the queue. */
  readonly requeued: number;
  /** Capacity holds given back whose offer had ended (a process died between two steps). */
  readonly releasedOrphanHolds: number;
}

const QUEUED_AGAIN: { $set: Record<string, unknown>; $unset: Record<string, true>; $inc: Record<string, number> } = {
  $set: { state: 'queued', reserved: false },
  $unset: { agentId: true, offeredAt: true },
  $inc: { version: 1 },
};

/**
 * Atomic assignment of queued conversations to agents, shared by every server instance on one database: a
 * conversation is never offered or assigned to two agents at once, and an agent never holds more units than its
 * capacity. It uses only conditional single-document updates (compare-and-set through
 * {@link DocumentCollection.findOneAndUpdate}), never in-process locks or caches, so any number of instances and any
 * number of `AssignmentStore` objects may work on the same collections concurrently.
 *
 * **Order of an offer** — (1) claim the work item (`queued → offered`, with a new offer id), (2) reserve capacity on
 * the agent by recording a hold under that offer id while decrementing `free`, (3) mark the item `reserved` (only
 * then may the agent accept). Every step back (decline, expiry, release) first ends the offer on the work item and
 * then removes the hold; a hold is removed only by an update conditional on its presence, so capacity is given back
 * exactly once whoever removes it.
 *
 * **Crash windows** — if a process dies after (1) the item stays `offered` without a hold: nothing leaked, and
 * {@link AssignmentStore.expireOffers} puts it back once it is old enough. If it dies after (2) the item is
 * `offered`, not `reserved` (the agent cannot accept) and holds capacity: the sweep puts the item back and removes the
 * hold. If it dies between ending an offer and removing its hold, the hold is an orphan: a hold exists only after its
 * claim, and an offer that has ended never becomes live again, so the sweep can give back any hold whose offer is not
 * live on its work item, with no age limit and no race with new offers. Claiming first is what makes this possible:
 * reserving first would leave holds with no work item pointing at them, which could not be told apart from an offer
 * still in flight.
 *
 * @example
 * ```ts
 * const assignments = await AssignmentStore.open(store);
 * await assignments.upsertAgent({ id: 'a1', capacity: 3, presence: 'available' });
 * await assignments.enqueue({ conversationKey: 'line:U123', queueId: 'ja-billing', units: 1, at: new Date() });
 * if ((await assignments.offer('line:U123', 'a1', new Date())) === 'offered') await assignments.accept('line:U123', 'a1');
 * setInterval(() => void assignments.expireOffers(new Date(Date.now() - 60_000)), 15_000);
 * ```
 */
export class AssignmentStore {
  private constructor(
    private readonly agents: DocumentCollection<AgentDocument>,
    private readonly work: DocumentCollection<WorkDocument>,
  ) {}

  /** Opens the collections `handoffAgents` and `handoffWork` of `store`. */
  static async open(store: DocumentStore): Promise<AssignmentStore> {
    const agents = await store.collection<AgentDocument>('handoffAgents');
    const work = await store.collection<WorkDocument>('handoffWork', [{ keys: { state: 1, offeredAt: 1 } }, { keys: { queueId: 1, state: 1, enqueuedAt: 1 } }]);
    return new AssignmentStore(agents, work);
  }

  /**
   * Creates an agent with all its capacity free, or updates its capacity and presence. A capacity change moves
   * `free` by the same difference, so the units in use (`capacity − free`) never change here and never go below 0;
   * lowering capacity below the current load leaves `free` negative until enough work is released, and no offer
   * reaches the agent meanwhile.
   *
   * @example await assignments.upsertAgent({ id: 'a1', capacity: 4, presence: 'away' });
   */
  async upsertAgent(agent: { readonly id: string; readonly capacity: number; readonly presence: AgentPresence }): Promise<AgentCapacity> {
    assertUnits('capacity', agent.capacity, 0);
    for (;;) {
      const now = new Date();
      const current = await this.agents.findOne({ _id: agent.id });
      if (!current) {
        const created: AgentDocument = { _id: agent.id, capacity: agent.capacity, free: agent.capacity, presence: agent.presence, updatedAt: now, holds: {} };
        try {
          await this.agents.insertOne(created);
          return toAgentCapacity(created);
        } catch (error) {
          if (error instanceof DuplicateKeyError) continue; // another instance created it first: update that one
          throw error;
        }
      }
      // Conditional on the capacity read, so the difference applied to `free` is the right one.
      const updated = await this.agents.findOneAndUpdate(
        { _id: agent.id, capacity: current.capacity },
        { $set: { capacity: agent.capacity, presence: agent.presence, updatedAt: now }, $inc: { free: agent.capacity - current.capacity } },
      );
      if (updated) return toAgentCapacity(updated);
    }
  }

  /**
   * Puts a conversation in a queue. Idempotent: an item that exists and is not closed is left as it is (whatever its
   * queue or units); a closed one is queued again for a new cycle.
   *
   * @returns `'enqueued'`, or `'exists'` when a non-closed item was already there.
   * @example await assignments.enqueue({ conversationKey: 'line:U123', queueId: 'ja-billing', units: 1, at: new Date() });
   */
  async enqueue(item: { readonly conversationKey: string; readonly queueId: string; readonly units: number; readonly at: Date }): Promise<'enqueued' | 'exists'> {
    assertUnits('units', item.units, 1);
    const fields = { state: 'queued', queueId: item.queueId, units: item.units, enqueuedAt: item.at, reserved: false };
    for (;;) {
      const reopened = await this.work.findOneAndUpdate({ _id: item.conversationKey, state: 'closed' }, { $set: fields, $unset: { agentId: true, offeredAt: true }, $inc: { version: 1 } });
      if (reopened) return 'enqueued';
      try {
        await this.work.insertOne({ _id: item.conversationKey, state: 'queued', queueId: item.queueId, units: item.units, reserved: false, version: 1, enqueuedAt: item.at });
        return 'enqueued';
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
      // It exists: either not closed (leave it) or closed since the first look (reopen it on the next turn).
      const existing = await this.work.findOne({ _id: item.conversationKey });
      if (existing && existing.state !== 'closed') return 'exists';
    }
  }

  /**
   * Offers a queued conversation to an agent, holding the conversation's units of the agent's capacity.
   *
   * @returns `'offered'`; `'not_queued'` when the conversation is not (or no longer) queued; `'agent_unavailable'`
   * when the agent is unknown, not `available` or lacks free capacity (the conversation stays queued).
   */
  async offer(conversationKey: string, agentId: string, at: Date): Promise<'offered' | 'not_queued' | 'agent_unavailable'> {
    const outcome = await this.claimAndReserve(conversationKey, agentId, at, (units) => ({ presence: 'available', free: { $gte: units } }), { reserved: true });
    return outcome === 'done' ? 'offered' : outcome === 'no_agent' ? 'agent_unavailable' : 'not_queued';
  }

  /**
   * The agent takes the conversation offered to it (`offered → assigned`).
   * @returns `'not_offered'` when it is not offered to this agent (never offered, declined, expired, already accepted).
   */
  async accept(conversationKey: string, agentId: string): Promise<'assigned' | 'not_offered'> {
    const accepted = await this.work.findOneAndUpdate({ _id: conversationKey, state: 'offered', agentId, reserved: true }, { $set: { state: 'assigned' }, $inc: { version: 1 } });
    return accepted ? 'assigned' : 'not_offered';
  }

  /**
   * The agent turns the offer down: the conversation goes back to the queue and the agent's capacity is freed.
   * @returns `'not_offered'` when it is not offered to this agent (nothing changes then).
   */
  async decline(conversationKey: string, agentId: string): Promise<'queued' | 'not_offered'> {
    return this.endOffer(conversationKey, agentId);
  }

  /**
   * The offer to this agent timed out: as {@link AssignmentStore.decline}, for the caller that watches the offer's
   * deadline rather than the agent.
   */
  async expire(conversationKey: string, agentId: string): Promise<'queued' | 'not_offered'> {
    return this.endOffer(conversationKey, agentId);
  }

  /**
   * The agent is done with the conversation (`assigned → closed`); its capacity is freed once, however often this is
   * called.
   * @returns `'not_assigned'` when it is not assigned to this agent.
   */
  async release(conversationKey: string, agentId: string): Promise<'closed' | 'not_assigned'> {
    const closed = await this.work.findOneAndUpdate({ _id: conversationKey, state: 'assigned', agentId }, { $set: { state: 'closed', reserved: false }, $inc: { version: 1 } });
    if (!closed) return 'not_assigned';
    if (closed.offerId !== undefined) await this.releaseHold(agentId, closed.offerId, closed.units);
    return 'closed';
  }

  /**
   * Takes a conversation out of the cycle whatever its state short of closed (`queued`/`offered`/`assigned` →
   * `closed`), giving back any capacity it held: the customer withdrew, or nobody will serve it.
   * @returns `'closed'`, or `'not_open'` when there was no open item.
   */
  async withdraw(conversationKey: string): Promise<'closed' | 'not_open'> {
    const closed = await this.work.findOneAndUpdate({ _id: conversationKey, state: { $in: ['queued', 'offered', 'assigned'] } }, { $set: { state: 'closed', reserved: false }, $inc: { version: 1 } });
    if (!closed) return 'not_open';
    // A queued item's last offer has ended and its hold is gone already; releasing is conditional on the hold, so
    // trying costs nothing and covers an offered or assigned item.
    if (closed.agentId !== undefined && closed.offerId !== undefined) await this.releaseHold(closed.agentId, closed.offerId, closed.units);
    return 'closed';
  }

  /**
   * A supervisor's assignment: a queued conversation goes straight to `assigned` with this agent, whatever the agent's
   * presence and free capacity (the agent's `free` may go below 0; no new offer reaches them until work is released).
   * @returns `'assigned'`, `'not_queued'`, or `'unknown_agent'` (the conversation stays queued).
   */
  async forceAssign(conversationKey: string, agentId: string, at: Date): Promise<'assigned' | 'not_queued' | 'unknown_agent'> {
    const outcome = await this.claimAndReserve(conversationKey, agentId, at, () => ({}), { state: 'assigned', reserved: true });
    return outcome === 'done' ? 'assigned' : outcome === 'no_agent' ? 'unknown_agent' : 'not_queued';
  }

  /** Every agent the store accounts capacity for. */
  async listAgents(): Promise<AgentCapacity[]> {
    return (await this.agents.find({})).map(toAgentCapacity);
  }

  /** Every work item not closed (queued, offered, assigned): what the handoff's repair compares with its records. */
  async openWork(): Promise<WorkItem[]> {
    return (await this.work.find({ state: { $in: ['queued', 'offered', 'assigned'] } })).map(toWorkItem);
  }

  /** The conversation's work item, or `undefined` when it was never enqueued. */
  async get(conversationKey: string): Promise<WorkItem | undefined> {
    const document = await this.work.findOne({ _id: conversationKey });
    return document && toWorkItem(document);
  }

  /** The agent's capacity, or `undefined` when it is unknown. */
  async agent(agentId: string): Promise<AgentCapacity | undefined> {
    const document = await this.agents.findOne({ _id: agentId });
    return document && toAgentCapacity(document);
  }

  /**
   * Repairs what interrupted operations leave behind; safe to run on every instance at any time. Offers made before
   * `olderThan` and not accepted go back to the queue (their hold, if they got one, is given back); then every hold
   * whose offer is no longer live on its work item is given back (see the class notes for why that needs no age).
   */
  async expireOffers(olderThan: Date): Promise<ExpirySweep> {
    let requeued = 0;
    for (const stale of await this.work.find({ state: 'offered', offeredAt: { $lt: olderThan } })) {
      if (stale.offerId === undefined || stale.agentId === undefined) continue;
      const back = await this.work.updateOne({ _id: stale._id, state: 'offered', offerId: stale.offerId }, QUEUED_AGAIN);
      if (back.matchedCount === 0) continue;
      requeued += 1;
      await this.releaseHold(stale.agentId, stale.offerId, stale.units);
    }

    let releasedOrphanHolds = 0;
    for (const agent of await this.agents.find({})) {
      for (const [offerId, hold] of Object.entries(agent.holds ?? {})) {
        const item = await this.work.findOne({ _id: hold.conversationKey });
        const live = item !== undefined && item.offerId === offerId && (item.state === 'offered' || item.state === 'assigned');
        if (!live && (await this.releaseHold(agent._id, offerId, hold.units))) releasedOrphanHolds += 1;
      }
    }
    return { requeued, releasedOrphanHolds };
  }

  /**
   * The three steps of an offer (see the class notes): claim the queued item under a new offer id, hold its units on
   * the agent when the agent matches `agentCondition`, then `confirm` on the item — each undone if a later one fails.
   */
  private async claimAndReserve(
    conversationKey: string,
    agentId: string,
    at: Date,
    agentCondition: (units: number) => Filter,
    confirm: Record<string, unknown>,
  ): Promise<'done' | 'not_queued' | 'no_agent'> {
    const offerId = randomUUID();
    const claimed = await this.work.findOneAndUpdate(
      { _id: conversationKey, state: 'queued' },
      { $set: { state: 'offered', agentId, offeredAt: at, offerId, reserved: false }, $inc: { version: 1 } },
    );
    if (!claimed) return 'not_queued';

    const hold: CapacityHold = { conversationKey, units: claimed.units, at };
    const reserved = await this.agents.findOneAndUpdate(
      { ...agentCondition(claimed.units), _id: agentId },
      { $inc: { free: -claimed.units }, $set: { lastAssignedAt: at, [`holds.${offerId}`]: hold } },
    );
    if (!reserved) {
      // Conditional on the claim's version: if the sweep already put the item back, there is nothing to undo.
      await this.work.updateOne({ _id: conversationKey, state: 'offered', agentId, version: claimed.version }, QUEUED_AGAIN);
      return 'no_agent';
    }

    const confirmed = await this.work.updateOne({ _id: conversationKey, state: 'offered', offerId }, { $set: confirm, $inc: { version: 1 } });
    if (confirmed.matchedCount === 0) {
      // The offer was expired between the claim and now: the hold just made belongs to an ended offer.
      await this.releaseHold(agentId, offerId, claimed.units);
      return 'not_queued';
    }
    return 'done';
  }

  private async endOffer(conversationKey: string, agentId: string): Promise<'queued' | 'not_offered'> {
    const back = await this.work.findOneAndUpdate({ _id: conversationKey, state: 'offered', agentId }, QUEUED_AGAIN);
    if (!back) return 'not_offered';
    // `offerId` survives the return to the queue precisely so the hold can be found here.
    if (back.offerId !== undefined) await this.releaseHold(agentId, back.offerId, back.units);
    return 'queued';
  }

  /** Gives back an offer's hold; `false` when it was not there (never made, or already given back). */
  private async releaseHold(agentId: string, offerId: string, units: number): Promise<boolean> {
    const released = await this.agents.updateOne(
      { _id: agentId, [`holds.${offerId}`]: { $exists: true } },
      { $inc: { free: units }, $unset: { [`holds.${offerId}`]: true }, $set: { updatedAt: new Date() } },
    );
    return released.matchedCount === 1;
  }
}

function assertUnits(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) throw new RangeError(`${name} must be an integer ≥ ${minimum}, got ${value}`);
}

function toAgentCapacity(document: AgentDocument): AgentCapacity {
  return {
    id: document._id,
    capacity: document.capacity,
    free: document.free,
    presence: document.presence,
    updatedAt: document.updatedAt,
    ...(document.lastAssignedAt ? { lastAssignedAt: document.lastAssignedAt } : {}),
  };
}

function toWorkItem(document: WorkDocument): WorkItem {
  return {
    conversationKey: document._id,
    state: document.state,
    queueId: document.queueId,
    units: document.units,
    reserved: document.reserved === true,
    version: document.version,
    enqueuedAt: document.enqueuedAt,
    ...(document.agentId !== undefined ? { agentId: document.agentId } : {}),
    ...(document.offeredAt ? { offeredAt: document.offeredAt } : {}),
  };
}
