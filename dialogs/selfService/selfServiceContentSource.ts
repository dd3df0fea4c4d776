import type { SelfServiceContent } from './selfServiceContent';

/**
 * Where the bot gets its self-service content. The bot asks at every turn, so content an admin
 * saves reaches customers without a restart.
 *
 * @example
 * const fixed: SelfServiceContentSource = { current: () => content };
 * const bot = new CustomerServiceBot({ conversationState, userState, content: fixed, surveys });
 */
export interface SelfServiceContentSource {
  /** The content to answer with now. Synchronous: a turn never waits for storage to read it. */
  current(): SelfServiceContent;
}

/**
 * Whether `value` is a {@link SelfServiceContentSource} rather than content itself.
 *
 * @example isSelfServiceContentSource({ current: () => content }); // true
 */
export function isSelfServiceContentSource(value: SelfServiceContent | SelfServiceContentSource): value is SelfServiceContentSource {
  return 'current' in value;
}
