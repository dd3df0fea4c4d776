import type { Activity } from 'botbuilder';
import type { ChangeFeed } from '../storage/changeFeed';
import { isUnsend } from '../transcript/unsentMessage';
import { handoffIdOf } from './handoffConversation';
import type { HandoffConversationRepository } from './handoffConversationRepository';
import { HANDOFF_EVENTS_TOPIC, type HandoffEvent, type HandoffEventBus } from './handoffEvents';

/**
 * A customer unsent a message (LINE's `unsend`) in a conversation handed to people: the agent's and supervisor's
 * screens are told at once (`messageUnsent`, they show "message unsent"), and the relayed copy of the message is
 * blanked in the change feed, through which other instances' screens received it. The transcript blanks its own copy
 * when it logs the unsend (see `TranscriptRepository.logActivity`).
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
  ) {}

  /** @returns whether `activity` was an unsend in a handed-off conversation (and screens were told). */
  async handle(activity: Partial<Activity>): Promise<boolean> {
    if (!isUnsend(activity)) return false;
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
}
