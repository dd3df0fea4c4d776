import type { Activity } from 'botbuilder';
import type { AttachmentRepository } from '../attachments/attachmentRepository';
import type { ChangeFeed } from '../storage/changeFeed';
import { isUnsend, withoutLines } from '../transcripts/unsentMessage';
import { handoffIdOf } from './handoffConversation';
import type { HandoffConversationRepository } from './handoffConversationRepository';
import { HANDOFF_EVENTS_TOPIC, type HandoffEvent, type HandoffEventBus } from './handoffEvents';

/**
 * A customer unsent a message (LINE's `unsend`) in a conversation handed to people: the agent's and supervisor's
 * screens are told at once (`messageUnsent`, they show "message unsent"), and the relayed copy of the message is
 * blanked in the change feed, through which other instances' screens received it; media the server kept of it is deleted. The transcript blanks its own copy
 * when it logs the unsend (see `TranscriptRepository.logActivity`); the bot forgets it in its recent texts, and
 * {@link CustomerUnsends.forgetInSummary} takes it out of the handoff's summary.
 *
 * @example
 * const unsends = new CustomerUnsends(conversations, events, feed);
 * await unsends.handle(context.activity);
 */
export class CustomerUnsends {
  constructor(
    private readonly conversations: HandoffConversationRepository,
    private readonly events: HandoffEventBus,
    private readonly feed: ChangeFeed | undefined,
    private readonly attachments?: Pick<AttachmentRepository, 'deleteMessage'>,
  ) {}

  /** @returns whether `activity` was an unsend in a handed-off conversation (and screens were told). */
  async handle(activity: Partial<Activity>): Promise<boolean> {
    if (!isUnsend(activity)) return false;
    // A photo or file kept for agents goes too; on LINE the conversation id starts with the account's id.
    if (activity.channelId === 'line') await this.attachments?.deleteMessage(activity.conversation?.id?.split(':')[0] ?? '', activity.id);
    const conversation = await this.conversations.get(handoffIdOf(activity.channelId ?? '', activity.conversation?.id ?? ''));
    if (!conversation) return false;
    const messageId = activity.id;
    this.events.publish({ type: 'messageUnsent', conversationId: conversation.id, queueId: conversation.queueId, agentId: conversation.agentId ?? conversation.offeredAgentId, messageId });
    await this.feed?.rewrite(HANDOFF_EVENTS_TOPIC, (payload) => {
      const event = payload as HandoffEvent;
      if (event.type !== 'message' || event.conversationId !== conversation.id || event.message.id !== messageId) return undefined;
      return { ...event, message: { id: messageId, author: event.message.author, text: undefined, attachments: [], at: event.message.at, unsent: true } };
    });
    return true;
  }

  /**
   * Takes `text` (an unsent message the bot still remembered) out of the summary of the conversation's handoff, which
   * was made of the customer's last texts.
   */
  async forgetInSummary(activity: Partial<Activity>, text: string): Promise<void> {
    const id = handoffIdOf(activity.channelId ?? '', activity.conversation?.id ?? '');
    const conversation = await this.conversations.get(id);
    if (!conversation) return;
    const summary = withoutLines(conversation.summary, text);
    if (summary === conversation.summary) return;
    await this.conversations.transition(id, { states: ALL_STATES }, { $set: { summary } });
  }
}

const ALL_STATES = ['queued', 'assigned', 'waiting', 'wrapUp', 'closed'] as const;
