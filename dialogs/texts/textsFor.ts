import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../language/supportedLanguage';
import type { BotTexts } from './botTexts';
import { EN_TEXTS } from './en';
import { JA_TEXTS } from './ja';
import { TH_TEXTS } from './th';
import { ZH_TW_TEXTS } from './zhTW';

const TEXTS: Readonly<Record<SupportedLanguage, BotTexts>> = {
  en: EN_TEXTS,
  ja: JA_TEXTS,
  th: TH_TEXTS,
  'zh-TW': ZH_TW_TEXTS,
};

/**
 * The bot's texts in `language`.
 *
 * @example
 * await context.sendActivity(textsFor('th').nothingToCancel);
 */
export function textsFor(language: SupportedLanguage): BotTexts {
  return TEXTS[language];
}

/**
 * The language question in every supported language, one per line: what the bot asks while it
 * does not know which language the customer reads.
 *
 * @example
 * await context.sendActivity(chooseLanguageInEveryLanguage()); // "Which language…\nご希望の言語を…\n…"
 */
export function chooseLanguageInEveryLanguage(): string {
  return SUPPORTED_LANGUAGES.map((language) => TEXTS[language].chooseLanguage).join('\n');
}
