import type { UserProfile } from '../state/userProfile';
import { detectLanguage } from './detectLanguage';
import { normalizeLanguage } from './normalizeLanguage';
import type { SupportedLanguage } from './supportedLanguage';

/** What {@link resolveLanguage} looks at in the incoming activity. */
export interface LanguageClues {
  /** The activity's `locale` (on LINE, the customer's profile language when known). */
  readonly locale: string | undefined;
  /** Text the customer wrote, if it may be used for detection (not a button payload, not media). */
  readonly writtenText: string | undefined;
}

/**
 * The customer's language: the one they chose; else the activity's locale; else the one learned
 * earlier; else the one their text is written in; `undefined` when none of these tells.
 *
 * A language found from the locale or the text is remembered in `profile.knownLanguage`, so that
 * turns without a locale (events, proactive messages) still speak it.
 *
 * @example
 * resolveLanguage({}, { locale: 'ja-JP', writtenText: undefined }); // 'ja'
 * resolveLanguage({}, { locale: undefined, writtenText: '👍' }); // undefined
 */
export function resolveLanguage(profile: UserProfile, clues: LanguageClues): SupportedLanguage | undefined {
  if (profile.chosenLanguage !== undefined) return profile.chosenLanguage;
  const fromLocale = normalizeLanguage(clues.locale);
  if (fromLocale !== undefined) {
    profile.knownLanguage = fromLocale;
    return fromLocale;
  }
  if (profile.knownLanguage !== undefined) return profile.knownLanguage;
  const detected = clues.writtenText === undefined ? undefined : detectLanguage(clues.writtenText);
  if (detected !== undefined) profile.knownLanguage = detected;
  return detected;
}
