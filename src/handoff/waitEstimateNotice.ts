import { textsFor } from '../../dialogs/texts/textsFor';
import type { SupportedLanguage } from '../../dialogs/language/supportedLanguage';
import type { AssignmentStore } from './assignmentStore';
import type { HandoffConfigRepository } from './config/handoffConfigRepository';

/**
 * Renders the `estimatedWait` automated message (the workstream's override or the default) with the wait as words
 * (`{WaitDuration}`) and as a number of minutes (`{WaitTime}`).
 */
export type EstimatedWaitRenderer = (duration: string, minutes: number) => Promise<string>;

/**
 * What a queued customer is told about the wait: the estimate with a plural-correct duration ("about 1 minute",
 * "約5分") when someone who serves the queue and the customer's language is available, else that nobody is online
 * now (an estimate would be a promise nobody keeps); nothing when no estimate could be made.
 *
 * @example
 * const notice = await waitEstimateNotice({ assignments, config }, { queueId: 'support', language: 'en' }, 4, render);
 * // 'The estimated waiting time is about 4 minutes. Thank you for waiting.'
 */
export async function waitEstimateNotice(
  deps: { readonly assignments: AssignmentStore; readonly config: HandoffConfigRepository },
  conversation: { readonly queueId: string; readonly language: SupportedLanguage },
  minutes: number | undefined,
  render: EstimatedWaitRenderer,
): Promise<string | undefined> {
  if (!(await someoneOnlineFor(deps, conversation))) return textsFor(conversation.language).noAgentOnline;
  if (minutes === undefined) return undefined;
  return render(textsFor(conversation.language).minutes(minutes), minutes);
}

/** Whether an agent who serves the queue and the language is available now. */
async function someoneOnlineFor(
  deps: { readonly assignments: AssignmentStore; readonly config: HandoffConfigRepository },
  conversation: { readonly queueId: string; readonly language: SupportedLanguage },
): Promise<boolean> {
  const available = (await deps.assignments.listAgents()).filter((agent) => agent.presence === 'available');
  for (const agent of available) {
    const profile = await deps.config.agents.get(agent.id);
    if (profile?.queueIds.includes(conversation.queueId) && profile.languages.includes(conversation.language)) return true;
  }
  return false;
}
