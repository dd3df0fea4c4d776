import { ActivityTypes, EventFactory, HandoffEventNames } from 'botbuilder';
import { HANDOFF_ENDED_EVENT, type HandoffEndedValue, type HandoffStatusState } from '../../dialogs/handoffRequest';
import { renderTemplate, type AutomatedMessageKey, type TemplatePlaceholder } from '../../dialogs/texts/automatedMessages';
import type { Workstream } from './config/handoffConfigModel';
import { type HandoffConversation } from './handoffConversation';
import { estimateWaitMinutes, positionsInQueues } from './queueStanding';
import { waitEstimateNotice } from './waitEstimateNotice';
import { HandoffBase } from './handoffBase';
import { noticeKey } from './handoffTransitions';

/** Recent assignments the wait estimate is taken from. */
const WAIT_SAMPLES = 20;

/**
 * What the handoff tells the customer on its own: automated messages (in the workstream's wording), queue standing,
 * and the hand-back to the bot. A failed notice is logged; the state change it reports stands.
 */
export abstract class CustomerNotices extends HandoffBase {
  /** Bot notices left to run after the customer's turn that caused them (see {@link informBotAfterTurn}). */
  private readonly botNoticesAfterTurn = new Set<Promise<void>>();

  /** Hands the conversation back to the bot (`handoff.ended`), which clears the request and asks the survey if told to. */
  protected async resumeBot(conversation: HandoffConversation, survey: boolean): Promise<void> {
    const value: HandoffEndedValue = { survey };
    try {
      await this.options.messenger.runBotEvent(conversation.reference, HANDOFF_ENDED_EVENT, value, `handoff-ended:${conversation.id}:${conversation.cycle}`, { useKeptReplyToken: true });
    } catch (error) {
      this.log.error({ err: error, handoffId: conversation.id }, 'could not hand the conversation back to the bot');
    }
  }

  /**
   * Tells the bot where the handoff stands with Bot Framework's `handoff.status` event (`EventFactory.createHandoffStatus`),
   * delivered into the conversation: on `completed` or `failed` the bot forgets any request it thinks is pending. A
   * failure is logged; the bot's next request is answered by the handoff anyway.
   */
  protected async informBot(conversation: HandoffConversation, state: HandoffStatusState): Promise<void> {
    const status = EventFactory.createHandoffStatus({ id: conversation.conversationId, isGroup: false, name: '', conversationType: '' }, state);
    try {
      await this.options.messenger.runBotEvent(conversation.reference, HandoffEventNames.HandoffStatus, status.value, `handoff-status:${conversation.id}:${conversation.cycle}:${state}`, {
        useKeptReplyToken: conversation.state !== 'assigned',
      });
    } catch (error) {
      this.log.error({ err: error, handoffId: conversation.id, state }, 'could not tell the bot where the handoff stands');
    }
  }

  /**
   * {@link informBot} from within the customer's own turn: the bot's event runs in the conversation's queue, after the
   * turn, so it is started here and not awaited (awaiting would wait for the turn that is waiting for it).
   */
  protected informBotAfterTurn(conversation: HandoffConversation, state: HandoffStatusState): void {
    const notice = this.informBot(conversation, state).finally(() => this.botNoticesAfterTurn.delete(notice));
    this.botNoticesAfterTurn.add(notice);
  }

  /** Resolves when the bot notices started by {@link informBotAfterTurn} are done. */
  protected async botNoticesDone(): Promise<void> {
    await Promise.all([...this.botNoticesAfterTurn]);
  }

  /** Sends automated messages outside the customer's turn; a failure is logged (the state change stands). */
  protected async tellCustomer(conversation: HandoffConversation, what: string, texts: readonly string[]): Promise<void> {
    if (texts.length === 0) return;
    try {
      // While an agent serves the conversation, a kept reply token is theirs: their answer goes free, the notice by push.
      const sent = await this.options.messenger.send(conversation.reference, texts.map((text) => ({ type: ActivityTypes.Message, text })), noticeKey(conversation, what), {
        useKeptReplyToken: conversation.state !== 'assigned',
      });
      await this.deliveryMarks.record(conversation.id, 'notice', sent, this.now());
    } catch (error) {
      this.log.error({ err: error, handoffId: conversation.id, what }, 'could not send an automated message to the customer');
    }
  }

  /**
   * The position (and, when enough waits were measured, the estimated wait) of a queued conversation, recorded as told.
   * With `onlyIfDue`, nothing when the last such message was too recent or the position has not changed.
   */
  protected async queueStandingNotices(
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
    const wait = await waitEstimateNotice(this.options, conversation, minutes, (duration, waitMinutes) => this.automatedText(workstream, conversation.language, 'estimatedWait', { WaitDuration: duration, WaitTime: waitMinutes }));
    if (wait !== undefined) notices.push(wait);
    return notices;
  }

  protected async recentWaits(queueId: string): Promise<number[]> {
    const assigned = await this.options.conversations.find({ queueId, assignedAt: { $exists: true } }, { sort: { assignedAt: -1 }, limit: WAIT_SAMPLES });
    return assigned.map((conversation) => (conversation.assignedAt?.getTime() ?? 0) - conversation.queuedAt.getTime()).filter((wait) => wait >= 0);
  }

  protected async automatedText(workstream: Workstream, language: HandoffConversation['language'], key: AutomatedMessageKey, values: Partial<Record<TemplatePlaceholder, string | number | undefined>>): Promise<string> {
    const messages = await this.options.automatedMessages.get(workstream.automatedMessagesWorkstreamId ?? workstream.id, language);
    const defined = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<Record<TemplatePlaceholder, string | number>>;
    return renderTemplate(messages[key], defined);
  }
}

