import type { Activity } from 'botbuilder';
import { LANGUAGE_PICKER_PAYLOAD, topicPayload } from '../buttonPayloads';
import { messageWithButtons, type Button } from '../buttons';
import { commandPayload } from '../language/commandRecognizer';
import type { SupportedLanguage } from '../language/supportedLanguage';
import type { SelfServiceContent } from '../selfService/selfServiceContent';
import { findTopic } from '../selfService/topicMatcher';
import { textsFor } from '../texts/textsFor';

/**
 * The main menu's buttons in `language`: the content's menu topics (by title), "Talk to a person"
 * and "Language". Menu ids that name no topic are left out.
 *
 * @example
 * mainMenuButtons(content, 'en').map((button) => button.payload);
 * // ['topic:delivery-status', …, 'cmd:agent', 'lang:choose']
 */
export function mainMenuButtons(content: SelfServiceContent, language: SupportedLanguage): Button[] {
  const texts = textsFor(language);
  const topics = content.menu.flatMap((id) => {
    const topic = findTopic(content, id);
    return topic === undefined ? [] : [{ label: topic.title[language], payload: topicPayload(topic.id) }];
  });
  return [
    ...topics,
    { label: texts.talkToPersonLabel, payload: commandPayload('agent') },
    { label: texts.languageLabel, payload: LANGUAGE_PICKER_PAYLOAD },
  ];
}

/**
 * A message saying `text` with the main menu as quick replies.
 *
 * @example
 * await context.sendActivity(mainMenu(content, 'ja', textsFor('ja').menuPrompt));
 */
export function mainMenu(content: SelfServiceContent, language: SupportedLanguage, text: string): Partial<Activity> {
  return messageWithButtons(text, mainMenuButtons(content, language));
}
