import type { AgentProfile, CannedResponse } from './config/handoffConfigModel';
import { renderCannedResponse } from './cannedResponseText';
import { handoffIdOf, type HandoffConversation } from './handoffConversation';
import { isWithinOperatingHours } from './routing/operatingHours';
import type { AgentPresence, Queue } from './routing/routingModel';
import type { Customer } from '../customers/customerRepository';
import { HandoffSteps } from './handoffSteps';
import type { HandoffConversationView, HandoffOverview } from './handoffServiceModel';

/** Seconds within which an assignment counts toward the service level. */
const SERVICE_LEVEL_SECONDS = 60;

/** What screens read: an agent's list, the directory, the supervisor's overview, one record as shown. */
export abstract class HandoffViews extends HandoffSteps {
  /**
   * Whether the agent may see the conversation: it is theirs (served now or last), offered to them, or waiting in a
   * queue they serve.
   */
  canSee(conversation: HandoffConversation, profile: AgentProfile): boolean {
    if (conversation.agentId === profile.id || conversation.offeredAgentId === profile.id) return true;
    return conversation.state === 'queued' && profile.queueIds.includes(conversation.queueId);
  }

  /** What the agent works on and may take: offered to them, theirs (not closed), waiting in their queues. */
  async listForAgent(agentId: string): Promise<HandoffConversationView[]> {
    const profile = await this.profileOf(agentId);
    const [own, offered, waiting] = await Promise.all([
      this.options.conversations.find({ agentId, state: { $in: ['assigned', 'waiting', 'wrapUp'] } }),
      this.options.conversations.find({ offeredAgentId: agentId, state: 'queued' }),
      this.options.conversations.find({ state: 'queued', queueId: { $in: [...profile.queueIds] } }, { sort: { queuedAt: 1 } }),
    ]);
    const seen = new Set<string>();
    const unique = [...offered, ...own, ...waiting].filter((conversation) => !seen.has(conversation.id) && seen.add(conversation.id));
    return this.views(unique);
  }

  /** Every canned response, by title. */
  cannedResponses(): Promise<CannedResponse[]> {
    return this.options.config.cannedResponses.list();
  }

  /**
   * The canned responses for a conversation: those in the customer's language (or in none), each with its text
   * ready to send — `{CustomerName}`, `{AgentName}`, `{QueueName}` filled in — and its `template` as written.
   */
  async cannedResponsesFor(conversation: HandoffConversation, agentId: string): Promise<(CannedResponse & { readonly template: string })[]> {
    const [all, view, profile] = await Promise.all([this.cannedResponses(), this.view(conversation), this.options.config.agents.get(agentId)]);
    const values = { CustomerName: view.customer.name, AgentName: profile?.displayName, QueueName: view.queue.name };
    return all
      .filter((item) => item.language === undefined || item.language === conversation.language)
      .map((item) => ({ ...item, template: item.text, text: renderCannedResponse(item.text, withoutUndefinedValues(values)) }));
  }

  /** The handoff record of a conversation, if it was ever handed over. */
  recordOf(channelId: string, conversationId: string): Promise<HandoffConversation | undefined> {
    return this.options.conversations.get(handoffIdOf(channelId, conversationId));
  }

  /** What an agent needs to pick a transfer target: every queue and every agent with their presence. */
  async directory(): Promise<{
    readonly queues: readonly { readonly id: string; readonly name: string; readonly distribution: Queue['distribution']; readonly languages: readonly string[] }[];
    readonly agents: readonly { readonly id: string; readonly displayName: string; readonly presence: AgentPresence; readonly languages: readonly string[]; readonly queueIds: readonly string[] }[];
  }> {
    const [queues, profiles, capacities] = await Promise.all([this.options.config.queues.list(), this.options.config.agents.list(), this.options.assignments.listAgents()]);
    const presence = new Map(capacities.map((capacity) => [capacity.id, capacity.presence]));
    return {
      queues: queues.map((queue) => ({ id: queue.id, name: queue.name, distribution: queue.distribution, languages: queue.languages })),
      agents: profiles.map((profile) => ({ id: profile.id, displayName: profile.displayName, presence: presence.get(profile.id) ?? 'offline', languages: profile.languages, queueIds: profile.queueIds })),
    };
  }

  /** The supervisor's overview: queues, agents, open conversations. */
  async overview(): Promise<HandoffOverview> {
    const now = this.now();
    const [queues, profiles, capacities, open, recent] = await Promise.all([
      this.options.config.queues.list(),
      this.options.config.agents.list(),
      this.options.assignments.listAgents(),
      this.options.conversations.inStates(['queued', 'assigned', 'waiting', 'wrapUp']),
      this.options.conversations.find({ assignedAt: { $gte: new Date(now.getTime() - 24 * 60 * 60 * 1000) } }),
    ]);
    const capacityById = new Map(capacities.map((capacity) => [capacity.id, capacity]));
    return {
      at: now.toISOString(),
      queues: queues.map((queue) => {
        const inQueue = open.filter((conversation) => conversation.queueId === queue.id);
        const waiting = inQueue.filter((conversation) => conversation.state === 'queued');
        const assignedRecently = recent.filter((conversation) => conversation.queueId === queue.id && conversation.assignedAt);
        const withinTarget = assignedRecently.filter((conversation) => (conversation.assignedAt?.getTime() ?? 0) - conversation.queuedAt.getTime() <= SERVICE_LEVEL_SECONDS * 1000);
        return {
          id: queue.id,
          name: queue.name,
          distribution: queue.distribution,
          open: queue.hours === undefined || isWithinOperatingHours(queue.hours, now),
          waiting: waiting.length,
          offered: waiting.filter((conversation) => conversation.offeredAgentId !== undefined).length,
          assigned: inQueue.filter((conversation) => conversation.state === 'assigned').length,
          longestWaitSeconds: waiting.reduce((longest, conversation) => Math.max(longest, Math.floor((now.getTime() - conversation.queuedAt.getTime()) / 1000)), 0),
          serviceLevel: assignedRecently.length === 0 ? null : withinTarget.length / assignedRecently.length,
        };
      }),
      agents: profiles.map((profile) => {
        const capacity = capacityById.get(profile.id);
        return {
          id: profile.id,
          displayName: profile.displayName,
          presence: capacity?.presence ?? 'offline',
          capacity: capacity?.capacity ?? profile.capacity,
          load: capacity ? capacity.capacity - capacity.free : 0,
          queueIds: profile.queueIds,
          conversations: open.filter((conversation) => conversation.agentId === profile.id && conversation.state !== 'queued').length,
        };
      }),
      conversations: await this.views(open, queues),
    };
  }

  /** A record as screens show it. */
  async view(conversation: HandoffConversation): Promise<HandoffConversationView> {
    const [customer, queue] = await Promise.all([this.options.customers.get(conversation.customerId), this.options.config.queues.get(conversation.queueId)]);
    return this.shown(conversation, customer, queue);
  }

  /**
   * Records as screens show them, with one read of their customers and one of the queues (`queues` when the caller
   * has them), however many there are.
   */
  async views(conversations: readonly HandoffConversation[], queues?: readonly Queue[]): Promise<HandoffConversationView[]> {
    if (conversations.length === 0) return [];
    const [customers, queueList] = await Promise.all([this.options.customers.getMany(conversations.map((conversation) => conversation.customerId)), queues ?? this.options.config.queues.list()]);
    const customerById = new Map(customers.map((customer) => [customer.id, customer]));
    const queueById = new Map(queueList.map((queue) => [queue.id, queue]));
    return conversations.map((conversation) => this.shown(conversation, customerById.get(conversation.customerId), queueById.get(conversation.queueId)));
  }

  private shown(conversation: HandoffConversation, customer: Customer | undefined, queue: Queue | undefined): HandoffConversationView {
    const now = this.now();
    return {
      id: conversation.id,
      channelId: conversation.channelId,
      conversationId: conversation.conversationId,
      state: conversation.state,
      cycle: conversation.cycle,
      customer: { id: conversation.customerId, name: customer?.displayName, pictureUrl: customer?.pictureUrl, language: customer?.language, contactId: customer?.contactId },
      lineAccountId: conversation.lineAccountId,
      language: conversation.language,
      skill: conversation.skill,
      topic: conversation.topic,
      reason: conversation.reason,
      summary: conversation.summary,
      workstreamId: conversation.workstreamId,
      queue: { id: conversation.queueId, name: queue?.name ?? conversation.queueId, distribution: queue?.distribution },
      requiredSkills: conversation.requiredSkills,
      priority: conversation.priority,
      agentId: conversation.agentId,
      offeredAgentId: conversation.offeredAgentId,
      offerDeadline: conversation.offeredAt ? new Date(conversation.offeredAt.getTime() + this.options.settings.acceptTimeoutSeconds * 1000).toISOString() : undefined,
      requestedAt: conversation.requestedAt.toISOString(),
      queuedAt: conversation.queuedAt.toISOString(),
      assignedAt: conversation.assignedAt?.toISOString(),
      endedAt: conversation.endedAt?.toISOString(),
      closedAt: conversation.closedAt?.toISOString(),
      closeReason: conversation.closeReason,
      lastMessageAt: conversation.lastMessageAt.toISOString(),
      waitSeconds: conversation.state === 'queued' ? Math.max(0, Math.floor((now.getTime() - conversation.queuedAt.getTime()) / 1000)) : undefined,
      unread: conversation.unread,
      notes: conversation.notes.map((note) => ({ at: note.at.toISOString(), byUserId: note.byUserId, text: note.text })),
    };
  }
}

function withoutUndefinedValues<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<Record<keyof T, string>>;
}
