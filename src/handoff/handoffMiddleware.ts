import { ActivityTypes, TurnContext, type Activity, type Middleware } from 'botbuilder';
import type { Logger } from 'pino';
import { HANDOFF_CANCEL_EVENT } from '../../dialogs/handoff/handoffCancel';
import { HANDOFF_INITIATE_EVENT, HANDOFF_OUTCOME_KEY, UNSENT_TEXT_KEY, type HandoffContext, type HandoffOutcome } from '../../dialogs/handoffRequest';
import type { TranscriptRepository } from '../transcripts/transcriptRepository';
import { TAPPED_BUTTON_ENTITY, tappedButtonLabel } from '../transcripts/tappedButtonLabels';
import type { CustomerUnsends } from './customerUnsends';
import type { HandoffService } from './handoffService';
import type { LeaveMessageOffers } from './leaveMessageOffers';
import type { QueuedCustomerReplies } from './queuedCustomerReplies';

/**
 * Puts the handoff between the customer and the bot, on every adapter alike (LINE, Bot Framework):
 * - the bot's `handoff.initiate` event queues the conversation for a person (or is refused, e.g. out of hours; the bot
 *   learns it through {@link HANDOFF_OUTCOME_KEY}, and the customer may leave a message for the opening); its
 *   `handoff.cancel` withdraws a queued request;
 * - while the conversation is with people, the customer's messages skip the bot (the transcript and the agent's
 *   screen have them), except "menu" while queued; queued customers' messages are acknowledged;
 * - a customer's unsend reaches agents' screens;
 * - automated messages for the customer leave with the turn's own replies (free on LINE).
 * Register it after the transcript logger, so that what it sends is in the transcript too.
 *
 * @example
 * lineAdapter.use(transcriptLogger, new HandoffMiddleware(handoff, logger));
 */
export class HandoffMiddleware implements Middleware {
  constructor(
    private readonly handoff: HandoffService,
    private readonly logger: Logger,
    private readonly edges: HandoffMiddlewareEdges = {},
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const notices: string[] = [];
    const replies: Partial<Activity>[] = [];
    context.onSendActivities(async (turn, activities, sendNext) => {
      for (const activity of activities) {
        if (activity.type !== ActivityTypes.Event) continue;
        if (activity.name === HANDOFF_INITIATE_EVENT) {
          const outcome = await this.handoff.requestHandoff(TurnContext.getConversationReference(turn.activity), activity.value as HandoffContext);
          turn.turnState.set(HANDOFF_OUTCOME_KEY, { accepted: outcome.accepted, acknowledged: outcome.acknowledged === true, ...(outcome.alreadyRequested ? { alreadyRequested: true } : {}) } satisfies HandoffOutcome);
          notices.push(...outcome.notices);
          const offer = outcome.closedQueue ? await this.edges.leaveMessage?.offer(TurnContext.getConversationReference(turn.activity), activity.value as HandoffContext, outcome.closedQueue) : undefined;
          if (offer) replies.push(offer);
        } else if (activity.name === HANDOFF_CANCEL_EVENT) {
          await this.handoff.cancelByCustomer(turn.activity.channelId ?? '', turn.activity.conversation?.id ?? '');
        }
      }
      return sendNext();
    });

    if (await this.edges.unsends?.handle(context.activity)) this.logger.debug({ conversationId: context.activity.conversation?.id }, 'customer unsent a message');
    if (isCustomerLeaving(context.activity)) await this.handoff.customerLeft(context.activity.channelId ?? '', context.activity.conversation?.id ?? '');
    // Live screens show a tapped button's label, not its payload (the bot still gets the payload as the text).
    const label = this.edges.transcripts ? await tappedButtonLabel(this.edges.transcripts, context.activity) : undefined;
    if (label !== undefined) context.activity.entities = [...(context.activity.entities ?? []), { type: TAPPED_BUTTON_ENTITY, label }];
    // Queued customers' side: "menu" reaches the bot without leaving the queue; other messages are acknowledged.
    const menuWhileQueued = (await this.edges.queuedReplies?.isMenuWhileQueued(context.activity)) === true;
    // Out of hours, "Leave a message" queues the refused request for the opening; the bot does not see the tap.
    const leftMessage = await this.edges.leaveMessage?.take(context.activity);
    if (leftMessage) replies.push(...leftMessage);
    const routing = leftMessage ? { to: 'people' as const, notices: [] } : menuWhileQueued ? { to: 'bot' as const, notices: [] } : await this.handoff.routeCustomerActivity(context.activity);
    if (routing.to === 'bot') {
      await next();
      const unsentText = context.turnState.get(UNSENT_TEXT_KEY) as string | undefined;
      if (unsentText !== undefined) await this.edges.unsends?.forgetInSummary(context.activity, unsentText);
    } else if (!leftMessage) {
      this.logger.debug({ conversationId: context.activity.conversation?.id }, 'message relayed to people');
      const acknowledgement = await this.edges.queuedReplies?.acknowledgement(context.activity);
      if (acknowledgement) replies.push(acknowledgement);
    }
    notices.push(...routing.notices);
    const outgoing = [...notices.map((text): Partial<Activity> => ({ type: ActivityTypes.Message, text })), ...replies];
    if (outgoing.length > 0) await context.sendActivities(outgoing);
  }
}

/** What the middleware adds at the edges of a handoff (each optional). */
export interface HandoffMiddlewareEdges {
  /** "Menu" and acknowledgements while queued. */
  readonly queuedReplies?: QueuedCustomerReplies;
  /** Customers' unsends, for agents' screens. */
  readonly unsends?: CustomerUnsends;
  /** "Leave a message" out of hours. */
  readonly leaveMessage?: LeaveMessageOffers;
  /** The transcript, where the label of a tapped button is found. */
  readonly transcripts?: Pick<TranscriptRepository, 'latestActivities'>;
}

/** LINE's unfollow (the customer blocked the account) arrives as the customer removed from their 1:1 conversation. */
function isCustomerLeaving(activity: Partial<Activity>): boolean {
  if (activity.type !== ActivityTypes.ConversationUpdate || activity.conversation?.isGroup === true) return false;
  return (activity.membersRemoved ?? []).some((member) => member.id === activity.from?.id);
}
