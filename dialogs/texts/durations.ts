import type { SupportedLanguage } from '../language/supportedLanguage';

/** The words for a number of minutes, by plural category (`Intl.PluralRules`); `#` stands for the number. */
type MinuteForms = Partial<Record<Intl.LDMLPluralRule, string>> & { readonly other: string };

const MINUTES: Readonly<Record<SupportedLanguage, MinuteForms>> = {
  en: { one: '# minute', other: '# minutes' },
  ja: { other: '#分' },
  th: { other: '# นาที' },
  'zh-TW': { other: '#分鐘' },
};

/** The locale each language's plural rules and dates are read in. */
export const LOCALES: Readonly<Record<SupportedLanguage, string>> = { en: 'en', ja: 'ja-JP', th: 'th-TH', 'zh-TW': 'zh-TW' };

const pluralRules = new Map<SupportedLanguage, Intl.PluralRules>();

/**
 * A whole number of minutes with its unit, in the grammatical number `language` asks for: never "1 minutes".
 *
 * @example
 * minutesText('en', 1); // '1 minute'
 * minutesText('en', 5); // '5 minutes'
 * minutesText('ja', 5); // '5分'
 */
export function minutesText(language: SupportedLanguage, minutes: number): string {
  let rules = pluralRules.get(language);
  if (rules === undefined) {
    rules = new Intl.PluralRules(LOCALES[language]);
    pluralRules.set(language, rules);
  }
  const forms = MINUTES[language];
  const form = forms[rules.select(minutes)] ?? forms.other;
  return form.replace('#', String(minutes));
}
