import type { Logger } from 'pino';
import type { AgentCapacity, AssignmentStore } from './assignmentStore';
import type { AgentProfile } from './config/handoffConfigModel';
import type { HandoffConfigRepository } from './config/handoffConfigRepository';
import type { HandoffConversation } from './handoffConversation';
import type { HandoffConversationRepository } from './handoffConversationRepository';
import type { HandoffEventBus } from './handoffEvents';
import { queuedItemOf } from './queueStanding';
import { selectAgent } from './routing/agentSelection';
import { isWithinOperatingHours } from './routing/operatingHours';
import { compareQueuedItems } from './routing/queueOrder';
import type { Agent, Queue, SkillMatchMode } from './routing/routingModel';

/** How long an agent who declined (or let an offer lapse) is passed over for that conversation. */
export const DECLINE_MEMORY_MS = 5 * 60 * 1000;

/** How often the capacity holds of offers interrupted by a crash are looked for. */
const REPAIR_INTERVAL_MS = 60 * 1000;

/** What the distributor needs. */
export interface HandoffDistributorOptions {
  readonly conversations: HandoffConversationRepository;
  readonly assignments: AssignmentStore;
  readonly config: HandoffConfigRepository;
  readonly events: HandoffEventBus;
  readonly skillMatch: SkillMatchMode;
  readonly acceptTimeoutSeconds: number;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

/**
 * Push distribution: offers queued conversations of `push` queues to agents (see {@link selectAgent}) in serving
 * order, and takes back offers not accepted in time so the next agent gets them. Offers are made through the
 * {@link AssignmentStore}, so two instances distributing at once never offer one conversation twice or overload an
 * agent.
 */
export class HandoffDistributor {
  private readonly now: () => Date;
  private running: Promise<void> | undefined;
  private again = false;
  private scheduled = false;
  private lastRepairAt = -Infinity;

  constructor(private readonly options: HandoffDistributorOptions) {
    this.now = options.clock ?? (() => new Date());
  }

  /** Distributes soon (coalescing calls made meanwhile); for callers that must not wait for it. */
  kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.distribute().catch((error: unknown) => this.options.logger.error({ err: error }, 'distributing queued conversations failed'));
    });
  }

  /** Offers every queued conversation it can; a call during a pass makes that pass run once more. */
  async distribute(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.distributeOnce();
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when no distribution is scheduled or running. */
  async idle(): Promise<void> {
    while (this.scheduled || this.running) {
      await (this.running ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
  }

  /**
   * Offers one conversation to one agent (a transfer to a named agent).
   * @returns the record with the offer, or `undefined` when the agent could not take it (it stays queued).
   */
  async offerTo(conversation: HandoffConversation, agentId: string): Promise<HandoffConversation | undefined> {
    const now = this.now();
    if ((await this.options.assignments.offer(conversation.id, agentId, now)) !== 'offered') return undefined;
    return this.recordOffer(conversation, agentId, now);
  }

  /** Offers older than the accept timeout go back to the queue; the agent is passed over for that conversation. */
  async expireOffers(now: Date): Promise<number> {
    const deadline = new Date(now.getTime() - this.options.acceptTimeoutSeconds * 1000);
    let expired = 0;
    for (const stale of await this.options.conversations.find({ state: 'queued', offeredAt: { $lt: deadline } })) {
      const agentId = stale.offeredAgentId;
      if (agentId === undefined) continue;
      const outcome = await this.options.assignments.expire(stale.id, agentId);
      if (outcome === 'not_offered') {
        // Accepted at this very moment, or an offer a crash left only on the record: the work item decides.
        const item = await this.options.assignments.get(stale.id);
        if (item?.state !== 'queued') continue;
      }
      const after = await this.options.conversations.transition(
        stale.id,
        { states: ['queued'], where: { offeredAgentId: agentId } },
        { $unset: { offeredAgentId: true, offeredAt: true }, $push: { declined: { agentId, at: now } } },
      );
      if (!after) continue;
      expired += 1;
      this.options.logger.info({ handoffId: stale.id, agentId }, 'offer not accepted in time; offering to the next agent');
      this.options.events.publish({ type: 'offerEnded', conversationId: stale.id, queueId: stale.queueId, agentId, reason: 'expired' });
      this.options.events.publish({ type: 'conversation', conversationId: stale.id, state: after.state, queueId: after.queueId, agentId: after.agentId, offeredAgentId: undefined, change: 'offerExpired' });
    }
    // Repairs what a process that died mid-offer left behind, well after any live offer would have expired. It reads
    // every agent's holds, so it runs once a minute rather than at every sweep.
    if (now.getTime() - this.lastRepairAt >= REPAIR_INTERVAL_MS) {
      this.lastRepairAt = now.getTime();
      await this.options.assignments.expireOffers(new Date(deadline.getTime() - this.options.acceptTimeoutSeconds * 1000));
    }
    return expired;
  }

  private async distributeOnce(): Promise<void> {
    const waiting = await this.options.conversations.find({ state: 'queued', offeredAgentId: { $exists: false } });
    if (waiting.length === 0) return;
    const now = this.now();
    const [queueList, profiles, capacities] = await Promise.all([this.options.config.queues.list(), this.options.config.agents.list(), this.options.assignments.listAgents()]);
    const queues = new Map(queueList.map((queue) => [queue.id, queue]));
    const agents = await this.routingAgents(profiles, capacities);
    const items = waiting.map((conversation) => ({ conversation, item: queuedItemOf(conversation) })).sort((a, b) => compareQueuedItems(a.item, b.item, queues));
    for (const { conversation, item } of items) {
      const queue = queues.get(item.queueId);
      if (!queue || !isDistributable(queue, now)) continue;
      const excluded = new Set(conversation.declined.filter((decline) => now.getTime() - decline.at.getTime() < DECLINE_MEMORY_MS).map((decline) => decline.agentId));
      const servingQueue = [...agents.values()].filter((agent) => agent.queueIds.includes(item.queueId));
      const agent = selectAgent(item, servingQueue, { skillMatch: this.options.skillMatch, excludedAgentIds: excluded });
      if (!agent) continue;
      const outcome = await this.options.assignments.offer(item.id, agent.id, now);
      if (outcome === 'agent_unavailable') {
        // Another instance (or a presence change) took that capacity; this pass's picture of the agent is stale.
        agents.delete(agent.id);
        continue;
      }
      if (outcome !== 'offered') continue;
      agents.set(agent.id, { ...agent, load: agent.load + item.units, lastAssignedAt: now.getTime() });
      await this.recordOffer(conversation, agent.id, now);
    }
  }

  private async recordOffer(conversation: HandoffConversation, agentId: string, now: Date): Promise<HandoffConversation | undefined> {
    const offered = await this.options.conversations.transition(
      conversation.id,
      { states: ['queued'], where: { offeredAgentId: { $exists: false } } },
      { $set: { offeredAgentId: agentId, offeredAt: now } },
    );
    if (!offered) {
      // The customer cancelled (or someone transferred it) between the two writes.
      await this.options.assignments.expire(conversation.id, agentId);
      return undefined;
    }
    const deadline = new Date(now.getTime() + this.options.acceptTimeoutSeconds * 1000).toISOString();
    this.options.logger.info({ handoffId: conversation.id, agentId }, 'conversation offered');
    this.options.events.publish({ type: 'offer', conversationId: conversation.id, queueId: conversation.queueId, agentId, deadline });
    this.options.events.publish({ type: 'conversation', conversationId: conversation.id, state: 'queued', queueId: offered.queueId, agentId: undefined, offeredAgentId: agentId, change: 'offered' });
    return offered;
  }

  /** Agents as the router sees them; a profile whose capacity changed is brought in line first. */
  private async routingAgents(profiles: readonly AgentProfile[], capacities: readonly AgentCapacity[]): Promise<Map<string, Agent>> {
    const byId = new Map(capacities.map((capacity) => [capacity.id, capacity]));
    const agents = new Map<string, Agent>();
    for (const profile of profiles) {
      let capacity = byId.get(profile.id);
      if (capacity && capacity.capacity !== profile.capacity) capacity = await this.options.assignments.upsertAgent({ id: profile.id, capacity: profile.capacity, presence: capacity.presence });
      agents.set(profile.id, {
        id: profile.id,
        languages: profile.languages,
        skills: Object.fromEntries(profile.skills.map((skill) => [skill.name, skill.proficiency])),
        capacity: capacity?.capacity ?? profile.capacity,
        load: capacity ? capacity.capacity - capacity.free : 0,
        presence: capacity?.presence ?? 'offline',
        queueIds: profile.queueIds,
        ...(capacity?.lastAssignedAt ? { lastAssignedAt: capacity.lastAssignedAt.getTime() } : {}),
      });
    }
    return agents;
  }
}

function isDistributable(queue: Queue, at: Date): boolean {
  return queue.distribution === 'push' && (queue.hours === undefined || isWithinOperatingHours(queue.hours, at));
}
