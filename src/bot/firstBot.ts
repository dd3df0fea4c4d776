import { ActivityHandler, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';

const MENU = ['Hello', 'Show a card', 'Help'];

/**
 * A small first bot: greets people who add it or open a chat, and answers what they write. It
 * proves both paths (LINE and the Bot Framework endpoint) end to end; the customer-service
 * dialogs replace it.
 */
export class FirstBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== botId) await greet(context, member.name);
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      await answer(context);
      await next();
    });
  }
}

async function greet(context: TurnContext, name: string | undefined): Promise<void> {
  const greeting = name ? `Hello ${name}! Thanks for adding us.` : 'Hello! Thanks for adding us.';
  await context.sendActivity(MessageFactory.suggestedActions(MENU, `${greeting} Write anything and I will answer.`));
}

async function answer(context: TurnContext): Promise<void> {
  const { text, attachments } = context.activity;
  const firstAttachment = attachments?.[0];
  if (firstAttachment?.contentType === 'application/vnd.line.sticker+json') {
    await context.sendActivity('Nice sticker!');
    return;
  }
  if (firstAttachment) {
    await context.sendActivity(`Thanks, I received your ${firstAttachment.contentType.split('/')[0] ?? 'file'}.`);
    return;
  }
  if (context.activity.entities?.some((entity) => entity.type === 'GeoCoordinates')) {
    await context.sendActivity('Thanks for sharing your location.');
    return;
  }
  const said = (text ?? '').trim();
  if (said === '') return;
  switch (said.toLowerCase()) {
    case 'hello':
    case 'hi':
      await greet(context, context.activity.from?.name);
      return;
    case 'show a card':
      await context.sendActivity(
        MessageFactory.attachment(
          CardFactory.heroCard('A card', 'Cards become LINE flex messages; buttons become actions.', undefined, [
            { type: 'imBack', title: 'Hello', value: 'Hello' },
            { type: 'postBack', title: 'Send a postback', value: 'action=demo' },
          ]),
        ),
      );
      return;
    case 'help':
      await context.sendActivity(MessageFactory.suggestedActions(MENU, 'I am a first bot: I greet you and answer what you write. Try a button.'));
      return;
    default:
      await context.sendActivity(MessageFactory.suggestedActions(MENU, `You said: ${said}`));
  }
}
