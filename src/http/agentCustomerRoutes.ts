import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { AgentContactAccess } from '../handoff/agentContactAccess';
import { HandoffActionError } from '../handoff/handoffActionError';
import type { HandoffService } from '../handoff/handoffService';
import type { HandoffCycleRepository } from '../reports/handoffCycleRepository';
import type { AttachmentRepository } from '../attachments/attachmentRepository';
import type { CustomerRepository } from '../customers/customerRepository';
import type { TranscriptRepository } from '../transcripts/transcriptRepository';
import { labelTappedButtons } from '../transcripts/tappedButtonLabels';
import { ANSWERED, apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { AGENT_ACCESS, AGENT_TAGS, CONVERSATION_NOT_VISIBLE, agentIdOf, rolesOf, visibleConversation, withoutUndefined } from './agentAccess';
import { sendCustomerMedia } from './customerMediaResponse';
import { contactLinkSchema, contactListSchema, contactSchema, linkedContactSchema } from './schemas/contactSchemas';
import { handoffIdParamsSchema, searchQuerySchema } from './schemas/handoffSchemas';
import { agentTranscriptSchema, pastConversationListSchema } from './schemas/transcriptSchemas';
import { transcriptActivityAnswer } from './transcriptActivityAnswer';

/** Transcript pages an agent's view gathers at most (twenty activities a page). */
const MAX_TRANSCRIPT_PAGES = 50;

const onConversation = { access: AGENT_ACCESS, tags: AGENT_TAGS, params: handoffIdParamsSchema } as const;

/** `GET /api/agent/conversations/:id/transcript`. */
export const readAgentTranscript = apiContract({
  ...onConversation, method: 'get', path: '/api/agent/conversations/:id/transcript',
  summary: 'The conversation’s activities in order, the bot part included (up to 1,000); marks it read when I serve it',
  responses: { 200: { description: 'activities; on LINE, those agents and notices sent carry `delivery` (`reply` free, `push` paid)', schema: agentTranscriptSchema }, 404: CONVERSATION_NOT_VISIBLE },
});

/** `POST /api/agent/conversations/:id/contact`. */
export const linkContact = apiContract({
  ...onConversation, method: 'post', path: '/api/agent/conversations/:id/contact',
  summary: 'Link the customer to a contact (replacing any earlier link), or create one from the customer and link it',
  body: contactLinkSchema,
  responses: {
    200: { description: 'linked to the existing contact', schema: linkedContactSchema },
    201: { description: 'contact created and linked', schema: linkedContactSchema },
    403: { description: 'ADMIN_API_KEY was presented, or I am not the agent serving the customer' },
    404: { description: 'no agent profile, a conversation the agent may not see, or no contact the agent may read' },
    409: { description: '`create` while the customer is linked to a contact already, or another contact has the external id' },
  },
});

/** `GET /api/agent/contacts`. */
export const searchContacts = apiContract({
  method: 'get', path: '/api/agent/contacts', tags: AGENT_TAGS, access: AGENT_ACCESS,
  summary: 'Find contacts whose name, email, external id or phone number starts with or contains `q` (at most 20; without `q` the most recently updated)',
  description: 'Without the role contacts, supervisor or admin, only contacts linked to customers whose conversations the agent may see are searched.',
  query: searchQuerySchema,
  responses: { 200: { description: 'contacts', schema: contactListSchema }, 404: { description: 'the user has no agent profile' } },
});

/** `GET /api/agent/contacts/:contactId`. */
export const readContact = apiContract({
  method: 'get', path: '/api/agent/contacts/:contactId', tags: AGENT_TAGS, access: AGENT_ACCESS,
  summary: 'One contact',
  description: 'Only a contact the user may read: linked to a customer whose conversation they may see, or any when they hold the role contacts, supervisor or admin (404 otherwise).',
  params: z.object({ contactId: z.string() }),
  responses: { 200: { description: 'the contact', schema: contactSchema }, 404: { description: 'no such contact, or no agent profile' } },
});

/** `GET /api/agent/conversations/:id/history`. */
export const readCustomerHistory = apiContract({
  ...onConversation, method: 'get', path: '/api/agent/conversations/:id/history',
  summary: 'The customer’s conversations (newest first, at most 20) on every channel their contact ties together, each with its handoff cycles latest first',
  description: 'Other customers of the contact are listed only when the user may see one of their conversations, or holds the role contacts, supervisor or admin.',
  responses: { 200: { description: 'conversations', schema: pastConversationListSchema }, 404: CONVERSATION_NOT_VISIBLE },
});

/** `GET /api/agent/conversations/:id/attachments/:messageId`. */
export const readCustomerMedia = apiContract({
  method: 'get', path: '/api/agent/conversations/:id/attachments/:messageId', tags: AGENT_TAGS, access: AGENT_ACCESS,
  summary: 'A photo, video, voice message or file the customer sent (the LINE message id), streamed from the copy kept on the server; sandboxed, `nosniff`',
  params: z.object({ id: z.string().describe('the handoff id'), messageId: z.string().describe('the LINE message id') }),
  responses: { 200: { description: 'the bytes, with their content type', contentType: '*/*' }, 404: { description: 'no such conversation or attachment' } },
});

/** What the agent's customer routes need. */
export interface AgentCustomerRoutesOptions {
  readonly handoff: HandoffService;
  readonly attachments: AttachmentRepository;
  readonly transcripts: TranscriptRepository;
  readonly customers: CustomerRepository;
  readonly contactAccess: AgentContactAccess;
  readonly cycles?: Pick<HandoffCycleRepository, 'cyclesOf'>;
}

/**
 * What an agent reads and records about the customer: the transcript, the media they sent, their past conversations,
 * and their contact (search, read, link or create). Contacts are seen only through the customers of conversations
 * the agent may see unless their roles read every contact (see {@link AgentContactAccess}).
 *
 * @example registerAgentCustomerRoutes(api, { handoff, attachments, transcripts, customers, contactAccess, cycles });
 */
export function registerAgentCustomerRoutes(api: ApiRouter, options: AgentCustomerRoutesOptions): void {
  const { handoff, attachments, transcripts, customers, contactAccess, cycles } = options;

  api.route(readAgentTranscript, async ({ userId, params }) => {
    const agentId = agentIdOf(userId);
    const conversation = await visibleConversation(handoff, params.id, agentId);
    const items: Activity[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_TRANSCRIPT_PAGES; page += 1) {
      const result = await transcripts.getTranscriptActivities(conversation.channelId, conversation.conversationId, token);
      items.push(...result.items);
      token = result.continuationToken || undefined;
      if (!token) break;
    }
    if (conversation.agentId === agentId) await handoff.markRead(conversation.id, agentId);
    const marks = await handoff.deliveryMarks.of(conversation.id);
    const labelled = labelTappedButtons(items).map((item) => {
      const via = item.id === undefined ? undefined : marks.get(item.id);
      return via === undefined ? item : { ...item, delivery: via };
    });
    return { status: 200, body: { items: transcriptActivityAnswer(labelled), truncated: token !== undefined, delivery: await handoff.deliveryMarks.totals(conversation.id) } };
  });

  api.route(linkContact, async ({ userId, principal, params, body }) => {
    const agentId = agentIdOf(userId);
    const conversation = await visibleConversation(handoff, params.id, agentId);
    // Linking is part of serving the customer: a conversation merely waiting in the agent's queue is not theirs yet.
    if (conversation.agentId !== agentId) throw new HandoffActionError('forbidden', 'only the agent serving the customer links their contact');
    if ('contactId' in body) {
      // Only to a contact the agent may read already: the link would otherwise make a stranger's contact theirs.
      const contact = await contactAccess.read({ profile: await handoff.profileOf(agentId), roles: rolesOf(principal) }, body.contactId);
      if (!contact) throw new HandoffActionError('not_found', 'no such contact');
      await customers.linkContact(conversation.customerId, contact.id);
      return { status: 200, body: { customerId: conversation.customerId, contact: (await customers.getContact(contact.id)) ?? contact } };
    }
    const contact = await customers.createContactFromCustomer(conversation.customerId, withoutUndefined(body.create));
    return { status: 201, body: { customerId: conversation.customerId, contact } };
  });

  api.route(searchContacts, async ({ userId, principal, query }) => {
    const profile = await handoff.profileOf(agentIdOf(userId));
    return { status: 200, body: { items: await contactAccess.search({ profile, roles: rolesOf(principal) }, query.q ?? '', 20) } };
  });

  api.route(readContact, async ({ userId, principal, params }) => {
    const contact = await contactAccess.read({ profile: await handoff.profileOf(agentIdOf(userId)), roles: rolesOf(principal) }, params.contactId);
    if (!contact) throw new HandoffActionError('not_found', 'no such contact');
    return { status: 200, body: contact };
  });

  api.route(readCustomerHistory, async ({ userId, principal, params }) => {
    const agentId = agentIdOf(userId);
    const conversation = await visibleConversation(handoff, params.id, agentId);
    // The same person on other channels or accounts, when a contact ties their customer records together.
    const related = await contactAccess.historyCustomerIds({ profile: await handoff.profileOf(agentId), roles: rolesOf(principal) }, conversation);
    const records = (await Promise.all(related.map((customerId) => transcripts.listConversationsOfCustomer(customerId, { limit: 20 })))).flat();
    records.sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime());
    const items = await Promise.all(
      records.slice(0, 20).map(async (record) => {
        const handoffRecord = await handoff.recordOf(record.channelId, record.conversationId);
        const facts = handoffRecord && cycles ? await cycles.cyclesOf(handoffRecord.id) : [];
        return {
          ...record,
          current: record.channelId === conversation.channelId && record.conversationId === conversation.conversationId,
          handoff: handoffRecord ? { id: handoffRecord.id, state: handoffRecord.state, cycles: handoffRecord.cycle, lastAgentId: handoffRecord.lastAgentId, closedAt: handoffRecord.closedAt, closeReason: handoffRecord.closeReason, cycleList: facts.map((fact) => ({ cycle: fact.cycle, state: fact.state, requestedAt: fact.requestedAt, closedAt: fact.closedAt, closeReason: fact.closeReason, agentId: fact.agentId, queueId: fact.queueId, wrapUpCode: fact.wrapUpCode, rating: fact.rating })).reverse() } : undefined,
        };
      }),
    );
    return { status: 200, body: { items } };
  });

  api.route(readCustomerMedia, async ({ userId, params, res }) => {
    const conversation = await visibleConversation(handoff, params.id, agentIdOf(userId));
    await sendCustomerMedia(res, attachments, conversation, params.messageId);
    return ANSWERED;
  });
}
