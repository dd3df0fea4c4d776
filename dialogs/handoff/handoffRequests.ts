import { EventFactory, type TurnContext } from 'botbuilder';
import { HANDOFF_OUTCOME_KEY, type HandoffContext, type HandoffOutcome, type HandoffReason, type HandoffStatusValue } from '../handoffRequest';
import type { SelfServiceContent } from '../selfService/selfServiceContent';
import { findTopic } from '../selfService/topicMatcher';
import type { CustomerSession } from '../state/customerSession';
import { customerIdOf } from './customerIdOf';
import { createHandoffCancel } from './handoffCancel';

/**
 * Asks for a person: sends botbuilder's `handoff.initiate` event carrying a {@link HandoffContext} and tells the
 * customer their request was recorded. The handoff, not the bot's memory, decides whether a request is open: the
 * event goes out even when the bot remembers one pending, and the taker's {@link HandoffOutcome} says whether it
 * started one (`recorded`), found one open (`already recorded`) or refused (its explanation stands alone, nothing is
 * pending). Without a taker the bot's memory answers. The memory is also corrected by the handoff's `handoff.status`
 * events (see {@link handoffStatusReceived}).
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
  const remembered = conversation.pendingHandoff !== undefined;
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
  const outcome = context.turnState.get(HANDOFF_OUTCOME_KEY) as HandoffOutcome | undefined;
  // Refused (e.g. out of hours): whoever refused told the customer why, and nothing is pending.
  if (outcome?.accepted === false) {
    delete conversation.pendingHandoff;
    return;
  }
  const already = outcome === undefined ? remembered : outcome.alreadyRequested === true;
  if (!already || !remembered) conversation.pendingHandoff = { customerId: handoffContext.customerId, reason, requestedAt: new Date().toISOString() };
  // The taker's "request received" (an operator's automated message) stands for the bot's own words.
  if (already) await context.sendActivity(texts.handoffAlreadyRecorded);
  else if (outcome?.acknowledged !== true) await context.sendActivity(texts.handoffRecorded);
}

/**
 * Takes the handoff's `handoff.status` event (Bot Framework's `EventFactory.createHandoffStatus`): `accepted` means a
 * request is open (remembered, for "cancel"); `failed` and `completed` mean none is, whatever the bot remembered.
 *
 * @example
 * if (context.activity.name === HandoffEventNames.HandoffStatus) handoffStatusReceived(context, session);
 */
export function handoffStatusReceived(context: TurnContext, session: CustomerSession): void {
  const status = context.activity.value as Partial<HandoffStatusValue> | undefined;
  const { conversation } = session;
  if (status?.state === 'accepted') {
    conversation.pendingHandoff ??= { customerId: customerIdOf(context.activity), reason: 'customerAsked', requestedAt: new Date().toISOString() };
  } else if (status?.state === 'failed' || status?.state === 'completed') {
    delete conversation.pendingHandoff;
  }
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
