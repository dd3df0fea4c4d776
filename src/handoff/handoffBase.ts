import type { Logger } from 'pino';
import { type DocumentCollection } from '../storage/engine/documentStore';
import type { AgentProfile, Workstream } from './config/handoffConfigModel';
import { HandoffActionError } from './handoffActionError';
import type { DeliveryMarks } from './deliveryMarks';
import type { HandoffActionKind, HandoffJournalEntry, HandoffJournal } from './notes/handoffJournal';
import type { WrapUpCodes } from './notes/wrapUpCodes';
import { type HandoffConversation, type HandoffState } from './handoffConversation';
import type { Queue } from './routing/routingModel';
import type { Filter, Update } from '../storage/engine/documentStore';
import { fromStates, HANDOFF_TRANSITIONS, type HandoffTransitionName } from './handoffTransitions';
import type { AgentMessageDocument, HandoffActor, HandoffServiceOptions } from './handoffServiceModel';

/** What an agent is told of a conversation whose LINE account was deleted or disabled. */
export const ACCOUNT_GONE_MESSAGE = 'the LINE account of this conversation was deleted or disabled: the customer cannot be reached, and the conversation is closed';

/** Settings a workstream gives when none is configured for the conversation's language. */
const DEFAULT_WORKSTREAM: Workstream = { id: 'default', name: 'Default', language: 'en', surveyEnabled: true, allowCustomerAttachments: true, allowAgentAttachments: true };

/**
 * What every part of the handoff shares: its dependencies and clock, reading a record or an agent's profile, the
 * workstream and queue names, and publishing a record's change on the event bus.
 */
export abstract class HandoffBase {
  protected readonly now: () => Date;
  protected readonly log: Logger;

  protected constructor(
    protected readonly options: HandoffServiceOptions,
    protected readonly agentMessages: DocumentCollection<AgentMessageDocument>,
    /** How each message agents and notices sent went out on LINE (free or paid). */
    readonly deliveryMarks: DeliveryMarks,
    /** Internal notes, recorded actions and wrap-ups. */
    readonly journal: HandoffJournal,
    /** The wrap-up codes and which workstreams require one. */
    readonly wrapUpCodes: WrapUpCodes,
  ) {
    this.now = options.clock ?? (() => new Date());
    this.log = options.logger;
  }

  /**
   * Makes transition `name` of {@link HANDOFF_TRANSITIONS}: one conditional write (the record must be in one of the
   * row's `from` states, narrowed by `expected`), which sets the row's `to` state; the row's event is published with
   * the record the write returned.
   *
   * @returns the record after the change, or `undefined` when another change came first.
   */
  protected async move(
    name: HandoffTransitionName,
    conversation: Pick<HandoffConversation, 'id' | 'version'>,
    update: Update,
    expected: { readonly states?: readonly HandoffState[]; readonly version?: boolean; readonly where?: Filter } = {},
  ): Promise<HandoffConversation | undefined> {
    const row = HANDOFF_TRANSITIONS[name];
    const allowed = fromStates(name);
    const states = (expected.states ?? allowed).filter((state) => allowed.includes(state));
    const after = await this.options.conversations.transition(
      conversation.id,
      { states, ...(expected.version ? { version: conversation.version } : {}), ...(expected.where ? { where: expected.where } : {}) },
      { ...update, $set: { ...update.$set, state: row.to } },
    );
    if (after) this.publishConversation(after, row.event);
    return after;
  }

  /** The agent's profile, or a `not_found` refusal: only users with a profile take conversations. */
  async profileOf(agentId: string): Promise<AgentProfile> {
    const profile = await this.options.config.agents.get(agentId);
    if (!profile) throw new HandoffActionError('not_found', 'no agent profile for this user; an admin creates one under /api/admin/agents');
    return profile;
  }

  /** The record, or a `not_found` refusal. */
  /** The conversation `id`, when `agentId` is the agent it is assigned to. */
  protected async requireServing(id: string, agentId: string): Promise<HandoffConversation> {
    const conversation = await this.require(id);
    if (conversation.closeReason === 'accountRemoved' && conversation.state === 'closed' && conversation.agentId === agentId) throw new HandoffActionError('channel_gone', ACCOUNT_GONE_MESSAGE);
    if (conversation.state !== 'assigned' || conversation.agentId !== agentId) throw new HandoffActionError('conflict', 'only the agent the conversation is assigned to can write to the customer');
    return conversation;
  }

  async require(id: string): Promise<HandoffConversation> {
    const conversation = await this.options.conversations.get(id);
    if (!conversation) throw new HandoffActionError('not_found', 'no such conversation');
    return conversation;
  }

  protected assertActsOn(conversation: HandoffConversation, actor: HandoffActor): void {
    if (actor.kind === 'agent' && conversation.agentId !== actor.userId) throw new HandoffActionError('forbidden', 'the conversation is not assigned to you');
  }

  /**
   * The workstream by id, else the one bound to the LINE account (in the language, else its first), else the first
   * for the language that no account claims, else the defaults.
   */
  protected async workstreamFor(language: HandoffConversation['language'], id?: string, lineAccountId?: string): Promise<Workstream> {
    if (id !== undefined && id !== DEFAULT_WORKSTREAM.id) {
      const byId = await this.options.config.workstreams.get(id);
      if (byId) return byId;
    }
    if (lineAccountId !== undefined) {
      const ofAccount = await this.options.config.workstreams.list({ lineAccountId });
      const chosen = ofAccount.find((workstream) => workstream.language === language) ?? ofAccount[0];
      if (chosen) return chosen;
    }
    // Workstreams are few: those bound to an account are left out here rather than by the query.
    const first = (await this.options.config.workstreams.list({ language })).find((workstream) => workstream.lineAccountId === undefined);
    return first ?? { ...DEFAULT_WORKSTREAM, language };
  }

  protected async queuesById(): Promise<Map<string, Queue>> {
    return new Map((await this.options.config.queues.list()).map((queue) => [queue.id, queue]));
  }

  protected async queueName(queueId: string): Promise<string> {
    return (await this.options.config.queues.get(queueId))?.name ?? queueId;
  }

  protected publishConversation(conversation: HandoffConversation, change: string): void {
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

  /**
   * Tells the live screens of a new entry of the conversation's internal record: the agent serving it (or offered it,
   * or every agent of its queue while it waits) and supervisors, as its messages are told. Never the customer.
   */
  protected publishJournalEntry(conversation: Pick<HandoffConversation, 'id' | 'queueId' | 'agentId' | 'offeredAgentId'>, entry: HandoffJournalEntry): void {
    this.options.events.publish({ type: 'note', conversationId: conversation.id, queueId: conversation.queueId, agentId: conversation.agentId ?? conversation.offeredAgentId, entry: { ...entry, at: entry.at.toISOString() } });
  }

  /**
   * Records an assign, transfer or close in the conversation's internal record (shown to agents, never to the customer)
   * and tells the live screens of whoever has the conversation after the action (`after`, else as it was).
   */
  protected async recordAction(
    conversation: Pick<HandoffConversation, 'id' | 'cycle' | 'queueId' | 'agentId' | 'offeredAgentId'>,
    actor: HandoffActor,
    action: HandoffActionKind,
    target: { readonly toQueueId?: string | undefined; readonly toAgentId?: string | undefined; readonly text?: string | undefined } = {},
    after: Pick<HandoffConversation, 'id' | 'queueId' | 'agentId' | 'offeredAgentId'> = conversation,
  ): Promise<void> {
    try {
      const entry = await this.journal.add(
        {
          handoffId: conversation.id,
          cycle: conversation.cycle,
          kind: 'action',
          action,
          byUserId: actor.userId,
          byRole: actor.kind,
          ...(target.toQueueId ? { toQueueId: target.toQueueId } : {}),
          ...(target.toAgentId ? { toAgentId: target.toAgentId } : {}),
          ...(target.text ? { text: target.text } : {}),
        },
        this.now(),
      );
      this.publishJournalEntry(after, entry);
    } catch (error) {
      // The action happened; a missing record of it must not turn it into an error for the caller.
      this.log.warn({ err: error, handoffId: conversation.id, action }, 'could not record an action in the conversation');
    }
  }
}
