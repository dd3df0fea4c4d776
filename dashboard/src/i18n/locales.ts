/** The languages the dashboard speaks. */
export const LOCALES = ['en', 'ja', 'th', 'zh-TW'] as const;

/** One of {@link LOCALES}. */
export type Locale = (typeof LOCALES)[number];

/** Each language in its own words, as the language switcher lists them (never translated). */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', ja: '日本語', th: 'ไทย', 'zh-TW': '繁體中文' };

/** Whether `value` is one of {@link LOCALES}. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The dashboard language for one BCP 47 tag, or `undefined` when it speaks none close to it. Traditional Chinese
 * (`zh-TW`, `zh-Hant…`, `zh-HK`, `zh-MO`) is `zh-TW`; Simplified Chinese is not offered.
 *
 * @example
 * localeOfTag('ja-JP') // 'ja'
 * localeOfTag('zh-Hant-HK') // 'zh-TW'
 * localeOfTag('zh-CN') // undefined
 */
export function localeOfTag(tag: string): Locale | undefined {
  const parts = tag.trim().replace(/_/g, '-').toLowerCase().split('-');
  const [language] = parts;
  if (language === 'en' || language === 'ja' || language === 'th') return language;
  if (language !== 'zh') return undefined;
  if (parts.includes('hant') || parts.includes('tw') || parts.includes('hk') || parts.includes('mo')) return 'zh-TW';
  return undefined;
}

/**
 * The first of the browser's preferred languages (`navigator.languages`, best first) the dashboard speaks, else English.
 *
 * @example
 * bestLocale(['fr-FR', 'th-TH', 'en']) // 'th'
 */
export function bestLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return 'en';
}

const KEY = 'line-omnichannel.dashboard.language';

/** The language the user chose on this browser, if any (kept in localStorage: it outlives the session). */
export function savedLocale(): Locale | undefined {
  try {
    const saved = localStorage.getItem(KEY);
    return isLocale(saved) ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the user's choice on this browser. */
export function saveLocale(locale: Locale): void {
  try {
    localStorage.setItem(KEY, locale);
  } catch {
    // Storage can be off (private mode, policy): the choice then lasts until the tab closes.
  }
}

/** The language to start in: the saved choice, else the browser's languages, else English. */
export function initialLocale(): Locale {
  const languages = typeof navigator === 'undefined' ? [] : navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return savedLocale() ?? bestLocale(languages);
}
