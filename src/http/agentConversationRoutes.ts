import type { HandoffService } from '../handoff/handoffService';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { AGENT_ACCESS, AGENT_TAGS, CONVERSATION_NOT_VISIBLE, agentIdOf, visibleConversation, withoutUndefined } from './agentAccess';
import { conversationListSchema, conversationViewSchema, directorySchema, handoffIdParamsSchema, presenceAnswerSchema, presenceChangeSchema, transferSchema } from './schemas/handoffSchemas';

const noProfile = { description: 'the user has no agent profile (an admin creates one under /api/admin/agents)' };
const onConversation = { access: AGENT_ACCESS, tags: AGENT_TAGS, params: handoffIdParamsSchema } as const;
const view = (description: string) => ({ description, schema: conversationViewSchema });

/** `GET /api/agent/presence`. */
export const readPresence = apiContract({
  method: 'get', path: '/api/agent/presence', tags: AGENT_TAGS, access: AGENT_ACCESS,
  summary: 'My presence, capacity and load',
  responses: { 200: { description: 'presence', schema: presenceAnswerSchema }, 404: noProfile },
});

/** `PUT /api/agent/presence`. */
export const changePresence = apiContract({
  method: 'put', path: '/api/agent/presence', tags: AGENT_TAGS, access: AGENT_ACCESS,
  summary: 'Set my presence; going offline gives back my offers and queues my assigned conversations again for others, going available lets offers come',
  body: presenceChangeSchema,
  responses: { 200: { description: 'presence after the change', schema: presenceAnswerSchema }, 404: noProfile },
});

/** `GET /api/agent/conversations`. */
export const listConversations = apiContract({
  method: 'get', path: '/api/agent/conversations', tags: AGENT_TAGS, access: AGENT_ACCESS,
  summary: 'What I work on and may take: offered to me, mine (assigned, waiting, wrapUp), queued in my queues (oldest first)',
  responses: { 200: { description: 'conversations', schema: conversationListSchema }, 404: noProfile },
});

/** `GET /api/agent/conversations/:id`. */
export const readConversation = apiContract({
  ...onConversation, method: 'get', path: '/api/agent/conversations/:id',
  summary: 'One conversation I may see: mine (now or last), offered to me, or queued in a queue I serve',
  responses: { 200: view('the conversation'), 404: CONVERSATION_NOT_VISIBLE },
});

/** `POST /api/agent/conversations/:id/accept`. */
export const acceptConversation = apiContract({
  ...onConversation, method: 'post', path: '/api/agent/conversations/:id/accept',
  summary: 'Accept the conversation offered to me, or pick one queued in a pick-mode queue I serve; the customer is told who joined',
  responses: {
    200: view('assigned to me'),
    403: { description: 'ADMIN_API_KEY was presented, or the queue is not one I serve' },
    404: CONVERSATION_NOT_VISIBLE,
    409: { description: 'not queued, the offer expired or was withdrawn, offered to another agent, a push queue (wait for the offer), a language I do not serve, I am not available with free capacity, or someone else took it first' },
  },
});

/** `POST /api/agent/conversations/:id/decline`. */
export const declineConversation = apiContract({
  ...onConversation, method: 'post', path: '/api/agent/conversations/:id/decline',
  summary: 'Decline the offer; the conversation goes to the next agent and I am passed over for it a while',
  responses: { 200: view('queued again'), 404: CONVERSATION_NOT_VISIBLE, 409: { description: 'not offered to me (any more)' } },
});

/** `POST /api/agent/conversations/:id/close`. */
export const closeConversation = apiContract({
  ...onConversation, method: 'post', path: '/api/agent/conversations/:id/close',
  summary: 'End or close my conversation: assigned or waiting → wrapUp (the customer is told, the bot resumes and asks the survey if the workstream has one; my capacity stays held for the wrap-up time); wrapUp → closed (capacity freed)',
  responses: {
    200: view('the conversation in its new state (`wrapUp` or `closed`)'),
    403: { description: 'ADMIN_API_KEY was presented, or the conversation is not mine (a queued one, even offered to me, is declined, not closed)' },
    404: CONVERSATION_NOT_VISIBLE,
    409: { description: 'closed already, a wrap-up code is required first, or changed meanwhile' },
  },
});

/** `POST /api/agent/conversations/:id/wait`. */
export const waitConversation = apiContract({
  ...onConversation, method: 'post', path: '/api/agent/conversations/:id/wait',
  summary: 'Step away without ending (assigned → waiting): my capacity is freed, the customer is told; when they write again it is queued for me first',
  responses: { 200: view('waiting'), 403: { description: 'ADMIN_API_KEY was presented, or the conversation is not assigned to me' }, 404: CONVERSATION_NOT_VISIBLE, 409: { description: 'not assigned' } },
});

/** `POST /api/agent/conversations/:id/transfer`. */
export const transferConversation = apiContract({
  ...onConversation, method: 'post', path: '/api/agent/conversations/:id/transfer',
  summary: 'Transfer my assigned conversation to another queue and/or agent, with a note; a named agent gets the offer at once',
  body: transferSchema,
  responses: {
    200: view('queued again (offered to the named agent when they could take it)'),
    400: { description: 'invalid field, neither queueId nor agentId, an unknown queue, or an agent without a profile' },
    403: { description: 'ADMIN_API_KEY was presented, or the conversation is not assigned to me' },
    404: CONVERSATION_NOT_VISIBLE,
    409: { description: 'not assigned, the queue does not serve the customer’s language, the agent is already serving it or is not available with free capacity' },
  },
});

/** `POST /api/agent/conversations/:id/read`. */
export const markConversationRead = apiContract({
  ...onConversation, method: 'post', path: '/api/agent/conversations/:id/read',
  summary: 'Mark the customer’s messages read (`unread` becomes 0) on a conversation I serve',
  responses: { 204: { description: 'done (nothing changes on a conversation I do not serve)' }, 404: CONVERSATION_NOT_VISIBLE },
});

/** `POST /api/agent/conversations/:id/typing`. */
export const showTyping = apiContract({
  ...onConversation, method: 'post', path: '/api/agent/conversations/:id/typing',
  summary: 'I am writing: the customer sees LINE’s loading animation (1:1 chats; started again only when the running one is about to end) or a typing indicator',
  responses: { 204: { description: 'done' }, 404: CONVERSATION_NOT_VISIBLE },
});

/** `GET /api/agent/directory`. */
export const readDirectory = apiContract({
  method: 'get', path: '/api/agent/directory', tags: AGENT_TAGS, access: AGENT_ACCESS,
  summary: 'Every queue (id, name, distribution, languages) and agent (id, display name, presence, languages, queues): the targets of a transfer',
  responses: { 200: { description: 'queues and agents', schema: directorySchema }, 404: noProfile },
});

/**
 * The agent's presence and the life of their conversations: list, read, accept, decline, close, wait, transfer, mark
 * read, typing, and the directory of transfer targets. An agent sees only conversations offered or assigned to them or
 * waiting in their queues (404 otherwise); 409 when the state does not allow the action now.
 *
 * @example registerAgentConversationRoutes(api, handoff);
 */
export function registerAgentConversationRoutes(api: ApiRouter, handoff: HandoffService): void {
  api.route(readPresence, async ({ userId }) => ({ status: 200, body: await handoff.presenceOf(agentIdOf(userId)) }));

  api.route(changePresence, async ({ userId, body }) => ({ status: 200, body: await handoff.setPresence(agentIdOf(userId), body.presence) }));

  api.route(listConversations, async ({ userId }) => ({ status: 200, body: { items: await handoff.listForAgent(agentIdOf(userId)) } }));

  api.route(readConversation, async ({ userId, params }) => ({ status: 200, body: await handoff.view(await visibleConversation(handoff, params.id, agentIdOf(userId))) }));

  api.route(acceptConversation, async ({ userId, params }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    return { status: 200, body: await handoff.accept(params.id, agentId) };
  });

  api.route(declineConversation, async ({ userId, params }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    return { status: 200, body: await handoff.decline(params.id, agentId) };
  });

  api.route(closeConversation, async ({ userId, params }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    return { status: 200, body: await handoff.close(params.id, { kind: 'agent', userId: agentId }) };
  });

  api.route(waitConversation, async ({ userId, params }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    return { status: 200, body: await handoff.wait(params.id, agentId) };
  });

  api.route(transferConversation, async ({ userId, params, body }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    return { status: 200, body: await handoff.transfer(params.id, { kind: 'agent', userId: agentId }, withoutUndefined(body)) };
  });

  api.route(markConversationRead, async ({ userId, params }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    await handoff.markRead(params.id, agentId);
    return { status: 204 };
  });

  api.route(showTyping, async ({ userId, params }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    await handoff.agentTyping(params.id, agentId);
    return { status: 204 };
  });

  api.route(readDirectory, async ({ userId }) => {
    await handoff.profileOf(agentIdOf(userId));
    return { status: 200, body: await handoff.directory() };
  });
}
