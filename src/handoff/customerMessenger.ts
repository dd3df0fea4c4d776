import type { Activity, BotAdapter, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';

/** Runs the bot on a turn (what the adapters' webhooks run). */
export type BotLogic = (context: TurnContext) => Promise<void>;

/** The adapters conversations live on, by channel. */
export interface CustomerMessengerOptions {
  /** The LINE adapter: conversations whose channel is `line`. */
  readonly line: BotAdapter;
  /** The Bot Framework adapter: every other channel (Emulator, Web Chat, Direct Line). */
  readonly botFramework: BotAdapter;
  /** The bot's Microsoft App ID ('' when the Bot Framework endpoint runs without one). */
  readonly botAppId: string;
  /** The bot, for events it must handle outside a customer's turn (the end of a handoff). */
  readonly botLogic: BotLogic;
}

/**
 * Reaches a customer outside their own turns — an agent's message, an automated message, the bot resuming after a
 * handoff — through the adapter of the conversation's channel: on LINE a push (with retry keys derived from
 * `deliveryId`, so a repeated delivery is not shown twice), elsewhere the Bot Framework connector. The adapters'
 * middleware runs, so what is sent is in the transcript.
 *
 * @example
 * await messenger.send(conversation.reference, [{ type: 'message', text: 'Hello' }], `agent-message:${messageId}`);
 */
export class CustomerMessenger {
  constructor(private readonly options: CustomerMessengerOptions) {}

  /** Sends `activities` to the conversation, in order. */
  async send(reference: Partial<ConversationReference>, activities: readonly Partial<Activity>[], deliveryId: string): Promise<ResourceResponse[]> {
    let responses: ResourceResponse[] = [];
    await this.continueConversation(reference, deliveryId, async (context) => {
      responses = await context.sendActivities([...activities]);
    });
    return responses;
  }

  /**
   * Runs the bot on an event activity in the conversation, as if the channel had delivered it: e.g. `handoff.ended`,
   * upon which the bot resumes and asks the survey.
   */
  async runBotEvent(reference: Partial<ConversationReference>, name: string, value: unknown, deliveryId: string): Promise<void> {
    await this.continueConversation(reference, deliveryId, async (context) => {
      // The continuation turn starts as the adapter's own event; the bot must see the handoff's.
      context.activity.name = name;
      context.activity.value = value;
      await this.options.botLogic(context);
    });
  }

  private async continueConversation(reference: Partial<ConversationReference>, deliveryId: string, logic: BotLogic): Promise<void> {
    const withId = { ...reference, activityId: deliveryId };
    const adapter = reference.channelId === 'line' ? this.options.line : this.options.botFramework;
    await adapter.continueConversationAsync(this.options.botAppId, withId, logic);
  }
}
