import type { Activity, BotAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { ActivityTypes } from 'botbuilder';
import { LINE_DELIVERIES, USE_KEPT_REPLY_TOKEN, type LineAdapter } from '../../adapters/line/lineAdapter.js';
import type { LineDeliveryVia } from '../../adapters/line/lineTurnOutbox.js';

/** Runs the bot on a turn (what the adapters' webhooks run). */
export type BotLogic = (context: TurnContext) => Promise<void>;

/** The adapters conversations live on, by channel. */
export interface CustomerMessengerOptions {
  /** The LINE adapter: conversations whose channel is `line`. */
  readonly line: Pick<LineAdapter, 'continueConversationAsync' | 'showLoading' | 'markRead'>;
  /** The Bot Framework adapter: every other channel (Emulator, Web Chat, Direct Line). */
  readonly botFramework: BotAdapter;
  /** The bot's Microsoft App ID ('' when the Bot Framework endpoint runs without one). */
  readonly botAppId: string;
  /** The bot, for events it must handle outside a customer's turn (the end of a handoff). */
  readonly botLogic: BotLogic;
}

/** Who may spend a reply token a customer's unanswered message left (see the README's cost model). */
export interface SendOptions {
  /** `true`: the first messages go by that reply (free) while it lasts; otherwise by push (paid). */
  readonly useKeptReplyToken?: boolean;
}

/** An activity sent: its id, and on LINE how it went out (`reply` free, `push` paid). */
export interface SentActivity {
  readonly id: string | undefined;
  readonly via: LineDeliveryVia | undefined;
}

/**
 * Reaches a customer outside their own turns — an agent's message, an automated message, the bot resuming after a
 * handoff — through the adapter of the conversation's channel: on LINE by a reply token the customer's last
 * unanswered message left (when the caller may spend it) or by push (with retry keys derived from `deliveryId`, so a
 * repeated delivery is not shown twice), elsewhere the Bot Framework connector. The adapters' middleware runs, so
 * what is sent is in the transcript.
 *
 * @example
 * await messenger.send(conversation.reference, [{ type: 'message', text: 'Hello' }], `agent-message:${messageId}`, { useKeptReplyToken: true });
 */
export class CustomerMessenger {
  constructor(private readonly options: CustomerMessengerOptions) {}

  /** Sends `activities` to the conversation, in order. */
  async send(reference: Partial<ConversationReference>, activities: readonly Partial<Activity>[], deliveryId: string, options: SendOptions = {}): Promise<SentActivity[]> {
    let ids: (string | undefined)[] = [];
    const turnState = await this.continueConversation(reference, deliveryId, options, async (turn) => {
      ids = (await turn.sendActivities([...activities])).map((response) => response?.id);
    });
    const deliveries = turnState.get(LINE_DELIVERIES) as ReadonlyMap<string, LineDeliveryVia> | undefined;
    return ids.map((id) => ({ id, via: id === undefined ? undefined : deliveries?.get(id) }));
  }

  /**
   * Runs the bot on an event activity in the conversation, as if the channel had delivered it: e.g. `handoff.ended`,
   * upon which the bot resumes and asks the survey.
   */
  async runBotEvent(reference: Partial<ConversationReference>, name: string, value: unknown, deliveryId: string, options: SendOptions = {}): Promise<void> {
    await this.continueConversation(reference, deliveryId, options, async (context) => {
      // The continuation turn starts as the adapter's own event; the bot must see the handoff's.
      context.activity.name = name;
      context.activity.value = value;
      await this.options.botLogic(context);
    });
  }

  /**
   * Shows the customer that someone is writing: LINE's loading animation (1:1 chats; not started again while one
   * runs), a `typing` activity elsewhere. Never throws: the signal is cosmetic.
   */
  async showTyping(reference: Partial<ConversationReference>): Promise<void> {
    if (reference.channelId === 'line') {
      await this.options.line.showLoading(reference.conversation?.id ?? '');
      return;
    }
    await this.options.botFramework.continueConversationAsync(this.options.botAppId, reference, async (context) => {
      await context.sendActivity({ type: ActivityTypes.Typing });
    }).catch(() => undefined);
  }

  /** Marks the customer's messages read on their channel where it shows that (LINE); whether it did. */
  async markRead(reference: Partial<ConversationReference>): Promise<boolean> {
    return reference.channelId === 'line' ? this.options.line.markRead(reference.conversation?.id ?? '') : false;
  }

  /** Runs `logic` in a turn of the conversation; the turn's state, which outlives the turn's revoked context. */
  private async continueConversation(reference: Partial<ConversationReference>, deliveryId: string, options: SendOptions, logic: BotLogic): Promise<TurnContext['turnState']> {
    const withId = { ...reference, activityId: deliveryId };
    const adapter = reference.channelId === 'line' ? this.options.line : this.options.botFramework;
    let turnState: TurnContext['turnState'] | undefined;
    await adapter.continueConversationAsync(this.options.botAppId, withId, async (turn: TurnContext) => {
      turnState = turn.turnState;
      if (options.useKeptReplyToken) turn.turnState.set(USE_KEPT_REPLY_TOKEN, true);
      await logic(turn);
    });
    if (!turnState) throw new Error('the channel ran no turn');
    return turnState;
  }
}
