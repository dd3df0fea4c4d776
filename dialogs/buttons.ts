import { ActionTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder';

/** A quick-reply button: the label the customer sees and the payload a tap sends back. */
export interface Button {
  /** At most 20 characters (LINE's limit). */
  readonly label: string;
  readonly payload: string;
}

/**
 * A message with `buttons` as suggested actions (LINE quick replies).
 *
 * Each button is a `messageBack`: the chat shows the label as what the customer said, and the bot
 * receives the payload as the message text — on LINE (a postback with `displayText`) and in Web Chat
 * or the Emulator alike.
 *
 * @example
 * await context.sendActivity(messageWithButtons('Did this help?', [{ label: 'Yes', payload: 'cmd:yes' }]));
 */
export function messageWithButtons(text: string, buttons: readonly Button[]): Partial<Activity> {
  const actions: CardAction[] = buttons.map((button) => ({
    type: ActionTypes.MessageBack,
    title: button.label,
    text: button.payload,
    displayText: button.label,
    value: button.payload,
  }));
  return MessageFactory.suggestedActions(actions, text);
}
