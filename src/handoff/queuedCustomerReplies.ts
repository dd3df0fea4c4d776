import { ActivityTypes, type Activity } from 'botbuilder';
import { messageWithButtons } from '../../dialogs/buttons';
import { commandPayload, recognizeCommand } from '../../dialogs/language/commandRecognizer';
import { textsFor } from '../../dialogs/texts/textsFor';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../storage/engine/documentStore';
import { handoffIdOf } from './handoffConversation';
import type { HandoffConversationRepository } from './handoffConversationRepository';

/** When a queued conversation's customer was last acknowledged; kept a day past that. */
type AcknowledgementDocument = { _id: string; cycle: number; at: Date; expiresAt: Date };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What a customer waiting in the queue gets besides the queue: "menu" reaches the bot (the menu always works, and the
 * request keeps its place), and what they write for the agent is acknowledged — that the person who takes the request
 * will see it and how to withdraw it, with a "Cancel request" quick reply — at most once per `intervalSeconds` per
 * conversation. The last acknowledgement is a compare-and-set in the store, so the limit holds across instances.
 *
 * @example
 * const replies = await QueuedCustomerReplies.open(store, conversations, { intervalSeconds: 300 });
 * if (await replies.isMenuWhileQueued(activity)) await next();
 */
export class QueuedCustomerReplies {
  private constructor(
    private readonly conversations: HandoffConversationRepository,
    private readonly acknowledgements: DocumentCollection<AcknowledgementDocument>,
    private readonly intervalMs: number,
    private readonly now: () => Date,
  ) {}

  /** Opens the collection `handoffQueuedAcknowledgements` of `store`. */
  static async open(store: DocumentStore, conversations: HandoffConversationRepository, options: { readonly intervalSeconds: number; readonly clock?: () => Date }): Promise<QueuedCustomerReplies> {
    const acknowledgements = await store.collection<AcknowledgementDocument>('handoffQueuedAcknowledgements', [{ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }]);
    return new QueuedCustomerReplies(conversations, acknowledgements, options.intervalSeconds * 1000, options.clock ?? (() => new Date()));
  }

  /** Whether `activity` is "menu" (typed or tapped) from a customer whose request is queued: the bot answers it. */
  async isMenuWhileQueued(activity: Partial<Activity>): Promise<boolean> {
    if (activity.type !== ActivityTypes.Message || typeof activity.text !== 'string' || recognizeCommand(activity.text) !== 'menu') return false;
    return (await this.conversations.get(handoffIdOf(activity.channelId ?? '', activity.conversation?.id ?? '')))?.state === 'queued';
  }

  /**
   * The acknowledgement of a message relayed to people while the request is queued, when one is due; `undefined`
   * when the conversation is not queued or was acknowledged less than the interval ago.
   */
  async acknowledgement(activity: Partial<Activity>): Promise<Partial<Activity> | undefined> {
    if (activity.type !== ActivityTypes.Message) return undefined;
    const conversation = await this.conversations.get(handoffIdOf(activity.channelId ?? '', activity.conversation?.id ?? ''));
    if (conversation?.state !== 'queued') return undefined;
    if (!(await this.claim(conversation.id, conversation.cycle))) return undefined;
    const texts = textsFor(conversation.language);
    return messageWithButtons(texts.queuedMessageSeen, [{ label: texts.cancelRequestLabel, payload: commandPayload('cancel') }]);
  }

  /** Records an acknowledgement now, unless one of this cycle was recorded within the interval (then `false`). */
  private async claim(id: string, cycle: number): Promise<boolean> {
    const now = this.now();
    const fields = { cycle, at: now, expiresAt: new Date(now.getTime() + DAY_MS) };
    const due = new Date(now.getTime() - this.intervalMs);
    if (await this.acknowledgements.findOneAndUpdate({ _id: id, $or: [{ at: { $lte: due } }, { cycle: { $ne: cycle } }] }, { $set: fields })) return true;
    try {
      await this.acknowledgements.insertOne({ _id: id, ...fields });
      return true;
    } catch (error) {
      // Acknowledged within the interval (here or on another instance).
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
  }
}
