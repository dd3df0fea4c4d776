import type { SupportedLanguage } from './supportedLanguage';

/** A well-formed tag: a 2–3 letter primary language, then subtags of 1–8 letters or digits. */
const LANGUAGE_TAG = /^([a-z]{2,3})(?:-[a-z0-9]{1,8})*$/;

/** Primary language subtag → the language we answer in. */
const BY_PRIMARY_SUBTAG: Readonly<Record<string, SupportedLanguage>> = {
  en: 'en',
  ja: 'ja',
  th: 'th',
  // Traditional Chinese is the only Chinese the bot writes, so Simplified and plain `zh` get it too.
  zh: 'zh-TW',
};

/**
 * The supported language a BCP-47 tag asks for, or `undefined` when the tag is malformed or names a language the bot
 * does not speak. Case-insensitive; `_` is accepted as a separator (`ja_JP`, as some platforms send it). Any region,
 * script or variant of English, Japanese and Thai maps to `en`, `ja` and `th`; every Chinese tag (`zh`, `zh-TW`,
 * `zh-Hant`, `zh-HK`, `zh-CN`, `zh-Hans`, …) maps to `zh-TW`.
 *
 * @example
 * ```ts
 * normalizeLanguage('en-US'); // 'en'
 * normalizeLanguage('ja_JP'); // 'ja'
 * normalizeLanguage('zh-Hans-CN'); // 'zh-TW'
 * normalizeLanguage('ko'); // undefined
 * ```
 */
export function normalizeLanguage(tag: string | undefined): SupportedLanguage | undefined {
  if (typeof tag !== 'string') return undefined;
  const match = LANGUAGE_TAG.exec(tag.trim().replaceAll('_', '-').toLowerCase());
  const primary = match?.[1];
  return primary === undefined ? undefined : BY_PRIMARY_SUBTAG[primary];
}
