import { randomUUID } from 'node:crypto';
import { ActivityTypes, type Activity, type ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { HANDOFF_ENDED_EVENT, type HandoffContext, type HandoffEndedValue } from '../../dialogs/handoffRequest';
import { recognizeCommand } from '../../dialogs/language/commandRecognizer';
import { renderTemplate, type AutomatedMessageKey, type TemplatePlaceholder } from '../../dialogs/texts/automatedMessages';
import { textsFor } from '../../dialogs/texts/textsFor';
import type { Config } from '../config';
import type { AgentFile, NewAgentFile } from '../storage/agentFileRepository';
import { closeQuietly } from '../storage/attachmentContentRules';
import type { AutomatedMessageRepository } from '../storage/automatedMessageRepository';
import type { CustomerRepository } from '../storage/customerRepository';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../storage/engine/documentStore';
import type { AgentFileSending } from './agentFileSending';
import { AGENT_ENTITY_TYPE } from './agentMessageEntity';
import type { AssignmentStore } from './assignmentStore';
import type { HandoffConfigRepository } from './config/handoffConfigRepository';
import type { AgentProfile, CannedResponse, Workstream } from './config/handoffConfigModel';
import type { CustomerMessenger } from './customerMessenger';
import { HandoffActionError } from './handoffActionError';
import { handoffIdOf, WITH_PEOPLE, type CloseReason, type HandoffConversation } from './handoffConversation';
import type { HandoffConversationRepository } from './handoffConversationRepository';
import type { HandoffDistributor } from './handoffDistributor';
import type { HandoffEventBus, RelayedMessage } from './handoffEvents';
import { estimateWaitMinutes, positionsInQueues } from './queueStanding';
import { isWithinOperatingHours } from './routing/operatingHours';
import { routeConversation } from './routing/routingRules';
import type { AgentPresence, OperatingHours, Queue } from './routing/routingModel';
import { tappedButtonFields } from './tappedButtonRelay';
import { waitEstimateNotice } from './waitEstimateNotice';

/** Units of capacity one conversation takes. */
const CONVERSATION_UNITS = 1;
/** Recent assignments the wait estimate is taken from. */
const WAIT_SAMPLES = 20;

/** Settings a workstream gives when none is configured for the conversation's language. */
const DEFAULT_WORKSTREAM: Workstream = { id: 'default', name: 'Default', language: 'en', surveyEnabled: true, allowCustomerAttachments: true, allowAgentAttachments: true };

/** What the handoff needs. */
export interface HandoffServiceOptions {
  readonly store: DocumentStore;
  readonly conversations: HandoffConversationRepository;
  readonly assignments: AssignmentStore;
  readonly config: HandoffConfigRepository;
  readonly automatedMessages: AutomatedMessageRepository;
  readonly customers: CustomerRepository;
  readonly messenger: CustomerMessenger;
  readonly events: HandoffEventBus;
  readonly distributor: HandoffDistributor;
  readonly agentFiles: AgentFileSending;
  readonly settings: Config['handoff'];
  readonly logger: Logger;
  readonly clock?: () => Date;
}

/** What the handoff decided about a customer's request for a person. */
export interface HandoffRequestOutcome {
  /** `false`: nobody will take it now; `notices` say why. */
  readonly accepted: boolean;
  /** Automated messages for the customer, to be sent in the current turn. */
  readonly notices: readonly string[];
  /** `true`: `notices` acknowledge the request (the automated "request received"), so the bot adds none of its own. */
  readonly acknowledged?: boolean;
  /** Refused because this queue is closed now: the customer may leave a message for its next opening. */
  readonly closedQueue?: Queue;
}

/** Where a customer's activity goes. */
export interface CustomerActivityRouting {
  /** `people`: the bot must not see it; `bot`: the bot handles it. */
  readonly to: 'people' | 'bot';
  /** Messages for the customer, to be sent in the current turn. */
  readonly notices: readonly string[];
}

/** Who acts on a conversation: an agent (only on their own work) or a supervisor (on any). */
export type HandoffActor = { readonly kind: 'agent'; readonly userId: string } | { readonly kind: 'supervisor'; readonly userId: string };

/** Where a transfer goes: another queue, a named agent, or both (the agent gets the offer first). */
export interface TransferTarget {
  readonly queueId?: string;
  readonly agentId?: string;
  readonly note?: string;
}

/** A message an agent sends. */
export interface AgentMessage {
  readonly text?: string;
  readonly attachments?: readonly { readonly contentType: string; readonly contentUrl: string; readonly name?: string }[];
  /** Files the agent uploaded for this conversation (their ids), sent as each channel can take them. */
  readonly files?: readonly string[];
  /** Chosen by the sender's screen; sending again with the same id delivers nothing new. */
  readonly clientMessageId?: string;
}

/** A handoff record as screens show it: the record, the customer and what waiting means now. */
export interface HandoffConversationView {
  readonly id: string;
  readonly channelId: string;
  readonly conversationId: string;
  readonly state: HandoffConversation['state'];
  readonly cycle: number;
  readonly customer: { readonly id: string; readonly name: string | undefined; readonly pictureUrl: string | undefined; readonly language: string | undefined; readonly contactId: string | undefined };
  readonly lineAccountId: string | undefined;
  readonly language: string;
  readonly skill: string;
  readonly topic: string | undefined;
  readonly reason: string;
  readonly summary: string;
  readonly workstreamId: string;
  readonly queue: { readonly id: string; readonly name: string; readonly distribution: Queue['distribution'] | undefined };
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  readonly agentId: string | undefined;
  readonly offeredAgentId: string | undefined;
  /** ISO time by which the offered agent must accept. */
  readonly offerDeadline: string | undefined;
  readonly requestedAt: string;
  readonly queuedAt: string;
  readonly assignedAt: string | undefined;
  readonly endedAt: string | undefined;
  readonly closedAt: string | undefined;
  readonly closeReason: CloseReason | undefined;
  readonly lastMessageAt: string;
  /** Seconds waited so far in the queue (queued only). */
  readonly waitSeconds: number | undefined;
  readonly unread: number;
  readonly notes: readonly { readonly at: string; readonly byUserId: string; readonly text: string }[];
}

/** The supervisor's real-time overview. */
export interface HandoffOverview {
  readonly at: string;
  readonly queues: readonly {
    readonly id: string;
    readonly name: string;
    readonly distribution: Queue['distribution'];
    readonly open: boolean;
    readonly waiting: number;
    readonly offered: number;
    readonly assigned: number;
    readonly longestWaitSeconds: number;
    /** Share of the last day's assignments made within 60 seconds of queueing; `null` without assignments. */
    readonly serviceLevel: number | null;
  }[];
  readonly agents: readonly { readonly id: string; readonly displayName: string; readonly presence: AgentPresence; readonly capacity: number; readonly load: number; readonly queueIds: readonly string[]; readonly conversations: number }[];
  readonly conversations: readonly HandoffConversationView[];
}

type AgentMessageDocument = { _id: string; handoffId: string; agentId: string; at: Date; delivered: boolean; activityId?: string };

/** Seconds within which an assignment counts toward the service level. */
const SERVICE_LEVEL_SECONDS = 60;

/**
 * The handoff from the bot to people and back: takes the bot's requests, routes them to queues, relays the customer's
 * messages to the agent and the agent's to the customer, runs the agents' and supervisors' actions, sends the
 * automated messages, and sweeps what time decides (offers not accepted, wrap-up, inactivity, queue updates).
 *
 * Every change is a conditional update in the store (see {@link AssignmentStore} and
 * {@link HandoffConversationRepository}), so any number of instances may share one database.
 */
export class HandoffService {
  private readonly now: () => Date;
  private readonly log: Logger;
  private sweeping: Promise<void> | undefined;

  private constructor(
    private readonly options: HandoffServiceOptions,
    private readonly agentMessages: DocumentCollection<AgentMessageDocument>,
  ) {
    this.now = options.clock ?? (() => new Date());
    this.log = options.logger;
  }

  /** Creates the service and its collection of sent agent messages. */
  static async open(options: HandoffServiceOptions): Promise<HandoffService> {
    const agentMessages = await options.store.collection<AgentMessageDocument>('handoffAgentMessages', [{ keys: { at: 1 }, expireAfterSeconds: 7 * 24 * 60 * 60 }]);
    return new HandoffService(options, agentMessages);
  }

  /** Makes sure the fallback queue exists (serving every language, push distribution), so no request is stranded. */
  async ensureFallbackQueue(): Promise<void> {
    const id = this.options.settings.fallbackQueueId;
    if (await this.options.config.queues.get(id)) return;
    try {
      await this.options.config.createQueue({ id, name: 'General', languages: ['en', 'ja', 'th', 'zh-TW'], priority: 0, distribution: 'push' });
      this.log.info({ queueId: id }, 'created the fallback queue');
    } catch (error) {
      // Another instance created it at the same moment.
      if (!(await this.options.config.queues.get(id))) throw error;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The customer's side

  /**
   * Takes the bot's `handoff.initiate`: routes the conversation and queues it, unless its queue is closed now (with
   * `evenIfClosed`, as a message left for the opening, it is queued all the same).
   * A conversation already with people is left as it is.
   */
  async requestHandoff(reference: Partial<ConversationReference>, request: HandoffContext, options: { readonly evenIfClosed?: boolean } = {}): Promise<HandoffRequestOutcome> {
    const channelId = reference.channelId ?? '';
    const conversationId = reference.conversation?.id ?? '';
    const id = handoffIdOf(channelId, conversationId);
    const now = this.now();
    const customer = await this.options.customers.get(request.customerId);
    const lineAccountId = channelId === 'line' ? conversationId.split(':')[0] : undefined;
    const [rules, queues] = await Promise.all([this.options.config.rules.list(), this.queuesById()]);
    const decision = routeConversation(
      {
        conversationId: id,
        language: request.language,
        skill: request.skill,
        ...(request.topic !== undefined ? { topic: request.topic } : {}),
        ...(lineAccountId !== undefined ? { lineAccountId } : {}),
        customerTags: customer?.tags ?? [],
        hasLinkedContact: customer?.contactId !== undefined,
      },
      rules,
      queues,
      this.options.settings.fallbackQueueId,
      now,
    );
    const workstream = await this.workstreamFor(request.language);
    const queue = queues.get(decision.queueId);
    if (decision.outOfHours && options.evenIfClosed !== true) {
      const key = queue?.hours && isHoliday(queue.hours, now) ? 'holiday' : 'outOfOperatingHours';
      this.log.info({ handoffId: id, queueId: decision.queueId }, 'handoff refused: the queue is closed now');
      return { accepted: false, notices: [await this.automatedText(workstream, request.language, key, { QueueName: queue?.name })], ...(queue ? { closedQueue: queue } : {}) };
    }

    const { conversation, started } = await this.options.conversations.startCycle({
      id,
      channelId,
      conversationId,
      customerId: request.customerId,
      lineAccountId,
      reference: plainReference(reference),
      language: request.language,
      skill: request.skill,
      topic: request.topic,
      reason: request.reason,
      summary: request.summary,
      workstreamId: workstream.id,
      queueId: decision.queueId,
      requiredSkills: decision.requiredSkills,
      priority: decision.priority,
      ruleId: decision.ruleId,
      units: CONVERSATION_UNITS,
      requestedAt: now,
      queuedAt: now,
      lastMessageAt: now,
    });
    if (!started) return { accepted: true, notices: [] };
    await this.options.assignments.enqueue({ conversationKey: id, queueId: decision.queueId, units: CONVERSATION_UNITS, at: now });
    this.log.info({ handoffId: id, queueId: decision.queueId, ruleId: decision.ruleId, skippedRuleIds: decision.skippedRuleIds }, 'conversation queued for a person');
    this.publishConversation(conversation, 'queued');
    // The operator's "request received" message is the first handoff's acknowledgement (the bot then says nothing of its own).
    const received = await this.automatedText(workstream, request.language, 'requestReceived', { QueueName: queue?.name });
    const notices = [received, ...(await this.queueStandingNotices(conversation, workstream))];
    this.options.distributor.kick();
    return { accepted: true, acknowledged: true, notices };
  }

  /** The customer withdrew their request (the bot's `handoff.cancel`): a queued conversation goes back to the bot. */
  async cancelByCustomer(channelId: string, conversationId: string): Promise<boolean> {
    const id = handoffIdOf(channelId, conversationId);
    const before = await this.options.conversations.get(id);
    if (!before || before.state !== 'queued') return false;
    const closed = await this.options.conversations.transition(id, { states: ['queued'] }, { $set: { state: 'closed', closedAt: this.now(), closeReason: 'customerCancelled' }, $unset: { offeredAgentId: true, offeredAt: true } });
    if (!closed) return false;
    await this.options.assignments.withdraw(id);
    if (before.offeredAgentId !== undefined) this.options.events.publish({ type: 'offerEnded', conversationId: id, queueId: before.queueId, agentId: before.offeredAgentId, reason: 'withdrawn' });
    this.publishConversation(closed, 'cancelled');
    return true;
  }

  /**
   * Decides where a customer's activity goes. Messages of a conversation with people skip the bot and reach the agent
   * (the transcript has them); a waiting conversation is queued again for its agent first. While queued, "cancel"
   * goes to the bot, which withdraws the request.
   */
  async routeCustomerActivity(activity: Partial<Activity>): Promise<CustomerActivityRouting> {
    if (activity.type !== ActivityTypes.Message) return { to: 'bot', notices: [] };
    const id = handoffIdOf(activity.channelId ?? '', activity.conversation?.id ?? '');
    const conversation = await this.options.conversations.get(id);
    if (!conversation || !WITH_PEOPLE.includes(conversation.state)) return { to: 'bot', notices: [] };
    if (conversation.state === 'queued' && isCancel(activity)) return { to: 'bot', notices: [] };

    const now = this.now();
    const workstream = await this.workstreamFor(conversation.language, conversation.workstreamId);
    const notices: string[] = [];
    const hasAttachments = (activity.attachments?.length ?? 0) > 0;
    if (hasAttachments && !workstream.allowCustomerAttachments) notices.push(textsFor(conversation.language).attachmentsNotAccepted);

    let current: HandoffConversation | undefined = conversation;
    if (conversation.state === 'waiting') {
      current = await this.requeueWaiting(conversation, now);
      if (current) notices.push(await this.automatedText(workstream, conversation.language, 'requestReceived', { QueueName: (await this.queueName(current.queueId)) }));
    } else {
      current = await this.options.conversations.transition(id, { states: WITH_PEOPLE }, { $set: { lastMessageAt: now }, $inc: { unread: 1 } });
      if (current?.state === 'queued') notices.push(...(await this.queueStandingNotices(current, workstream, { onlyIfDue: true })));
    }
    const target = current ?? conversation;
    this.options.events.publish({ type: 'message', conversationId: id, queueId: target.queueId, agentId: target.agentId ?? target.offeredAgentId, message: relayedFromCustomer(activity, hasAttachments && !workstream.allowCustomerAttachments) });
    return { to: 'people', notices };
  }

  /** The customer blocked the account or left: whatever is open closes without a survey. */
  async customerLeft(channelId: string, conversationId: string): Promise<void> {
    const id = handoffIdOf(channelId, conversationId);
    const conversation = await this.options.conversations.get(id);
    if (!conversation || conversation.state === 'closed') return;
    await this.closeNow(conversation, 'customerLeft', { tellCustomer: false });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Agents' actions

  /** The agent's profile, or a `not_found` refusal: only users with a profile take conversations. */
  async profileOf(agentId: string): Promise<AgentProfile> {
    const profile = await this.options.config.agents.get(agentId);
    if (!profile) throw new HandoffActionError('not_found', 'no agent profile for this user; an admin creates one under /api/admin/agents');
    return profile;
  }

  /** Sets an agent's presence. Going offline gives back offers and queues the agent's conversations again. */
  async setPresence(agentId: string, presence: AgentPresence): Promise<{ readonly presence: AgentPresence; readonly capacity: number; readonly load: number }> {
    const profile = await this.profileOf(agentId);
    const capacity = await this.options.assignments.upsertAgent({ id: agentId, capacity: profile.capacity, presence });
    this.options.events.publish({ type: 'presence', agentId, presence });
    if (presence === 'offline') {
      for (const offered of await this.options.conversations.find({ state: 'queued', offeredAgentId: agentId })) await this.endOffer(offered, agentId, 'declined');
      for (const assigned of await this.options.conversations.find({ state: 'assigned', agentId })) {
        await this.requeue(assigned, { excludeAgentId: agentId, keepWait: true, change: 'requeued', tell: 'requestReceived' });
      }
    }
    if (presence === 'available') this.options.distributor.kick();
    const after = (await this.options.assignments.agent(agentId)) ?? capacity;
    return { presence: after.presence, capacity: after.capacity, load: after.capacity - after.free };
  }

  /** The agent's presence and load (offline and idle when never set). */
  async presenceOf(agentId: string): Promise<{ readonly presence: AgentPresence; readonly capacity: number; readonly load: number }> {
    const profile = await this.profileOf(agentId);
    const capacity = await this.options.assignments.agent(agentId);
    return capacity ? { presence: capacity.presence, capacity: capacity.capacity, load: capacity.capacity - capacity.free } : { presence: 'offline', capacity: profile.capacity, load: 0 };
  }

  /**
   * The agent takes a conversation: one offered to them, or (pick mode) one waiting in a pick queue they serve.
   * The customer is told who joined.
   */
  async accept(id: string, agentId: string): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    const profile = await this.profileOf(agentId);
    if (conversation.state !== 'queued') throw new HandoffActionError('conflict', `the conversation is ${conversation.state}, not waiting for an agent`);
    const now = this.now();
    if (conversation.offeredAgentId === agentId) {
      if ((await this.options.assignments.accept(id, agentId)) !== 'assigned') throw new HandoffActionError('conflict', 'the offer is no longer open (it expired or was withdrawn)');
    } else if (conversation.offeredAgentId !== undefined) {
      throw new HandoffActionError('conflict', 'the conversation is offered to another agent');
    } else {
      const queue = await this.options.config.queues.get(conversation.queueId);
      if (!profile.queueIds.includes(conversation.queueId)) throw new HandoffActionError('forbidden', 'you do not serve this queue');
      if (queue?.distribution !== 'pick') throw new HandoffActionError('conflict', 'conversations of this queue are offered to agents, not picked');
      if (!profile.languages.includes(conversation.language)) throw new HandoffActionError('conflict', `you do not serve the customer's language (${conversation.language})`);
      const offered = await this.options.assignments.offer(id, agentId, now);
      if (offered === 'agent_unavailable') throw new HandoffActionError('conflict', 'set your presence to available with free capacity to take a conversation');
      if (offered === 'not_queued' || (await this.options.assignments.accept(id, agentId)) !== 'assigned') throw new HandoffActionError('conflict', 'someone else took the conversation');
    }
    const assigned = await this.options.conversations.transition(
      id,
      { states: ['queued'] },
      { $set: { state: 'assigned', agentId, lastAgentId: agentId, assignedAt: now, lastMessageAt: now }, $unset: { offeredAgentId: true, offeredAt: true } },
    );
    if (!assigned) {
      // Cancelled by the customer between the two writes: give the capacity back.
      await this.options.assignments.release(id, agentId);
      throw new HandoffActionError('conflict', 'the customer withdrew the request');
    }
    this.log.info({ handoffId: id, agentId, waitedMs: now.getTime() - conversation.queuedAt.getTime() }, 'conversation assigned');
    if (conversation.offeredAgentId === agentId) this.options.events.publish({ type: 'offerEnded', conversationId: id, queueId: assigned.queueId, agentId, reason: 'accepted' });
    this.publishConversation(assigned, 'assigned');
    const workstream = await this.workstreamFor(assigned.language, assigned.workstreamId);
    await this.tellCustomer(assigned, 'assigned', [await this.automatedText(workstream, assigned.language, 'agentAssigned', { AgentName: profile.displayName })]);
    return this.view(assigned);
  }

  /** The agent turns the offer down; the conversation goes to the next agent. */
  async decline(id: string, agentId: string): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    if (conversation.state !== 'queued' || conversation.offeredAgentId !== agentId) throw new HandoffActionError('conflict', 'the conversation is not offered to you');
    const after = await this.endOffer(conversation, agentId, 'declined');
    if (!after) throw new HandoffActionError('conflict', 'the offer is no longer open');
    return this.view(after);
  }

  /**
   * Ends or closes a conversation. An assigned (or waiting) conversation ends: the customer is told, the bot resumes
   * and asks the survey when the workstream has one, and the agent keeps it in wrap-up (its capacity held) for the
   * configured time or until they close it again. A supervisor may also close a queued one.
   */
  async close(id: string, actor: HandoffActor): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    this.assertActsOn(conversation, actor);
    switch (conversation.state) {
      case 'assigned':
      case 'waiting':
        return this.view(await this.endByAgent(conversation, actor.kind === 'supervisor' ? 'supervisor' : 'agent'));
      case 'wrapUp':
        return this.view((await this.completeWrapUp(conversation)) ?? conversation);
      case 'queued':
        if (actor.kind !== 'supervisor') throw new HandoffActionError('conflict', 'a waiting conversation is declined, not closed');
        return this.view((await this.closeNow(conversation, 'supervisor', { tellCustomer: true })) ?? conversation);
      case 'closed':
        throw new HandoffActionError('conflict', 'the conversation is closed already');
    }
  }

  /**
   * The agent steps away without ending the conversation (`waiting`): their capacity is freed and the customer is told;
   * when the customer writes again the conversation is queued for the same agent first.
   */
  async wait(id: string, agentId: string): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    this.assertActsOn(conversation, { kind: 'agent', userId: agentId });
    if (conversation.state !== 'assigned') throw new HandoffActionError('conflict', `the conversation is ${conversation.state}, not assigned`);
    const waiting = await this.options.conversations.transition(id, { states: ['assigned'], where: { agentId } }, { $set: { state: 'waiting' } });
    if (!waiting) throw new HandoffActionError('conflict', 'the conversation changed meanwhile');
    await this.options.assignments.release(id, agentId);
    this.publishConversation(waiting, 'waiting');
    const profile = await this.options.config.agents.get(agentId);
    const workstream = await this.workstreamFor(waiting.language, waiting.workstreamId);
    await this.tellCustomer(waiting, 'waiting', [await this.automatedText(workstream, waiting.language, 'agentLeft', { AgentName: profile?.displayName })]);
    this.options.distributor.kick();
    return this.view(waiting);
  }

  /**
   * Moves a conversation to another queue and/or agent, with a note for whoever takes it. A named agent gets the
   * offer at once and must be available with free capacity (a supervisor's transfer assigns them outright).
   */
  async transfer(id: string, actor: HandoffActor, target: TransferTarget): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    this.assertActsOn(conversation, actor);
    if (target.queueId === undefined && target.agentId === undefined) throw new HandoffActionError('invalid', 'name a queueId, an agentId or both');
    const allowed = actor.kind === 'supervisor' ? ['assigned', 'queued', 'waiting'] : ['assigned'];
    if (!allowed.includes(conversation.state)) throw new HandoffActionError('conflict', `a ${conversation.state} conversation cannot be transferred`);
    const queueId = target.queueId ?? conversation.queueId;
    const queue = await this.options.config.queues.get(queueId);
    if (!queue) throw new HandoffActionError('invalid', `queue '${queueId}' does not exist`);
    if (!queue.languages.includes(conversation.language)) throw new HandoffActionError('conflict', `queue '${queueId}' does not serve ${conversation.language}`);
    const targetAgent = target.agentId === undefined ? undefined : await this.options.config.agents.get(target.agentId);
    if (target.agentId !== undefined) {
      if (!targetAgent) throw new HandoffActionError('invalid', `agent '${target.agentId}' has no agent profile`);
      if (target.agentId === conversation.agentId && conversation.state === 'assigned') throw new HandoffActionError('conflict', 'the conversation is assigned to that agent already');
      if (actor.kind === 'agent') {
        const capacity = await this.options.assignments.agent(target.agentId);
        if (!capacity || capacity.presence !== 'available' || capacity.free < conversation.units) throw new HandoffActionError('conflict', `${targetAgent.displayName} is not available with free capacity`);
      }
    }

    const now = this.now();
    const note = target.note?.trim();
    const moved = await this.requeue(conversation, {
      queueId,
      keepWait: false,
      change: 'transferred',
      ...(conversation.agentId !== undefined && conversation.state === 'assigned' ? { excludeAgentId: conversation.agentId } : {}),
      ...(note ? { note: { at: now, byUserId: actor.userId, text: note } } : {}),
      tell: 'requestReceived',
    });
    if (!moved) throw new HandoffActionError('conflict', 'the conversation changed meanwhile');
    if (target.agentId === undefined || !targetAgent) {
      this.options.distributor.kick();
      return this.view(moved);
    }
    if (actor.kind === 'supervisor') return this.view(await this.forceAssign(moved, targetAgent));
    const offered = await this.options.distributor.offerTo(moved, target.agentId);
    if (!offered) this.options.distributor.kick();
    return this.view(offered ?? moved);
  }

  /** A supervisor assigns a queued conversation to an agent, whatever the agent's presence and load. */
  async supervisorAssign(id: string, agentId: string): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    const profile = await this.options.config.agents.get(agentId);
    if (!profile) throw new HandoffActionError('invalid', `agent '${agentId}' has no agent profile`);
    if (conversation.state !== 'queued') throw new HandoffActionError('conflict', `the conversation is ${conversation.state}; transfer it instead`);
    if (conversation.offeredAgentId !== undefined) {
      const withdrawn = await this.endOffer(conversation, conversation.offeredAgentId, 'withdrawn');
      if (!withdrawn) throw new HandoffActionError('conflict', 'the conversation changed meanwhile');
      return this.view(await this.forceAssign(withdrawn, profile));
    }
    return this.view(await this.forceAssign(conversation, profile));
  }

  /**
   * Sends the agent's message to the customer through the conversation's channel. Only the assigned agent may; files
   * only when the workstream lets agents send them. Sending again with the same `clientMessageId` sends nothing.
   */
  async sendAgentMessage(id: string, agentId: string, message: AgentMessage): Promise<{ readonly messageId: string; readonly duplicate: boolean }> {
    const conversation = await this.requireServing(id, agentId);
    const attachments = [...(message.attachments ?? []), ...(await this.options.agentFiles.attachmentsFor(conversation, message.files ?? []))];
    if (attachments.length > 0) {
      const workstream = await this.workstreamFor(conversation.language, conversation.workstreamId);
      if (!workstream.allowAgentAttachments) throw new HandoffActionError('forbidden', `workstream '${workstream.id}' does not let agents send files`);
    }
    if (!message.text?.trim() && attachments.length === 0) throw new HandoffActionError('invalid', 'a message needs text or an attachment');
    const messageId = message.clientMessageId ?? randomUUID();
    const key = `${id}|${messageId}`;
    const now = this.now();
    try {
      await this.agentMessages.insertOne({ _id: key, handoffId: id, agentId, at: now, delivered: false });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const earlier = await this.agentMessages.findOne({ _id: key });
      // Delivered before: nothing to do. Not delivered: the earlier attempt failed midway; sending again with the
      // same delivery id lets LINE drop a copy it already accepted.
      if (earlier?.delivered) return { messageId, duplicate: true };
    }
    const profile = await this.options.config.agents.get(agentId);
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      ...(message.text?.trim() ? { text: message.text } : {}),
      ...(attachments.length > 0 ? { attachments: attachments.map((attachment) => ({ ...attachment })) } : {}),
      entities: [{ type: AGENT_ENTITY_TYPE, agentId, name: profile?.displayName ?? '' }],
    };
    let response: { id?: string } | undefined;
    try {
      [response] = await this.options.messenger.send(conversation.reference, [activity], `agent-message:${key}`);
    } catch (error) {
      this.log.warn({ err: error, handoffId: id, agentId }, 'an agent message was not delivered');
      throw new HandoffActionError('delivery_failed', `the message did not reach the customer (${error instanceof Error ? error.message : String(error)}); send it again with the same clientMessageId`);
    }
    await this.agentMessages.updateOne({ _id: key }, { $set: { delivered: true, ...(response?.id ? { activityId: response.id } : {}) } });
    await this.options.conversations.transition(id, { states: ['assigned'] }, { $set: { lastMessageAt: now, unread: 0 } });
    this.options.events.publish({
      type: 'message',
      conversationId: id,
      queueId: conversation.queueId,
      agentId,
      message: {
        id: response?.id,
        author: 'agent',
        agentId,
        agentName: profile?.displayName ?? '',
        clientMessageId: messageId,
        text: activity.text,
        attachments: attachments.map((attachment) => ({ ...attachment })),
        at: now.toISOString(),
      },
    });
    return { messageId, duplicate: false };
  }

  /** Whether the serving agent may send files in conversation `id` now, and if not, why; the largest file they may send. */
  async fileSendingFor(id: string, agentId: string): Promise<{ readonly allowed: boolean; readonly reason: string | undefined; readonly maxBytes: number }> {
    const conversation = await this.requireServing(id, agentId);
    const workstream = await this.workstreamFor(conversation.language, conversation.workstreamId);
    const reason = workstream.allowAgentAttachments ? this.options.agentFiles.unavailableReason(conversation) : `the workstream '${workstream.name}' does not let agents send files`;
    return { allowed: reason === undefined, reason, maxBytes: this.options.agentFiles.maxBytes };
  }

  /**
   * Keeps a file the serving agent will send in conversation `id` (then named in {@link AgentMessage.files}).
   *
   * @throws {HandoffActionError} `forbidden` when the workstream does not let agents send files; `conflict` when the
   *   agent is not serving the conversation or its channel cannot fetch files from this server.
   */
  async uploadAgentFile(id: string, agentId: string, upload: Pick<NewAgentFile, 'contentType' | 'fileName' | 'content'>): Promise<AgentFile> {
    const conversation = await this.requireServing(id, agentId);
    const workstream = await this.workstreamFor(conversation.language, conversation.workstreamId);
    if (!workstream.allowAgentAttachments) {
      await closeQuietly(upload.content);
      throw new HandoffActionError('forbidden', `workstream '${workstream.id}' does not let agents send files`);
    }
    return this.options.agentFiles.upload(conversation, agentId, upload);
  }

  /** The public address of agent file `id` (or of its preview). */
  agentFileUrl(id: string, which: 'original' | 'preview' = 'original'): string {
    return this.options.agentFiles.urlOf(id, which);
  }

  /** Keeps the preview LINE shows of a picture the serving agent uploaded in conversation `id`. */
  async storeAgentFilePreview(id: string, agentId: string, fileId: string, contentType: string, content: AsyncIterable<Uint8Array>): Promise<AgentFile> {
    const conversation = await this.requireServing(id, agentId);
    return this.options.agentFiles.storePreview(conversation, fileId, contentType, content);
  }

  /** The serving agent has read the customer's messages. */
  async markRead(id: string, agentId: string): Promise<void> {
    await this.options.conversations.transition(id, { states: ['assigned', 'waiting', 'wrapUp'], where: { agentId } }, { $set: { unread: 0 } });
  }

  /**
   * Deletes a customer's handoff records (a privacy request); open ones leave their queue or agent first, and their
   * agents' screens are told.
   * @returns how many records were deleted.
   */
  async purgeCustomer(customerId: string): Promise<number> {
    const records = await this.options.conversations.find({ customerId });
    for (const record of records) {
      await this.options.assignments.withdraw(record.id);
      if (record.state !== 'closed') this.publishConversation({ ...record, state: 'closed' }, 'purged');
    }
    const deleted = await this.options.conversations.deleteCustomer(customerId);
    this.options.distributor.kick();
    return deleted;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Views

  /** The record, or a `not_found` refusal. */
  /** The conversation `id`, when `agentId` is the agent it is assigned to. */
  private async requireServing(id: string, agentId: string): Promise<HandoffConversation> {
    const conversation = await this.require(id);
    if (conversation.state !== 'assigned' || conversation.agentId !== agentId) throw new HandoffActionError('conflict', 'only the agent the conversation is assigned to can write to the customer');
    return conversation;
  }

  async require(id: string): Promise<HandoffConversation> {
    const conversation = await this.options.conversations.get(id);
    if (!conversation) throw new HandoffActionError('not_found', 'no such conversation');
    return conversation;
  }

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
    return Promise.all(unique.map((conversation) => this.view(conversation)));
  }

  /** Every canned response, by title. */
  cannedResponses(): Promise<CannedResponse[]> {
    return this.options.config.cannedResponses.list();
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
      conversations: await Promise.all(open.map((conversation) => this.view(conversation))),
    };
  }

  /** A record as screens show it. */
  async view(conversation: HandoffConversation): Promise<HandoffConversationView> {
    const now = this.now();
    const [customer, queue] = await Promise.all([this.options.customers.get(conversation.customerId), this.options.config.queues.get(conversation.queueId)]);
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

  // ---------------------------------------------------------------------------------------------------------------
  // What time decides

  /**
   * One pass over what time decides: offers not accepted in time go to the next agent, wrap-ups end, inactive
   * conversations close, waiting customers hear their new place, queued conversations are distributed. Passes never
   * overlap within a process; instances may run them side by side.
   */
  sweep(): Promise<void> {
    this.sweeping ??= this.runSweep().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  /** Resolves when the running sweep and distribution (if any) are done. */
  async sweepsDone(): Promise<void> {
    await this.sweeping;
    await this.options.distributor.idle();
  }

  private async runSweep(): Promise<void> {
    const now = this.now();
    const settings = this.options.settings;
    await this.options.distributor.expireOffers(now);
    for (const ended of await this.options.conversations.find({ state: 'wrapUp', endedAt: { $lte: new Date(now.getTime() - settings.wrapUpSeconds * 1000) } })) {
      await this.completeWrapUp(ended);
    }
    const idleSince = new Date(now.getTime() - settings.inactivityCloseMinutes * 60 * 1000);
    for (const idle of await this.options.conversations.find({ state: { $in: ['assigned', 'waiting'] }, lastMessageAt: { $lt: idleSince } })) {
      await this.closeNow(idle, 'inactivity', { tellCustomer: true });
    }
    await this.sendQueueUpdates(now);
    await this.options.distributor.distribute();
  }

  private async sendQueueUpdates(now: Date): Promise<void> {
    const queued = await this.options.conversations.inStates(['queued']);
    const positions = positionsInQueues(queued);
    const interval = this.options.settings.queueUpdateSeconds * 1000;
    // One read of recent waits per queue per sweep, however long the queue.
    const waitsByQueue = new Map<string, Promise<number[]>>();
    for (const conversation of queued) {
      const waits = waitsByQueue.get(conversation.queueId) ?? this.recentWaits(conversation.queueId);
      waitsByQueue.set(conversation.queueId, waits);
      const position = positions.get(conversation.id);
      if (position === undefined || conversation.offeredAgentId !== undefined) continue;
      const told = conversation.notifiedPosition;
      // Only better news, and not too often: a long queue must not spam its customers.
      if (told !== undefined && position >= told) continue;
      if (conversation.notifiedAt && now.getTime() - conversation.notifiedAt.getTime() < interval) continue;
      const workstream = await this.workstreamFor(conversation.language, conversation.workstreamId);
      const notices = await this.queueStandingNotices(conversation, workstream, { position, waits });
      await this.tellCustomer(conversation, `position-${position}-${now.getTime()}`, notices);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Steps shared by the actions

  private async requeueWaiting(conversation: HandoffConversation, now: Date): Promise<HandoffConversation | undefined> {
    const queued = await this.options.conversations.transition(
      conversation.id,
      { states: ['waiting'], version: conversation.version },
      { $set: { state: 'queued', queuedAt: now, lastMessageAt: now, declined: [] }, $unset: { agentId: true, offeredAgentId: true, offeredAt: true, notifiedPosition: true, notifiedAt: true }, $inc: { unread: 1 } },
    );
    if (!queued) return this.options.conversations.get(conversation.id);
    await this.options.assignments.enqueue({ conversationKey: conversation.id, queueId: queued.queueId, units: queued.units, at: now });
    this.publishConversation(queued, 'requeued');
    this.options.distributor.kick();
    return queued;
  }

  /** Puts an assigned, waiting or queued conversation (back) in a queue. */
  private async requeue(
    conversation: HandoffConversation,
    how: { readonly queueId?: string; readonly excludeAgentId?: string; readonly keepWait: boolean; readonly change: string; readonly note?: { at: Date; byUserId: string; text: string }; readonly tell?: AutomatedMessageKey },
  ): Promise<HandoffConversation | undefined> {
    const now = this.now();
    const queueId = how.queueId ?? conversation.queueId;
    const sameQueue = queueId === conversation.queueId;
    const queued = await this.options.conversations.transition(
      conversation.id,
      { states: [conversation.state], version: conversation.version },
      {
        $set: {
          state: 'queued',
          queueId,
          ...(sameQueue ? {} : { requiredSkills: [] }),
          ...(how.keepWait ? {} : { queuedAt: now }),
          declined: how.excludeAgentId ? [{ agentId: how.excludeAgentId, at: now }] : [],
        },
        $unset: { agentId: true, offeredAgentId: true, offeredAt: true, notifiedPosition: true, notifiedAt: true },
        ...(how.note ? { $push: { notes: how.note } } : {}),
      },
    );
    if (!queued) return undefined;
    if (conversation.state === 'assigned' && conversation.agentId !== undefined) await this.options.assignments.release(conversation.id, conversation.agentId);
    if (conversation.state === 'queued') await this.options.assignments.withdraw(conversation.id);
    if (conversation.offeredAgentId !== undefined) this.options.events.publish({ type: 'offerEnded', conversationId: conversation.id, queueId: conversation.queueId, agentId: conversation.offeredAgentId, reason: 'withdrawn' });
    await this.options.assignments.enqueue({ conversationKey: conversation.id, queueId, units: queued.units, at: how.keepWait ? queued.queuedAt : now });
    this.publishConversation(queued, how.change);
    this.options.distributor.kick();
    if (how.tell) {
      const workstream = await this.workstreamFor(queued.language, queued.workstreamId);
      await this.tellCustomer(queued, `${how.change}-${queued.version}`, [await this.automatedText(workstream, queued.language, how.tell, { QueueName: await this.queueName(queueId) })]);
    }
    return queued;
  }

  private async forceAssign(conversation: HandoffConversation, profile: AgentProfile): Promise<HandoffConversation> {
    const now = this.now();
    const capacity = await this.options.assignments.agent(profile.id);
    if (!capacity) await this.options.assignments.upsertAgent({ id: profile.id, capacity: profile.capacity, presence: 'offline' });
    const result = await this.options.assignments.forceAssign(conversation.id, profile.id, now);
    if (result !== 'assigned') throw new HandoffActionError('conflict', 'the conversation changed meanwhile');
    const assigned = await this.options.conversations.transition(
      conversation.id,
      { states: ['queued'] },
      { $set: { state: 'assigned', agentId: profile.id, lastAgentId: profile.id, assignedAt: now, lastMessageAt: now }, $unset: { offeredAgentId: true, offeredAt: true } },
    );
    if (!assigned) {
      await this.options.assignments.release(conversation.id, profile.id);
      throw new HandoffActionError('conflict', 'the customer withdrew the request');
    }
    this.publishConversation(assigned, 'assigned');
    const workstream = await this.workstreamFor(assigned.language, assigned.workstreamId);
    await this.tellCustomer(assigned, 'assigned', [await this.automatedText(workstream, assigned.language, 'agentAssigned', { AgentName: profile.displayName })]);
    return assigned;
  }

  private async endOffer(conversation: HandoffConversation, agentId: string, reason: 'declined' | 'withdrawn'): Promise<HandoffConversation | undefined> {
    if ((await this.options.assignments.decline(conversation.id, agentId)) !== 'queued') return undefined;
    const after = await this.options.conversations.transition(
      conversation.id,
      { states: ['queued'], where: { offeredAgentId: agentId } },
      { $unset: { offeredAgentId: true, offeredAt: true }, ...(reason === 'declined' ? { $push: { declined: { agentId, at: this.now() } } } : {}) },
    );
    this.options.events.publish({ type: 'offerEnded', conversationId: conversation.id, queueId: conversation.queueId, agentId, reason });
    if (after) this.publishConversation(after, reason === 'declined' ? 'offerDeclined' : 'offerWithdrawn');
    this.options.distributor.kick();
    return after;
  }

  private async endByAgent(conversation: HandoffConversation, reason: CloseReason): Promise<HandoffConversation> {
    const now = this.now();
    const ended = await this.options.conversations.transition(conversation.id, { states: ['assigned', 'waiting'], version: conversation.version }, { $set: { state: 'wrapUp', endedAt: now, closeReason: reason } });
    if (!ended) throw new HandoffActionError('conflict', 'the conversation changed meanwhile');
    // A waiting conversation holds no capacity any more: its wrap-up has nothing to keep.
    if (conversation.state === 'waiting') await this.options.assignments.withdraw(conversation.id);
    this.publishConversation(ended, 'ended');
    const workstream = await this.workstreamFor(ended.language, ended.workstreamId);
    await this.tellCustomer(ended, 'ended', [await this.automatedText(workstream, ended.language, 'conversationEnded', {})]);
    await this.resumeBot(ended, workstream.surveyEnabled);
    if (this.options.settings.wrapUpSeconds === 0) return (await this.completeWrapUp(ended)) ?? ended;
    return ended;
  }

  private async completeWrapUp(conversation: HandoffConversation): Promise<HandoffConversation | undefined> {
    const closed = await this.options.conversations.transition(conversation.id, { states: ['wrapUp'] }, { $set: { state: 'closed', closedAt: this.now() } });
    if (!closed) return undefined;
    if (conversation.agentId !== undefined) await this.options.assignments.release(conversation.id, conversation.agentId);
    await this.options.assignments.withdraw(conversation.id);
    this.publishConversation(closed, 'closed');
    this.options.distributor.kick();
    return closed;
  }

  /** Closes at once, without wrap-up: inactivity, a supervisor closing a queued conversation, the customer leaving. */
  private async closeNow(conversation: HandoffConversation, reason: CloseReason, how: { readonly tellCustomer: boolean }): Promise<HandoffConversation | undefined> {
    const now = this.now();
    const closed = await this.options.conversations.transition(
      conversation.id,
      { states: [conversation.state], version: conversation.version },
      { $set: { state: 'closed', closedAt: now, closeReason: reason, ...(conversation.state === 'wrapUp' ? {} : { endedAt: now }) }, $unset: { offeredAgentId: true, offeredAt: true } },
    );
    if (!closed) return undefined;
    await this.options.assignments.withdraw(conversation.id);
    if (conversation.offeredAgentId !== undefined) this.options.events.publish({ type: 'offerEnded', conversationId: conversation.id, queueId: conversation.queueId, agentId: conversation.offeredAgentId, reason: 'withdrawn' });
    this.publishConversation(closed, 'closed');
    this.log.info({ handoffId: conversation.id, reason }, 'conversation closed');
    if (conversation.state !== 'wrapUp') {
      if (how.tellCustomer) {
        const workstream = await this.workstreamFor(closed.language, closed.workstreamId);
        await this.tellCustomer(closed, 'closed', [await this.automatedText(workstream, closed.language, 'conversationEnded', {})]);
      }
      if (reason !== 'customerLeft') await this.resumeBot(closed, false);
    }
    this.options.distributor.kick();
    return closed;
  }

  /** Hands the conversation back to the bot (`handoff.ended`), which clears the request and asks the survey if told to. */
  private async resumeBot(conversation: HandoffConversation, survey: boolean): Promise<void> {
    const value: HandoffEndedValue = { survey };
    try {
      await this.options.messenger.runBotEvent(conversation.reference, HANDOFF_ENDED_EVENT, value, `handoff-ended:${conversation.id}:${conversation.cycle}`);
    } catch (error) {
      this.log.error({ err: error, handoffId: conversation.id }, 'could not hand the conversation back to the bot');
    }
  }

  /** Sends automated messages outside the customer's turn; a failure is logged (the state change stands). */
  private async tellCustomer(conversation: HandoffConversation, what: string, texts: readonly string[]): Promise<void> {
    if (texts.length === 0) return;
    try {
      await this.options.messenger.send(conversation.reference, texts.map((text) => ({ type: ActivityTypes.Message, text })), `notice:${conversation.id}:${conversation.cycle}:${what}`);
    } catch (error) {
      this.log.error({ err: error, handoffId: conversation.id, what }, 'could not send an automated message to the customer');
    }
  }

  /**
   * The position (and, when enough waits were measured, the estimated wait) of a queued conversation, recorded as told.
   * With `onlyIfDue`, nothing when the last such message was too recent or the position has not changed.
   */
  private async queueStandingNotices(
    conversation: HandoffConversation,
    workstream: Workstream,
    known: { readonly onlyIfDue?: boolean; readonly position?: number; readonly waits?: Promise<number[]> } = {},
  ): Promise<string[]> {
    const now = this.now();
    if (known.onlyIfDue && conversation.notifiedAt && now.getTime() - conversation.notifiedAt.getTime() < this.options.settings.queueUpdateSeconds * 1000) return [];
    const position = known.position ?? positionsInQueues(await this.options.conversations.inStates(['queued'], { queueId: conversation.queueId })).get(conversation.id);
    if (position === undefined) return [];
    // A compare-and-set on the last notice: of two sweeps or turns deciding the same notice (a lease handover, a
    // customer's message during a sweep), only the one that records it sends it.
    const lastNotice = conversation.notifiedAt ? { notifiedAt: conversation.notifiedAt } : { notifiedAt: { $exists: false } };
    const recorded = await this.options.conversations.transition(conversation.id, { states: ['queued'], where: lastNotice }, { $set: { notifiedPosition: position, notifiedAt: now } });
    if (!recorded) return [];
    const notices = [await this.automatedText(workstream, conversation.language, 'positionInQueue', { Position: position, QueueName: await this.queueName(conversation.queueId) })];
    const minutes = estimateWaitMinutes(await (known.waits ?? this.recentWaits(conversation.queueId)));
    const wait = await waitEstimateNotice(this.options, conversation, minutes, (waitTime) => this.automatedText(workstream, conversation.language, 'estimatedWait', { WaitTime: waitTime }));
    if (wait !== undefined) notices.push(wait);
    return notices;
  }

  private async recentWaits(queueId: string): Promise<number[]> {
    const assigned = await this.options.conversations.find({ queueId, assignedAt: { $exists: true } }, { sort: { assignedAt: -1 }, limit: WAIT_SAMPLES });
    return assigned.map((conversation) => (conversation.assignedAt?.getTime() ?? 0) - conversation.queuedAt.getTime()).filter((wait) => wait >= 0);
  }

  private assertActsOn(conversation: HandoffConversation, actor: HandoffActor): void {
    if (actor.kind === 'agent' && conversation.agentId !== actor.userId) throw new HandoffActionError('forbidden', 'the conversation is not assigned to you');
  }

  private async automatedText(workstream: Workstream, language: HandoffConversation['language'], key: AutomatedMessageKey, values: Partial<Record<TemplatePlaceholder, string | number | undefined>>): Promise<string> {
    const messages = await this.options.automatedMessages.get(workstream.automatedMessagesWorkstreamId ?? workstream.id, language);
    const defined = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<Record<TemplatePlaceholder, string | number>>;
    return renderTemplate(messages[key], defined);
  }

  /** The workstream by id, else the first for the language, else the defaults. */
  private async workstreamFor(language: HandoffConversation['language'], id?: string): Promise<Workstream> {
    if (id !== undefined && id !== DEFAULT_WORKSTREAM.id) {
      const byId = await this.options.config.workstreams.get(id);
      if (byId) return byId;
    }
    const [first] = await this.options.config.workstreams.list({ language });
    return first ?? { ...DEFAULT_WORKSTREAM, language };
  }

  private async queuesById(): Promise<Map<string, Queue>> {
    return new Map((await this.options.config.queues.list()).map((queue) => [queue.id, queue]));
  }

  private async queueName(queueId: string): Promise<string> {
    return (await this.options.config.queues.get(queueId))?.name ?? queueId;
  }

  private publishConversation(conversation: HandoffConversation, change: string): void {
    this.options.events.publish({
      type: 'conversation',
      conversationId: conversation.id,
      state: conversation.state,
      queueId: conversation.queueId,
      agentId: conversation.agentId,
      offeredAgentId: conversation.offeredAgentId,
      change,
    });
  }
}

function isCancel(activity: Partial<Activity>): boolean {
  return typeof activity.text === 'string' && recognizeCommand(activity.text) === 'cancel';
}

function isHoliday(hours: OperatingHours, at: Date): boolean {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: hours.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return hours.holidays.includes(today);
}

/** The reference as plain JSON: no undefined fields, nothing the store cannot keep. */
function plainReference(reference: Partial<ConversationReference>): Partial<ConversationReference> {
  const { activityId: _turnActivity, ...rest } = reference;
  return JSON.parse(JSON.stringify(rest)) as Partial<ConversationReference>;
}

function relayedFromCustomer(activity: Partial<Activity>, attachmentsRefused: boolean): RelayedMessage {
  return {
    id: activity.id,
    author: 'customer',
    ...tappedButtonFields(activity),
    attachments: attachmentsRefused
      ? []
      : (activity.attachments ?? []).map((attachment) => ({
          contentType: attachment.contentType,
          ...(attachment.contentUrl ? { contentUrl: attachment.contentUrl } : {}),
          ...(attachment.thumbnailUrl ? { thumbnailUrl: attachment.thumbnailUrl } : {}),
          ...(attachment.name ? { name: attachment.name } : {}),
          ...(attachment.content !== undefined ? { content: attachment.content as unknown } : {}),
        })),
    at: (activity.timestamp ? new Date(activity.timestamp) : new Date()).toISOString(),
  };
}
