import { type AutomatedMessageKey } from '../../dialogs/texts/automatedMessages';
import type { AgentProfile } from './config/handoffConfigModel';
import { HandoffActionError } from './handoffActionError';
import { type CloseReason, type HandoffConversation } from './handoffConversation';
import { CustomerNotices } from './customerNotices';
import { HANDOFF_TRANSITIONS, type BotNotice, type HandoffTransitionName } from './handoffTransitions';

/** Why a conversation closes without wrap-up. */
export type ImmediateCloseReason = Extract<CloseReason, 'inactivity' | 'supervisor' | 'customerLeft' | 'accountRemoved'>;

/** The transition each immediate close is. */
const IMMEDIATE_CLOSE: Record<ImmediateCloseReason, HandoffTransitionName> = { inactivity: 'inactivity', supervisor: 'closeQueued', customerLeft: 'customerLeft', accountRemoved: 'accountRemoved' };

/**
 * The transitions the actions share: queue again, assign outright, end an offer, end, finish wrap-up, close at once.
 * Each is a conditional write on the handoff record, then the assignment store follows.
 */
export abstract class HandoffSteps extends CustomerNotices {
  protected async requeueWaiting(conversation: HandoffConversation, now: Date): Promise<HandoffConversation | undefined> {
    const queued = await this.move(
      'customerReturns',
      conversation,
      { $set: { queuedAt: now, lastMessageAt: now, declined: [] }, $unset: { agentId: true, offeredAgentId: true, offeredAt: true, notifiedPosition: true, notifiedAt: true }, $inc: { unread: 1 } },
      { version: true },
    );
    if (!queued) return this.options.conversations.get(conversation.id);
    await this.options.assignments.enqueue({ conversationKey: conversation.id, queueId: queued.queueId, units: queued.units, at: now });
    this.options.distributor.kick();
    return queued;
  }

  /** Puts an assigned, waiting or queued conversation (back) in a queue. */
  protected async requeue(
    conversation: HandoffConversation,
    how: { readonly queueId?: string; readonly excludeAgentId?: string; readonly keepWait: boolean; readonly change: 'requeue' | 'transfer'; readonly distribute?: boolean; readonly note?: { at: Date; byUserId: string; text: string }; readonly tell?: AutomatedMessageKey },
  ): Promise<HandoffConversation | undefined> {
    const now = this.now();
    const queueId = how.queueId ?? conversation.queueId;
    const sameQueue = queueId === conversation.queueId;
    const queued = await this.move(
      how.change,
      conversation,
      {
        $set: {
          queueId,
          ...(sameQueue ? {} : { requiredSkills: [] }),
          ...(how.keepWait ? {} : { queuedAt: now }),
          declined: how.excludeAgentId ? [{ agentId: how.excludeAgentId, at: now }] : [],
        },
        $unset: { agentId: true, offeredAgentId: true, offeredAt: true, notifiedPosition: true, notifiedAt: true },
        ...(how.note ? { $push: { notes: how.note } } : {}),
        ...(how.change === 'transfer' ? { $inc: { transfers: 1 } } : {}),
      },
      { states: [conversation.state], version: true },
    );
    if (!queued) return undefined;
    if (conversation.state === 'assigned' && conversation.agentId !== undefined) await this.options.assignments.release(conversation.id, conversation.agentId);
    if (conversation.state === 'queued') await this.options.assignments.withdraw(conversation.id);
    if (conversation.offeredAgentId !== undefined) this.options.events.publish({ type: 'offerEnded', conversationId: conversation.id, queueId: conversation.queueId, agentId: conversation.offeredAgentId, reason: 'withdrawn' });
    await this.options.assignments.enqueue({ conversationKey: conversation.id, queueId, units: queued.units, at: how.keepWait ? queued.queuedAt : now });
    if (how.distribute !== false) this.options.distributor.kick();
    if (how.tell) {
      const workstream = await this.workstreamFor(queued.language, queued.workstreamId);
      await this.tellCustomer(queued, how.change, [await this.automatedText(workstream, queued.language, how.tell, { QueueName: await this.queueName(queueId) })]);
    }
    return queued;
  }

  protected async forceAssign(conversation: HandoffConversation, profile: AgentProfile): Promise<HandoffConversation> {
    const now = this.now();
    const capacity = await this.options.assignments.agent(profile.id);
    if (!capacity) await this.options.assignments.upsertAgent({ id: profile.id, capacity: profile.capacity, presence: 'offline' });
    let result = await this.options.assignments.forceAssign(conversation.id, profile.id, now);
    // Offered meanwhile (a distributor here or elsewhere): the supervisor's choice wins over the offer.
    for (let attempt = 0; result === 'not_queued' && attempt < 3; attempt += 1) {
      const current = await this.options.conversations.get(conversation.id);
      if (current?.state !== 'queued' || current.offeredAgentId === undefined) break;
      await this.endOffer(current, current.offeredAgentId, 'withdrawn');
      result = await this.options.assignments.forceAssign(conversation.id, profile.id, now);
    }
    if (result !== 'assigned') throw new HandoffActionError('conflict', 'the conversation changed meanwhile');
    const assigned = await this.move('assign', conversation, { $set: { agentId: profile.id, lastAgentId: profile.id, assignedAt: now, lastMessageAt: now }, $unset: { offeredAgentId: true, offeredAt: true } });
    // As in accept: whatever moved the record meanwhile withdraws the work item, and with it this hold.
    if (!assigned) throw new HandoffActionError('conflict', 'the customer withdrew the request');
    const workstream = await this.workstreamFor(assigned.language, assigned.workstreamId);
    await this.tellCustomer(assigned, 'assigned', [await this.automatedText(workstream, assigned.language, 'agentAssigned', { AgentName: profile.displayName })]);
    return assigned;
  }

  protected async endOffer(conversation: HandoffConversation, agentId: string, reason: 'declined' | 'withdrawn'): Promise<HandoffConversation | undefined> {
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

  protected async endByAgent(conversation: HandoffConversation, reason: CloseReason): Promise<HandoffConversation> {
    const now = this.now();
    const ended = await this.move('end', conversation, { $set: { endedAt: now, closeReason: reason } }, { version: true });
    if (!ended) throw new HandoffActionError('conflict', 'the conversation changed meanwhile');
    // A waiting conversation holds no capacity any more: its wrap-up has nothing to keep.
    if (conversation.state === 'waiting') await this.options.assignments.withdraw(conversation.id);
    const workstream = await this.workstreamFor(ended.language, ended.workstreamId);
    await this.tellCustomer(ended, 'ended', [await this.automatedText(workstream, ended.language, 'conversationEnded', {})]);
    await this.resumeBot(ended, workstream.surveyEnabled);
    if (this.options.settings.wrapUpSeconds === 0) return (await this.completeWrapUp(ended)) ?? ended;
    return ended;
  }

  protected async completeWrapUp(conversation: HandoffConversation): Promise<HandoffConversation | undefined> {
    const closed = await this.move('finishWrapUp', conversation, { $set: { closedAt: this.now() } });
    if (!closed) return undefined;
    if (conversation.agentId !== undefined) await this.options.assignments.release(conversation.id, conversation.agentId);
    await this.options.assignments.withdraw(conversation.id);
    this.options.distributor.kick();
    return closed;
  }

  /**
   * Closes at once, without wrap-up: inactivity, a supervisor closing a queued conversation, the customer leaving, the
   * LINE account going away. What the customer and the bot are told is the transition's row.
   */
  protected async closeNow(conversation: HandoffConversation, reason: ImmediateCloseReason, how: { readonly inCustomerTurn?: boolean } = {}): Promise<HandoffConversation | undefined> {
    const now = this.now();
    const transition = IMMEDIATE_CLOSE[reason];
    const closed = await this.move(
      transition,
      conversation,
      { $set: { closedAt: now, closeReason: reason, ...(conversation.state === 'wrapUp' ? {} : { endedAt: now }) }, $unset: { offeredAgentId: true, offeredAt: true } },
      { states: [conversation.state], version: true },
    );
    if (!closed) return undefined;
    await this.options.assignments.withdraw(conversation.id);
    if (conversation.offeredAgentId !== undefined) this.options.events.publish({ type: 'offerEnded', conversationId: conversation.id, queueId: conversation.queueId, agentId: conversation.offeredAgentId, reason: 'withdrawn' });
    this.log.info({ handoffId: conversation.id, reason }, 'conversation closed');
    // A wrap-up's customer is with the bot already (it had `handoff.ended`).
    if (conversation.state !== 'wrapUp') {
      const row = HANDOFF_TRANSITIONS[transition];
      if (row.notice !== undefined) {
        const workstream = await this.workstreamFor(closed.language, closed.workstreamId);
        await this.tellCustomer(closed, 'closed', [await this.automatedText(workstream, closed.language, row.notice, {})]);
      }
      const bot: BotNotice = row.bot;
      if (bot === 'ended') await this.resumeBot(closed, false);
      else if (bot === 'completed' && how.inCustomerTurn) this.informBotAfterTurn(closed, 'completed');
      else if (bot === 'completed') await this.informBot(closed, 'completed');
    }
    this.options.distributor.kick();
    return closed;
  }
}

