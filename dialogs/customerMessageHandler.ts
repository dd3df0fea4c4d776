import type { TurnContext } from 'botbuilder';
import { DialogTurnStatus, type DialogContext, type DialogSet } from 'botbuilder-dialogs';
import { LANGUAGE_PICKER_PAYLOAD, isButtonPayload, parseLanguagePayload, parseTopicPayload } from './buttonPayloads';
import type { DialogServices } from './dialogServices';
import { HANDOFF_OFFER_DIALOG, HANDOFF_OFFER_PROMPT, type HandoffOfferOptions } from './handoff/handoffOfferDialog';
import { cancelHandoff, requestHandoff } from './handoff/handoffRequests';
import { innermostDialogId } from './innermostDialogId';
import { recognizeCommand } from './language/commandRecognizer';
import { recognizeLanguageChoice } from './language/languageChoice';
import { languagePicker } from './language/languagePicker';
import { mediaAcknowledgement } from './media/mediaAcknowledgement';
import { receivedMediaOf } from './media/receivedMedia';
import { mainMenu } from './menu/mainMenu';
import { isPassThrough } from './passThrough';
import { TOPIC_ANSWER_DIALOG, type TopicAnswerOptions } from './selfService/topicAnswerDialog';
import { findTopic, matchTopic } from './selfService/topicMatcher';
import type { CustomerSession } from './state/customerSession';
import { rememberText } from './state/conversationData';
import { SURVEY_COMMENT_PROMPT, SURVEY_RATING_PROMPT } from './survey/surveyDialog';
import { chooseLanguageInEveryLanguage, textsFor } from './texts/textsFor';

/** Texts in a row that match no topic before the bot offers a person. */
export const MISSES_BEFORE_OFFER = 2;

/**
 * Handles one message from a customer, in this order:
 *
 * 1. Media (sticker, image, video, audio, file, location) is acknowledged, and a waiting question
 *    is asked again.
 * 2. Commands that work at any time: naming a language (switch), the language picker, "menu",
 *    "cancel", asking for a person. While the survey waits for a free-text comment only button
 *    taps count as commands, since the comment is the customer's own words.
 * 3. The active dialog (topic feedback, handoff offer, survey) gets the message; a survey older
 *    than its expiry is dropped first, so a returning customer's question is answered as one.
 * 4. Otherwise — or when the dialog passes it through — a topic button or text matching a topic
 *    answers it; text matching nothing shows the menu, and the second such text in a row offers a person.
 *
 * @example
 * const handler = new CustomerMessageHandler(services, dialogs);
 * bot.onMessage(async (context, next) => { await handler.handle(context); await next(); });
 */
export class CustomerMessageHandler {
  constructor(
    private readonly services: DialogServices,
    private readonly dialogs: DialogSet,
  ) {}

  async handle(context: TurnContext): Promise<void> {
    const session = await this.services.sessions.load(context);
    const dc = await this.dialogs.createContext(context);

    const media = receivedMediaOf(context.activity);
    if (media !== undefined) {
      await context.sendActivity(mediaAcknowledgement(media, session.texts, session.conversation.pendingHandoff !== undefined));
      if (dc.activeDialog !== undefined) await dc.repromptDialog();
      return;
    }

    const text = context.activity.text?.trim() ?? '';
    if (text === '') return;
    if (!isButtonPayload(text)) rememberText(session.conversation, text, context.activity.id);

    if (await this.handleCommand(context, dc, session, text)) return;
    if (surveyExpired(dc, session, this.services)) await dc.cancelAllDialogs();

    const result = await dc.continueDialog();
    const handled = result.status !== DialogTurnStatus.empty && !isPassThrough(result.result);
    if (!handled) await this.handleFreshMessage(context, dc, session, text);
  }

  /** @returns whether `text` was a command (and has been carried out). */
  private async handleCommand(context: TurnContext, dc: DialogContext, session: CustomerSession, text: string): Promise<boolean> {
    const waitingFor = innermostDialogId(dc);
    if (waitingFor === SURVEY_COMMENT_PROMPT && !isButtonPayload(text)) return false;

    const language = parseLanguagePayload(text) ?? recognizeLanguageChoice(text);
    if (language !== undefined) {
      session.profile.chosenLanguage = language;
      session.conversation.language = language;
      session.conversation.misses = 0;
      await dc.cancelAllDialogs();
      await context.sendActivity(mainMenu(this.services.content(context), language, textsFor(language).languageChanged));
      return true;
    }
    if (text === LANGUAGE_PICKER_PAYLOAD) {
      await context.sendActivity(languagePicker(session.texts.chooseLanguage));
      return true;
    }

    const content = this.services.content(context);
    switch (recognizeCommand(text)) {
      case 'menu':
        session.conversation.misses = 0;
        await dc.cancelAllDialogs();
        await context.sendActivity(mainMenu(content, session.language, session.texts.menuPrompt));
        return true;
      case 'cancel':
        if (await cancelHandoff(context, session)) {
          await dc.cancelAllDialogs();
          await context.sendActivity(mainMenu(content, session.language, session.texts.handoffCancelled));
        } else if (dc.activeDialog !== undefined) {
          await context.sendActivity(session.texts.nothingToCancel);
          await dc.repromptDialog();
        } else {
          await context.sendActivity(mainMenu(content, session.language, session.texts.nothingToCancel));
        }
        return true;
      case 'agent':
        // Accepting an offer is the offer's answer: the handoff then carries the offer's reason.
        if (waitingFor === HANDOFF_OFFER_PROMPT) return false;
        await dc.cancelAllDialogs();
        await requestHandoff(context, session, content, 'customerAsked');
        return true;
      default:
        return false;
    }
  }

  private async handleFreshMessage(context: TurnContext, dc: DialogContext, session: CustomerSession, text: string): Promise<void> {
    const content = this.services.content(context);
    if (!session.languageKnown) {
      await context.sendActivity(languagePicker(chooseLanguageInEveryLanguage()));
      return;
    }
    const topicId = parseTopicPayload(text);
    const topic = topicId === undefined ? matchTopic(content, text, session.language)?.topic : findTopic(content, topicId);
    if (topic !== undefined) {
      const options: TopicAnswerOptions = { topicId: topic.id };
      await dc.beginDialog(TOPIC_ANSWER_DIALOG, options);
      return;
    }
    session.conversation.misses += 1;
    if (session.conversation.misses >= MISSES_BEFORE_OFFER) {
      session.conversation.misses = 0;
      const options: HandoffOfferOptions = { reason: 'notUnderstood' };
      await dc.beginDialog(HANDOFF_OFFER_DIALOG, options);
      return;
    }
    await context.sendActivity(mainMenu(content, session.language, session.texts.notUnderstood));
  }
}

/** Whether the survey waits for an answer and was asked longer ago than {@link DialogServices.surveyExpiryMs}. */
function surveyExpired(dc: DialogContext, session: CustomerSession, services: DialogServices): boolean {
  const waitingFor = innermostDialogId(dc);
  if (waitingFor !== SURVEY_RATING_PROMPT && waitingFor !== SURVEY_COMMENT_PROMPT) return false;
  const askedAt = Date.parse(session.conversation.surveyAskedAt ?? '');
  if (Number.isNaN(askedAt)) return false;
  const now = (services.now?.() ?? new Date()).getTime();
  return now - askedAt > (services.surveyExpiryMs ?? 60 * 60_000);
}
