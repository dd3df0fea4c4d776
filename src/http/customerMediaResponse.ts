import type { ServerResponse } from 'node:http';
import { HandoffActionError } from '../handoff/handoffActionError';
import type { HandoffConversation } from '../handoff/handoffConversation';
import { attachmentId, type AttachmentRepository } from '../attachments/attachmentRepository';
import { sendStoredFile } from './storedFileResponse';

/**
 * Answers the media the customer sent in LINE message `messageId` of `conversation`, from the server's copy.
 *
 * @throws {HandoffActionError} `not_found` when the conversation has no such media.
 */
export async function sendCustomerMedia(res: ServerResponse, attachments: AttachmentRepository, conversation: Pick<HandoffConversation, 'lineAccountId' | 'conversationId'>, messageId: string): Promise<void> {
  const stored = conversation.lineAccountId === undefined ? undefined : await attachments.get(attachmentId(conversation.lineAccountId, messageId));
  // The id names the account and message only: the conversation check keeps one customer's media from another's screen.
  if (!stored || stored.metadata.conversationId !== conversation.conversationId) throw new HandoffActionError('not_found', 'no such attachment in this conversation');
  await sendStoredFile(res, { contentType: stored.metadata.contentType, size: stored.metadata.size, fileName: stored.metadata.fileName ?? messageId, body: stored.body, cacheControl: 'private, max-age=3600' });
}
