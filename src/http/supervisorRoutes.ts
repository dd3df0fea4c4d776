import { z } from 'zod';
import type { HandoffService } from '../handoff/handoffService';
import type { AttachmentRepository } from '../attachments/attachmentRepository';
import { ANSWERED, apiContract, type ApiAccess } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { withoutUndefined } from './agentAccess';
import { sendCustomerMedia } from './customerMediaResponse';
import { assignSchema, conversationViewSchema, handoffIdParamsSchema, overviewSchema, presenceAnswerSchema, presenceChangeSchema, transferSchema } from './schemas/handoffSchemas';

const SUPERVISOR_ACCESS: ApiAccess = { roles: ['supervisor', 'admin'] };
const onConversation = { access: SUPERVISOR_ACCESS, tags: ['supervisor'], params: handoffIdParamsSchema } as const;
const noConversation = { description: 'no such conversation' };
const view = (description: string) => ({ description, schema: conversationViewSchema });

/** `GET /api/supervisor/overview`. */
export const readOverview = apiContract({
  method: 'get', path: '/api/supervisor/overview', tags: ['supervisor'], access: SUPERVISOR_ACCESS,
  summary: 'Per queue waiting, offered, assigned, longest wait and service level; per agent presence and load; every open conversation',
  responses: { 200: { description: 'the overview', schema: overviewSchema } },
});

/** `POST /api/supervisor/conversations/:id/assign`. */
export const assignConversation = apiContract({
  ...onConversation, method: 'post', path: '/api/supervisor/conversations/:id/assign',
  summary: 'Assign a queued conversation to an agent whatever their presence and load (a pending offer is withdrawn); the agent’s load may exceed their capacity',
  body: assignSchema,
  responses: { 200: view('assigned'), 400: { description: 'invalid field, or the agent has no agent profile' }, 404: noConversation, 409: { description: 'not queued (transfer it instead), or changed meanwhile' } },
});

/** `POST /api/supervisor/conversations/:id/transfer`. */
export const supervisorTransfer = apiContract({
  ...onConversation, method: 'post', path: '/api/supervisor/conversations/:id/transfer',
  summary: 'Transfer a queued, assigned or waiting conversation to another queue and/or agent, with a note; a named agent is assigned outright',
  body: transferSchema,
  responses: {
    200: view('queued again, or assigned to the named agent'),
    400: { description: 'invalid field, neither queueId nor agentId, an unknown queue, or an agent without a profile' },
    404: noConversation,
    409: { description: 'wrapUp or closed, the queue does not serve the customer’s language, or the agent is already serving it' },
  },
});

/** `POST /api/supervisor/conversations/:id/close`. */
export const supervisorClose = apiContract({
  ...onConversation, method: 'post', path: '/api/supervisor/conversations/:id/close',
  summary: 'Close any open conversation: queued → closed at once (the customer is told, the bot resumes); assigned or waiting → wrapUp as when the agent ends it; wrapUp → closed',
  responses: { 200: view('the conversation in its new state (`wrapUp` or `closed`)'), 404: noConversation, 409: { description: 'closed already, or changed meanwhile' } },
});

/** `GET /api/supervisor/conversations/:id/attachments/:messageId`. */
export const supervisorCustomerMedia = apiContract({
  method: 'get', path: '/api/supervisor/conversations/:id/attachments/:messageId', tags: ['supervisor'], access: SUPERVISOR_ACCESS,
  summary: 'A photo, video, voice message or file the customer sent, from the copy kept on the server (as for agents)',
  params: z.object({ id: z.string().describe('the handoff id'), messageId: z.string().describe('the LINE message id') }),
  responses: { 200: { description: 'the bytes, with their content type', contentType: '*/*' }, 404: { description: 'no such conversation or attachment' } },
});

/** `PUT /api/supervisor/agents/:id/presence`. */
export const setAgentPresence = apiContract({
  method: 'put', path: '/api/supervisor/agents/:id/presence', tags: ['supervisor'], access: SUPERVISOR_ACCESS,
  summary: 'Set an agent’s presence, e.g. offline for one who left without signing out (their offers are given back and their conversations queued again)',
  params: z.object({ id: z.string().describe('the agent’s user id') }),
  body: presenceChangeSchema,
  responses: { 200: { description: 'presence after the change', schema: presenceAnswerSchema }, 404: { description: 'the user has no agent profile' } },
});

/** What the supervisor endpoints need. */
export interface SupervisorRoutesOptions {
  readonly handoff: HandoffService;
  /** Media customers sent, kept on the server. */
  readonly attachments: AttachmentRepository;
}

/**
 * The supervisor API (roles `supervisor`, `admin`, or `ADMIN_API_KEY`): the real-time overview; assign, transfer and
 * close any open conversation; the media customers sent (for reading transcripts); set an agent's presence (e.g.
 * offline for one who left without signing out).
 *
 * @example registerSupervisorRoutes(api, { handoff, attachments });
 */
export function registerSupervisorRoutes(api: ApiRouter, options: SupervisorRoutesOptions): void {
  const { handoff, attachments } = options;
  // The API key acts for no user; its actions are recorded under this name.
  const actorOf = (userId: string | undefined): string => userId ?? 'api-key';

  api.route(readOverview, async () => ({ status: 200, body: await handoff.overview() }));

  api.route(assignConversation, async ({ params, body, userId }) => ({ status: 200, body: await handoff.supervisorAssign(params.id, body.agentId, actorOf(userId)) }));

  api.route(supervisorTransfer, async ({ params, body, userId }) => ({ status: 200, body: await handoff.transfer(params.id, { kind: 'supervisor', userId: actorOf(userId) }, withoutUndefined(body)) }));

  api.route(supervisorClose, async ({ params, userId }) => ({ status: 200, body: await handoff.close(params.id, { kind: 'supervisor', userId: actorOf(userId) }) }));

  api.route(supervisorCustomerMedia, async ({ params, res }) => {
    await sendCustomerMedia(res, attachments, await handoff.require(params.id), params.messageId);
    return ANSWERED;
  });

  api.route(setAgentPresence, async ({ params, body }) => ({ status: 200, body: await handoff.setPresence(params.id, body.presence) }));
}
