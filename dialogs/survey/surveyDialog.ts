import type { Activity, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { SKIP_COMMENT_PAYLOAD, SKIP_RATING_PAYLOAD, ratingPayload } from '../buttonPayloads';
import { messageWithButtons } from '../buttons';
import type { DialogServices } from '../dialogServices';
import { customerIdOf } from '../handoff/customerIdOf';
import type { SurveyResult } from '../handoffRequest';
import { PASS_THROUGH } from '../passThrough';
import type { BotTexts } from '../texts/botTexts';
import { RATINGS, parseRating, type Rating } from './parseRating';

/** Id of {@link SurveyDialog}. */
export const SURVEY_DIALOG = 'survey';

const STEPS = `${SURVEY_DIALOG}.steps`;

/** Id of the rating prompt. */
export const SURVEY_RATING_PROMPT = 'survey.rating';

/** Id of the comment prompt: while it waits, whatever the customer types is their comment. */
export const SURVEY_COMMENT_PROMPT = 'survey.comment';

/**
 * The post-conversation survey: "How would you rate…" with 1–5 and "Skip" as quick replies (typed
 * digits, half- or full-width, count too), then an optional comment with a "Skip" button. Anything
 * else in answer to the rating (a returning customer's new question) ends the survey with
 * {@link PASS_THROUGH}: the bot handles it as a fresh message. The result goes to the
 * {@link DialogServices.surveys} sink; a sink failure still thanks the customer (the sink logs its
 * own failures). The customer message handler drops a survey left unanswered too long.
 *
 * @example
 * await dc.cancelAllDialogs();
 * await dc.beginDialog(SURVEY_DIALOG);
 */
export class SurveyDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(SURVEY_DIALOG);
    this.initialDialogId = STEPS;
    // Any answer ends the rating prompt: a non-rating is a new question, never re-asked.
    this.addDialog(new TextPrompt(SURVEY_RATING_PROMPT, async () => true));
    this.addDialog(new TextPrompt(SURVEY_COMMENT_PROMPT));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        (step) => this.askRating(step),
        (step) => this.askComment(step),
        (step) => this.save(step),
      ]),
    );
  }

  private async askRating(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { texts, conversation } = await this.services.sessions.load(step.context);
    conversation.surveyAskedAt = (this.services.now?.() ?? new Date()).toISOString();
    return step.prompt(SURVEY_RATING_PROMPT, { prompt: ratingQuestion(texts, texts.ratingQuestion) });
  }

  private async askComment(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { texts } = await this.services.sessions.load(step.context);
    const answer = typeof step.result === 'string' ? step.result.trim() : '';
    const rating = parseRating(answer);
    if (rating === undefined) {
      if (answer !== SKIP_RATING_PAYLOAD) return step.endDialog(PASS_THROUGH);
      await step.context.sendActivity(texts.surveyEndedWithoutRating);
      return step.endDialog();
    }
    Object.assign(step.values, { rating });
    return step.prompt(SURVEY_COMMENT_PROMPT, {
      prompt: messageWithButtons(texts.commentQuestion, [{ label: texts.skipLabel, payload: SKIP_COMMENT_PAYLOAD }]),
    });
  }

  private async save(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const session = await this.services.sessions.load(step.context);
    const rating = ratingOf(step.values);
    if (rating !== undefined) {
      const answer = typeof step.result === 'string' ? step.result.trim() : '';
      const comment = answer === '' || answer === SKIP_COMMENT_PAYLOAD ? undefined : answer;
      await this.store(step.context, { rating, comment, language: session.language });
    }
    await step.context.sendActivity(session.texts.surveyThanks);
    return step.endDialog();
  }

  private async store(context: TurnContext, answers: Pick<SurveyResult, 'rating' | 'comment' | 'language'>): Promise<void> {
    const { activity } = context;
    try {
      await this.services.surveys.save({
        channelId: activity.channelId,
        conversationId: activity.conversation.id,
        customerId: customerIdOf(activity),
        ...answers,
        at: new Date(),
      });
    } catch {
      // The sink logs its own failures; a lost rating must not cost the customer their thank-you.
    }
  }
}

function ratingQuestion(texts: BotTexts, text: string): Partial<Activity> {
  return messageWithButtons(
    text,
    [...RATINGS.map((rating) => ({ label: texts.ratingLabel(rating), payload: ratingPayload(rating) })), { label: texts.skipLabel, payload: SKIP_RATING_PAYLOAD }],
  );
}

/** The rating the comment step kept in the waterfall's values. */
function ratingOf(values: object): Rating | undefined {
  return 'rating' in values ? RATINGS.find((rating) => rating === values.rating) : undefined;
}
