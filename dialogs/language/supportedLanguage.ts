/** The languages the bot speaks. Every bot text exists in each of them. */
export const SUPPORTED_LANGUAGES = ['en', 'ja', 'th', 'zh-TW'] as const;

/** One of {@link SUPPORTED_LANGUAGES}. */
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** The language used when nothing else is known. */
export const DEFAULT_LANGUAGE: SupportedLanguage = 'en';

/** Whether `value` is one of the supported language codes, exactly. */
export function isSupportedLanguage(value: unknown): value is SupportedLanguage {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}
