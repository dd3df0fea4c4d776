import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { messageWithButtons } from '../buttons';
import type { DialogServices } from '../dialogServices';
import { HANDOFF_OFFER_DIALOG, HandoffOfferDialog, type HandoffOfferOptions } from '../handoff/handoffOfferDialog';
import { commandPayload, recognizeCommand } from '../language/commandRecognizer';
import { mainMenu } from '../menu/mainMenu';
import { PASS_THROUGH } from '../passThrough';
import { findTopic } from './topicMatcher';

/** Id of {@link TopicAnswerDialog}. */
export const TOPIC_ANSWER_DIALOG = 'topicAnswer';

const STEPS = `${TOPIC_ANSWER_DIALOG}.steps`;

/** Id of the "Did this help?" prompt. */
export const TOPIC_FEEDBACK_PROMPT = 'topicAnswer.feedback';

/** Options of {@link TopicAnswerDialog}. */
export interface TopicAnswerOptions {
  /** Id of a topic of the content. */
  readonly topicId: string;
}

/**
 * Answers one self-service topic in the customer's language and asks "Did this help?" (Yes/No).
 * The topic is remembered for a later handoff. Yes → glad, and the main menu; No → offers a person
 * ({@link HandoffOfferDialog}); anything else ends with {@link PASS_THROUGH}.
 *
 * @example
 * await dc.beginDialog(TOPIC_ANSWER_DIALOG, { topicId: 'delivery-status' } satisfies TopicAnswerOptions);
 */
export class TopicAnswerDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(TOPIC_ANSWER_DIALOG);
    this.initialDialogId = STEPS;
    this.addDialog(new TextPrompt(TOPIC_FEEDBACK_PROMPT));
    this.addDialog(new HandoffOfferDialog(services));
    this.addDialog(
      new WaterfallDialog<TopicAnswerOptions>(STEPS, [
        (step) => this.answer(step),
        (step) => this.feedback(step),
        (step) => step.endDialog(step.result),
      ]),
    );
  }

  private async answer(step: WaterfallStepContext<TopicAnswerOptions>): Promise<DialogTurnResult> {
    const session = await this.services.sessions.load(step.context);
    const topic = findTopic(this.services.content(step.context), step.options.topicId);
    // The router starts this dialog only for a topic of this turn's content; a caller naming another id gets a pass-through.
    if (topic === undefined) return step.endDialog(PASS_THROUGH);
    session.conversation.topicId = topic.id;
    session.conversation.misses = 0;
    await step.context.sendActivity(topic.answer[session.language]);
    const { texts } = session;
    const prompt = messageWithButtons(texts.didThisHelp, [
      { label: texts.yesLabel, payload: commandPayload('yes') },
      { label: texts.noLabel, payload: commandPayload('no') },
    ]);
    return step.prompt(TOPIC_FEEDBACK_PROMPT, { prompt });
  }

  private async feedback(step: WaterfallStepContext<TopicAnswerOptions>): Promise<DialogTurnResult> {
    const session = await this.services.sessions.load(step.context);
    const answer = typeof step.result === 'string' ? recognizeCommand(step.result) : undefined;
    if (answer === 'yes') {
      await step.context.sendActivity(mainMenu(this.services.content(step.context), session.language, session.texts.gladItHelped));
      return step.endDialog();
    }
    if (answer === 'no') {
      const options: HandoffOfferOptions = { reason: 'notHelpful' };
      return step.beginDialog(HANDOFF_OFFER_DIALOG, options);
    }
    return step.endDialog(PASS_THROUGH);
  }
}
