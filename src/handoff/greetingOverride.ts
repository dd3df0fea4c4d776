import type { SupportedLanguage } from '../../dialogs/language/supportedLanguage';
import type { AutomatedMessageRepository } from './automatedMessageRepository';
import type { HandoffConfigRepository } from './config/handoffConfigRepository';

/** The workstream whose messages apply when none is configured for a language (the handoff's default). */
const DEFAULT_WORKSTREAM_ID = 'default';

/**
 * The operator's Greeting for a new customer in `language`, when they wrote one: the automated messages of the first
 * workstream serving the language (or of the workstream it borrows them from), else of the default workstream.
 * `undefined` while nobody changed it, so the bot greets with its own words (by name) and the menu.
 *
 * @example
 * const bot = new CustomerServiceBot({ ..., greetingOverride: (language) => greetingOverride(config, messages, language) });
 */
export async function greetingOverride(config: HandoffConfigRepository, messages: AutomatedMessageRepository, language: SupportedLanguage): Promise<string | undefined> {
  const workstream = (await config.workstreams.list({ language })).find((candidate) => candidate.lineAccountId === undefined);
  const workstreamId = workstream ? (workstream.automatedMessagesWorkstreamId ?? workstream.id) : DEFAULT_WORKSTREAM_ID;
  return (await messages.overrides(workstreamId, language)).greeting;
}
