import { ActivityTypes, type Activity, type ConversationReference } from 'botbuilder';
import { type HandoffContext } from '../../dialogs/handoffRequest';
import { recognizeCommand } from '../../dialogs/language/commandRecognizer';
import { textsFor } from '../../dialogs/texts/textsFor';
import { handoffIdOf, WITH_PEOPLE, type HandoffConversation } from './handoffConversation';
import type { RelayedMessage } from './handoffEvents';
import { routeConversation } from './routing/routingRules';
import type { OperatingHours } from './routing/routingModel';
import { HandoffViews } from './handoffViews';
import { HANDOFF_TRANSITIONS } from './handoffTransitions';
import { tappedButtonFields } from './tappedButtonRelay';
import type { CustomerActivityRouting, HandoffRequestOutcome } from './handoffServiceModel';

/** Units of capacity one conversation takes. */
const CONVERSATION_UNITS = 1;

/** The customer's side of the handoff: a request for a person, its withdrawal, the customer's messages, the customer leaving. */
export abstract class CustomerSide extends HandoffViews {
  /**
   * Takes the bot's `handoff.initiate`: routes the conversation and queues it, unless its queue is closed now (with
   * `evenIfClosed`, as a message left for the opening, it is queued all the same). With `informBot` (a request the
   * bot did not send itself), the bot learns of the queued request with `handoff.status` `accepted`, so that its
   * "cancel" withdraws it. A conversation already with people is left as it is.
   */
  async requestHandoff(
    reference: Partial<ConversationReference>,
    request: HandoffContext,
    options: { readonly evenIfClosed?: boolean; readonly informBot?: boolean } = {},
  ): Promise<HandoffRequestOutcome> {
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
    const workstream = await this.workstreamFor(request.language, undefined, lineAccountId);
    const queue = queues.get(decision.queueId);
    if (decision.outOfHours && options.evenIfClosed !== true) {
      const key = queue?.hours && isHoliday(queue.hours, now) ? 'holiday' : 'outOfOperatingHours';
      this.log.info({ handoffId: id, queueId: decision.queueId }, 'handoff refused: the queue is closed now');
      return { accepted: false, notices: [await this.automatedText(workstream, request.language, key, { QueueName: queue?.name })], ...(queue ? { closedQueue: queue } : {}) };
    }

    // The customer is with the bot again during wrap-up: a new request ends the agent's wrap-up and starts a new cycle.
    const before = await this.options.conversations.get(id);
    if (before?.state === 'wrapUp') await this.completeWrapUp(before);
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
    if (!started) return { accepted: true, alreadyRequested: true, notices: [] };
    await this.options.assignments.enqueue({ conversationKey: id, queueId: decision.queueId, units: CONVERSATION_UNITS, at: now });
    this.log.info({ handoffId: id, queueId: decision.queueId, ruleId: decision.ruleId, skippedRuleIds: decision.skippedRuleIds }, 'conversation queued for a person');
    this.publishConversation(conversation, HANDOFF_TRANSITIONS.request.event);
    // The operator's "request received" message is the first handoff's acknowledgement (the bot then says nothing of its own).
    const received = await this.automatedText(workstream, request.language, 'requestReceived', { QueueName: queue?.name });
    const notices = [received, ...(await this.queueStandingNotices(conversation, workstream))];
    if (options.informBot === true) this.informBotAfterTurn(conversation, 'accepted');
    this.options.distributor.kick();
    return { accepted: true, acknowledged: true, notices };
  }

  /** The customer withdrew their request (the bot's `handoff.cancel`): a queued conversation goes back to the bot. */
  async cancelByCustomer(channelId: string, conversationId: string): Promise<boolean> {
    const id = handoffIdOf(channelId, conversationId);
    const before = await this.options.conversations.get(id);
    if (!before || before.state !== 'queued') return false;
    const closed = await this.move('cancel', before, { $set: { closedAt: this.now(), closeReason: 'customerCancelled' }, $unset: { offeredAgentId: true, offeredAt: true } });
    if (!closed) return false;
    await this.options.assignments.withdraw(id);
    if (before.offeredAgentId !== undefined) this.options.events.publish({ type: 'offerEnded', conversationId: id, queueId: before.queueId, agentId: before.offeredAgentId, reason: 'withdrawn' });
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
    await this.closeNow(conversation, 'customerLeft', { inCustomerTurn: true });
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

