import { readsAllContacts, type Role } from '../auth/roles';
import type { Contact, CustomerRepository } from '../customers/customerRepository';
import type { AgentProfile } from './config/handoffConfigModel';
import type { HandoffConversation } from './handoffConversation';
import type { HandoffConversationRepository } from './handoffConversationRepository';

/** Handoff records read at most to find the customers an agent may see, latest requests first. */
const MAX_VISIBLE_CONVERSATIONS = 1_000;

/** Who reads: the agent's profile, and their roles (which may grant the whole contact directory). */
export interface ContactReader {
  readonly profile: AgentProfile;
  readonly roles: readonly Role[];
}

/** What {@link AgentContactAccess} needs. */
export interface AgentContactAccessOptions {
  readonly conversations: HandoffConversationRepository;
  readonly customers: CustomerRepository;
  /** The handoff's rule of which conversations an agent may see (`HandoffService.canSee`). */
  readonly canSee: (conversation: HandoffConversation, profile: AgentProfile) => boolean;
}

/**
 * Which contacts, and which linked customers' conversations, an agent may read. An agent sees a customer when they may
 * see one of the customer's conversations (theirs now or last, offered to them, or waiting in a queue they serve), and
 * a contact when one of the customers linked to it is such a customer. Users whose roles read every contact
 * (`contacts`, `supervisor`, `admin`) see them all.
 *
 * Linking is checked the same way (an agent links only to a contact they may read), and a customer's history lists
 * only the linked customers the agent may see, so linking a customer to someone else's contact never discloses that
 * person's conversations.
 *
 * @example
 * const access = new AgentContactAccess({ conversations, customers, canSee: (c, p) => handoff.canSee(c, p) });
 * const found = await access.search({ profile, roles: ['agent'] }, 'aiko');
 */
export class AgentContactAccess {
  constructor(private readonly options: AgentContactAccessOptions) {}

  /** Contacts matching `query` the reader may read (see `CustomerRepository.searchContacts`), at most `limit`. */
  async search(reader: ContactReader, query: string, limit = 20): Promise<Contact[]> {
    const { customers } = this.options;
    if (readsAllContacts(reader.roles)) return customers.searchContacts(query, limit);
    const among = await customers.contactIdsOf(await this.customersVisibleTo(reader.profile));
    return among.length === 0 ? [] : customers.searchContacts(query, limit, { among });
  }

  /** The contact, when it exists and the reader may read it; `undefined` otherwise (so ids are not confirmed). */
  async read(reader: ContactReader, contactId: string): Promise<Contact | undefined> {
    const { customers } = this.options;
    const contact = await customers.getContact(contactId);
    if (!contact || readsAllContacts(reader.roles)) return contact;
    const linked = (await customers.customersOfContact(contactId)).map((customer) => customer.id);
    return (await this.visibleAmong(reader.profile, linked)).size > 0 ? contact : undefined;
  }

  /**
   * The customers whose conversations the history of `conversation` lists: its own customer, and the other customers
   * of its contact that the reader may see (all of them when the reader's roles read every contact).
   */
  async historyCustomerIds(reader: ContactReader, conversation: HandoffConversation): Promise<string[]> {
    const { customers } = this.options;
    const contactId = await customers.contactIdOf(conversation.customerId);
    if (contactId === undefined) return [conversation.customerId];
    const related = (await customers.customersOfContact(contactId)).map((customer) => customer.id).filter((id) => id !== conversation.customerId);
    const shown = readsAllContacts(reader.roles) ? related : [...(await this.visibleAmong(reader.profile, related))];
    return [conversation.customerId, ...shown];
  }

  /** Which of `customerIds` have a conversation the agent may see. */
  private async visibleAmong(profile: AgentProfile, customerIds: readonly string[]): Promise<Set<string>> {
    if (customerIds.length === 0) return new Set();
    const records = await this.options.conversations.find({ customerId: { $in: [...customerIds] } });
    return new Set(records.filter((record) => this.options.canSee(record, profile)).map((record) => record.customerId));
  }

  /** The customers of the conversations the agent may see (of their own, the latest {@link MAX_VISIBLE_CONVERSATIONS}). */
  private async customersVisibleTo(profile: AgentProfile): Promise<string[]> {
    const { conversations } = this.options;
    // Three queries rather than one $or, so each uses an index (state and queue; agent and state).
    const groups = await Promise.all([
      conversations.find({ agentId: profile.id }, { sort: { requestedAt: -1 }, limit: MAX_VISIBLE_CONVERSATIONS }),
      conversations.find({ state: 'queued', offeredAgentId: profile.id }),
      conversations.find({ state: 'queued', queueId: { $in: [...profile.queueIds] } }, { limit: MAX_VISIBLE_CONVERSATIONS }),
    ]);
    return [...new Set(groups.flat().filter((record) => this.options.canSee(record, profile)).map((record) => record.customerId))];
  }
}
