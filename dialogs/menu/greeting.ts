import type { Activity } from 'botbuilder';
import { languagePicker } from '../language/languagePicker';
import type { SelfServiceContent } from '../selfService/selfServiceContent';
import type { CustomerSession } from '../state/customerSession';
import { chooseLanguageInEveryLanguage } from '../texts/textsFor';
import { mainMenu } from './mainMenu';

/**
 * The first message to a customer: a greeting (by name when known) with the main menu in their
 * language (an operator's `override` text instead of the bot's own greeting when given); while their language is unknown, the language question in every language with the
 * language buttons instead.
 *
 * @example
 * await context.sendActivity(greeting(content, session, context.activity.from.name));
 */
export function greeting(content: SelfServiceContent, session: CustomerSession, name: string | undefined, override?: string): Partial<Activity> {
  if (!session.languageKnown) return languagePicker(chooseLanguageInEveryLanguage());
  return mainMenu(content, session.language, override ?? session.texts.greeting(name));
}
