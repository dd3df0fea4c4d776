import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { messageWithButtons } from '../buttons';
import type { DialogServices } from '../dialogServices';
import type { HandoffReason } from '../handoffRequest';
import { commandPayload, recognizeCommand } from '../language/commandRecognizer';
import { mainMenu } from '../menu/mainMenu';
import { PASS_THROUGH } from '../passThrough';
import { requestHandoff } from './handoffRequests';

/** Id of {@link HandoffOfferDialog}. */
export const HANDOFF_OFFER_DIALOG = 'handoffOffer';

const STEPS = `${HANDOFF_OFFER_DIALOG}.steps`;

/** Id of the offer's prompt: while it waits, "talk to a person" and "yes" are answers to it. */
export const HANDOFF_OFFER_PROMPT = 'handoffOffer.prompt';

/** Options of {@link HandoffOfferDialog}: why the bot offers a person. */
export interface HandoffOfferOptions {
  readonly reason: Exclude<HandoffReason, 'customerAsked'>;
}

/**
 * Offers a person (buttons "Talk to a person" / "Back to menu"). Accepting — the button, "yes" or
 * asking for a person in words — requests the handoff with the offer's reason; declining shows the
 * main menu; anything else ends the dialog with {@link PASS_THROUGH} so it is handled as a new message.
 *
 * @example
 * await dc.beginDialog(HANDOFF_OFFER_DIALOG, { reason: 'notUnderstood' } satisfies HandoffOfferOptions);
 */
export class HandoffOfferDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(HANDOFF_OFFER_DIALOG);
    this.initialDialogId = STEPS;
    this.addDialog(new TextPrompt(HANDOFF_OFFER_PROMPT));
    this.addDialog(
      new WaterfallDialog<HandoffOfferOptions>(STEPS, [(step) => this.offer(step), (step) => this.decide(step)]),
    );
  }

  private async offer(step: WaterfallStepContext<HandoffOfferOptions>): Promise<DialogTurnResult> {
    const { texts } = await this.services.sessions.load(step.context);
    const prompt = messageWithButtons(texts.offerPerson(step.options.reason), [
      { label: texts.talkToPersonLabel, payload: commandPayload('agent') },
      { label: texts.backToMenuLabel, payload: commandPayload('menu') },
    ]);
    return step.prompt(HANDOFF_OFFER_PROMPT, { prompt });
  }

  private async decide(step: WaterfallStepContext<HandoffOfferOptions>): Promise<DialogTurnResult> {
    const session = await this.services.sessions.load(step.context);
    const answer = typeof step.result === 'string' ? recognizeCommand(step.result) : undefined;
    switch (answer) {
      case 'agent':
      case 'yes':
        await requestHandoff(step.context, session, this.services.content(step.context), step.options.reason);
        return step.endDialog();
      case 'no':
      case 'menu':
        await step.context.sendActivity(mainMenu(this.services.content(step.context), session.language, session.texts.menuPrompt));
        return step.endDialog();
      default:
        return step.endDialog(PASS_THROUGH);
    }
  }
}
