import { EventFactory, type TurnContext } from 'botbuilder';
import { HANDOFF_OUTCOME_KEY, type HandoffContext, type HandoffOutcome, type HandoffReason } from '../handoffRequest';
import type { SelfServiceContent } from '../selfService/selfServiceContent';
import { findTopic } from '../selfService/topicMatcher';
import type { CustomerSession } from '../state/customerSession';
import { customerIdOf } from './customerIdOf';
import { createHandoffCancel } from './handoffCancel';

/**
 * Asks for a person: sends botbuilder's `handoff.initiate` event carrying a {@link HandoffContext},
 * tells the customer their request was recorded, and remembers it as pending. While a request is
 * pending it only tells the customer so; no second event goes out. When the taker of the event refuses it
 * ({@link HandoffOutcome}), nothing is pending and the taker's explanation stands alone.
 *
 * @example
 * await requestHandoff(context, session, content, 'customerAsked');
 */
export async function requestHandoff(
  context: TurnContext,
  session: CustomerSession,
  content: SelfServiceContent,
  reason: HandoffReason,
): Promise<void> {
  const { conversation, texts } = session;
  if (conversation.pendingHandoff !== undefined) {
    await context.sendActivity(texts.handoffAlreadyRecorded);
    return;
  }
  const topic = conversation.topicId === undefined ? undefined : findTopic(content, conversation.topicId);
  const handoffContext: HandoffContext = {
    language: session.language,
    skill: topic?.skill ?? content.defaultSkill,
    topic: topic?.id,
    reason,
    summary: conversation.recentTexts.join('\n'),
    customerId: customerIdOf(context.activity),
  };
  await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext));
  // Refused (e.g. out of hours): whoever refused told the customer why, and nothing is pending.
  const outcome = context.turnState.get(HANDOFF_OUTCOME_KEY) as HandoffOutcome | undefined;
  if (outcome?.accepted === false) return;
  conversation.pendingHandoff = { customerId: handoffContext.customerId, reason, requestedAt: new Date().toISOString() };
  // The taker's "request received" (an operator's automated message) stands for the bot's own words.
  if (outcome?.acknowledged !== true) await context.sendActivity(texts.handoffRecorded);
}

/**
 * Withdraws the pending handoff request, if any, with a `handoff.cancel` event.
 *
 * @returns whether there was a request to withdraw.
 * @example
 * if (!(await cancelHandoff(context, session))) await context.sendActivity(session.texts.nothingToCancel);
 */
export async function cancelHandoff(context: TurnContext, session: CustomerSession): Promise<boolean> {
  const pending = session.conversation.pendingHandoff;
  if (pending === undefined) return false;
  await context.sendActivity(createHandoffCancel(pending.customerId));
  delete session.conversation.pendingHandoff;
  return true;
}
