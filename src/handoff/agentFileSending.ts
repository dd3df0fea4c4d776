import type { Attachment } from 'botbuilder';
import { LINE_IMAGE_TYPES, MAX_PREVIEW_BYTES, type AgentFile, type AgentFileRepository, type NewAgentFile } from '../attachments/agentFileRepository';
import { closeQuietly } from '../attachments/attachmentContentRules';
import type { HandoffConversation } from './handoffConversation';
import { HandoffActionError } from './handoffActionError';
import { MAX_FILES_PER_MESSAGE } from './agentMessageLimits';

export { MAX_FILES_PER_MESSAGE } from './agentMessageLimits';

/**
 * Turns files agents uploaded into attachments each channel can deliver, served from `{publicUrl}/media/{id}`.
 *
 * LINE fetches media itself, over HTTPS only, when the customer opens the chat: pictures (JPEG, PNG) become image
 * messages with their preview, and everything else a link to the file (LINE has no file message). The Emulator
 * fetches from this server directly, so any address it reaches does.
 *
 * @example
 * const sending = new AgentFileSending(files, () => 'https://support.example.com');
 * const attachments = await sending.attachmentsFor(conversation, [fileId]);
 */
export class AgentFileSending {
  constructor(
    private readonly files: AgentFileRepository,
    private readonly publicUrl: () => string,
  ) {}

  /** Why the conversation's channel cannot receive agents' files from this server now, or `undefined` when it can. */
  unavailableReason(conversation: Pick<HandoffConversation, 'channelId'>): string | undefined {
    if (conversation.channelId === 'line' && !this.publicUrl().startsWith('https://')) {
      return `LINE fetches files only over HTTPS, and this server's public address is ${this.publicUrl()}: set PUBLIC_URL to its https:// address`;
    }
    return undefined;
  }

  /** Largest file an agent may upload, in bytes. */
  get maxBytes(): number {
    return this.files.maxBytes;
  }

  /**
   * Keeps a file an agent is about to send in `conversation`.
   *
   * @throws {HandoffActionError} `conflict` when the channel cannot fetch it from here (see {@link unavailableReason}).
   * @throws the errors of {@link AgentFileRepository.store} when the file is refused.
   */
  async upload(conversation: Pick<HandoffConversation, 'id' | 'channelId' | 'customerId'>, agentId: string, input: Pick<NewAgentFile, 'contentType' | 'fileName' | 'content'>): Promise<AgentFile> {
    const unavailable = this.unavailableReason(conversation);
    if (unavailable !== undefined) {
      await closeQuietly(input.content);
      throw new HandoffActionError('conflict', unavailable);
    }
    return this.files.store({ ...input, handoffId: conversation.id, customerId: conversation.customerId, agentId });
  }

  /**
   * Keeps the preview LINE shows of picture `fileId`, uploaded in `conversation`.
   *
   * @throws {HandoffActionError} `not_found` when the file is not one of the conversation's.
   * @throws the errors of {@link AgentFileRepository.storePreview} when the preview is refused.
   */
  async storePreview(conversation: Pick<HandoffConversation, 'id'>, fileId: string, contentType: string, content: AsyncIterable<Uint8Array>): Promise<AgentFile> {
    const file = await this.files.get(fileId);
    if (!file || file.handoffId !== conversation.id) {
      await closeQuietly(content);
      throw new HandoffActionError('not_found', `no uploaded file '${fileId}' in this conversation`);
    }
    return this.files.storePreview(fileId, contentType, content);
  }

  /** The public address of file `id` (or of its preview). */
  urlOf(id: string, which: 'original' | 'preview' = 'original'): string {
    return `${this.publicUrl()}/media/${id}${which === 'preview' ? '/preview' : ''}`;
  }

  /**
   * The attachments that deliver files `ids` in `conversation`.
   *
   * @throws {HandoffActionError} `invalid` when a file is unknown or belongs to another conversation, when there are too
   *   many, when a picture over 1 MB has no preview for LINE, or when the channel cannot fetch from this server.
   */
  async attachmentsFor(conversation: Pick<HandoffConversation, 'id' | 'channelId'>, ids: readonly string[]): Promise<Attachment[]> {
    if (ids.length > MAX_FILES_PER_MESSAGE) throw new HandoffActionError('invalid', `a message carries at most ${MAX_FILES_PER_MESSAGE} files`);
    const unavailable = this.unavailableReason(conversation);
    if (unavailable !== undefined && ids.length > 0) throw new HandoffActionError('invalid', unavailable);
    const attachments: Attachment[] = [];
    for (const id of ids) {
      const file = await this.files.get(id);
      // Another conversation's file is as unknown here as a made-up id: tokens must not be usable across customers.
      if (!file || file.handoffId !== conversation.id) throw new HandoffActionError('invalid', `no uploaded file '${id}' in this conversation`);
      attachments.push(conversation.channelId === 'line' ? this.lineAttachment(file) : this.attachment(file, file.contentType));
    }
    return attachments;
  }

  private lineAttachment(file: AgentFile): Attachment {
    if (!LINE_IMAGE_TYPES.includes(file.contentType)) return this.attachment(file, 'application/octet-stream');
    if (file.preview) return { ...this.attachment(file, file.contentType), thumbnailUrl: this.urlOf(file.id, 'preview') };
    if (file.size > MAX_PREVIEW_BYTES) throw new HandoffActionError('invalid', `the picture '${file.fileName ?? file.id}' is over 1 MB and has no preview; LINE needs one`);
    return this.attachment(file, file.contentType);
  }

  private attachment(file: AgentFile, contentType: string): Attachment {
    return { contentType, contentUrl: this.urlOf(file.id), name: file.fileName ?? file.id };
  }
}
