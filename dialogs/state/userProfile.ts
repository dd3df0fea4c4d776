import type { SupportedLanguage } from '../language/supportedLanguage';

/** What the bot remembers about a customer across conversations (user state). */
export interface UserProfile {
  /** The language the customer picked or named; wins over everything else. */
  chosenLanguage?: SupportedLanguage;
  /** The language last learned from the channel's locale or from what the customer wrote. */
  knownLanguage?: SupportedLanguage;
}
