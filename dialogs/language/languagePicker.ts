import type { Activity } from 'botbuilder';
import { languagePayload } from '../buttonPayloads';
import { messageWithButtons } from '../buttons';
import { LANGUAGE_NAMES } from './languageChoice';
import { SUPPORTED_LANGUAGES } from './supportedLanguage';

/**
 * A message saying `text` with one button per supported language, each labelled in its own language.
 *
 * @example
 * await context.sendActivity(languagePicker(chooseLanguageInEveryLanguage()));
 */
export function languagePicker(text: string): Partial<Activity> {
  return messageWithButtons(
    text,
    SUPPORTED_LANGUAGES.map((language) => ({ label: LANGUAGE_NAMES[language], payload: languagePayload(language) })),
  );
}
