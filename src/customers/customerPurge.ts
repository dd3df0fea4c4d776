import type { AgentFileRepository } from '../attachments/agentFileRepository';
import type { AttachmentRepository } from '../attachments/attachmentRepository';
import type { CustomerRepository } from './customerRepository';
import type { SurveyRepository } from '../bot/surveyRepository';
import type { TranscriptRepository } from '../transcripts/transcriptRepository';

/** What a purge deleted, by kind. */
export interface CustomerPurgeResult {
  readonly customerId: string;
  readonly activities: number;
  readonly conversations: number;
  readonly attachments: number;
  /** Files agents sent the customer. */
  readonly agentFiles: number;
  readonly surveys: number;
  /** 1 when the customer record (LINE profile) was deleted. */
  readonly customers: number;
  /** 1 when the linked contact was deleted too (only when no other customer record uses it). */
  readonly contacts: number;
  /** Handoff records (queued, served or closed conversations with people). */
  readonly handoffs: number;
  /** LINE webhook events kept in the inbox (they hold what the customer wrote). */
  readonly inboxEvents: number;
}

/** The LINE inbox's part of a purge: the events of the customer's LINE chats, on every LINE account. */
export interface LineInboxPurge {
  purgeConversations(conversationIds: readonly string[]): Promise<number>;
  /** Every LINE account id: a customer may have written to each. */
  accountIds(): Promise<readonly string[]>;
}

/** What holds a customer's handoff records, and lets go of them (open ones leave their queue first). */
export interface HandoffRecordPurge {
  purgeCustomer(customerId: string): Promise<number>;
}

/**
 * Deletes everything stored about one customer — a privacy request: handoff records, the LINE webhook events kept in
 * the inbox, transcripts, conversations, media (theirs and the files agents sent them), survey answers, the customer
 * record, and the linked contact when it belongs to this customer alone.
 */
export class CustomerPurge {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly transcripts: TranscriptRepository,
    private readonly attachments: AttachmentRepository,
    private readonly agentFiles: Pick<AgentFileRepository, 'purgeCustomer'>,
    private readonly surveys: SurveyRepository,
    private readonly handoffs: HandoffRecordPurge,
    private readonly lineInbox?: LineInboxPurge,
  ) {}

  /** Purges `customerId` (`{channelId}:{userId}`, e.g. `line:U4af…`) and reports the counts. */
  async purge(customerId: string): Promise<CustomerPurgeResult> {
    const contactId = await this.customers.contactIdOf(customerId);
    // First, so no agent keeps serving (or is offered) a conversation whose history is going away.
    const handoffs = await this.handoffs.purgeCustomer(customerId);
    const inboxEvents = await this.purgeInbox(customerId);
    const { activities, conversations } = await this.transcripts.purgeCustomer(customerId);
    const attachments = await this.attachments.purgeCustomer(customerId);
    const agentFiles = await this.agentFiles.purgeCustomer(customerId);
    const surveys = await this.surveys.purgeCustomer(customerId);
    const customers = (await this.customers.delete(customerId)) ? 1 : 0;
    let contacts = 0;
    if (contactId !== undefined && (await this.customers.customersOfContact(contactId)).length === 0) {
      contacts = (await this.customers.deleteContact(contactId)) ? 1 : 0;
    }
    return { customerId, activities, conversations, attachments, agentFiles, surveys, customers, contacts, handoffs, inboxEvents };
  }

  /** The customer's LINE chats: those their transcripts name, and their 1:1 chat on every account (events that left no transcript, e.g. an unfollow). */
  private async purgeInbox(customerId: string): Promise<number> {
    if (!this.lineInbox) return 0;
    const separator = customerId.indexOf(':');
    const [channelId, userId] = [customerId.slice(0, separator), customerId.slice(separator + 1)];
    if (channelId !== 'line' || userId === '') return 0;
    const chats = new Set((await this.transcripts.conversationsOfCustomer(customerId)).filter((conversation) => conversation.channelId === 'line').map((conversation) => conversation.conversationId));
    for (const accountId of await this.lineInbox.accountIds()) chats.add(`${accountId}:user:${userId}`);
    return this.lineInbox.purgeConversations([...chats]);
  }
}
