import type { AgentContactAccess } from '../handoff/agentContactAccess';
import type { HandoffService } from '../handoff/handoffService';
import type { HandoffCycleRepository } from '../reports/handoffCycleRepository';
import type { AttachmentRepository } from '../attachments/attachmentRepository';
import type { CustomerRepository } from '../customers/customerRepository';
import type { TranscriptRepository } from '../transcripts/transcriptRepository';
import type { ApiRouter } from './api/apiRouter';
import { registerAgentConversationRoutes } from './agentConversationRoutes';
import { registerAgentCustomerRoutes } from './agentCustomerRoutes';
import { registerAgentMessageRoutes } from './agentMessageRoutes';

/** What the agent endpoints need. */
export interface AgentRoutesOptions {
  readonly handoff: HandoffService;
  /** Media customers sent, kept on the server. */
  readonly attachments: AttachmentRepository;
  readonly transcripts: TranscriptRepository;
  readonly customers: CustomerRepository;
  /** Which contacts and linked customers' conversations each agent may read. */
  readonly contactAccess: AgentContactAccess;
  /** Each handoff cycle's facts: "past conversations" lists every cycle of a conversation separately. */
  readonly cycles?: Pick<HandoffCycleRepository, 'cyclesOf'>;
}

/**
 * The agent API, for logged-in users with an agent profile (`Authorization: Bearer <login token>`; `ADMIN_API_KEY`
 * is refused with 403, since the API acts for a person):
 * - presence and conversations (`agentConversationRoutes.ts`): `GET/PUT /api/agent/presence`,
 *   `GET /api/agent/conversations`, `GET …/:id`, `POST …/:id/accept|decline|close|wait|transfer|read|typing`,
 *   `GET /api/agent/directory`;
 * - what the agent sends (`agentMessageRoutes.ts`): `POST …/:id/messages`, `GET …/:id/file-sending`,
 *   `POST …/:id/uploads`, `PUT …/:id/uploads/:fileId/preview`, `GET /api/agent/stickers`, canned responses;
 * - the customer (`agentCustomerRoutes.ts`): `GET …/:id/transcript`, `GET …/:id/attachments/:messageId`,
 *   `GET …/:id/history`, `POST …/:id/contact`, `GET /api/agent/contacts?q=`, `GET …/contacts/:contactId`.
 * An agent sees only conversations offered or assigned to them or waiting in their queues (404 otherwise, so ids of
 * others' conversations are not confirmed). Refusals: 400 naming the field, 403, 404, 409 when the state does not
 * allow the action now.
 *
 * @example registerAgentRoutes(api, { handoff, transcripts, customers, contactAccess, attachments, cycles });
 */
export function registerAgentRoutes(api: ApiRouter, options: AgentRoutesOptions): void {
  registerAgentConversationRoutes(api, options.handoff);
  registerAgentMessageRoutes(api, options.handoff);
  registerAgentCustomerRoutes(api, options);
}
