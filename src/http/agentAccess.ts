import type { ApiAccess } from './api/apiContract';
import type { Principal } from './requestAuthorization';
import type { Role } from '../auth/roles';
import { HandoffActionError } from '../handoff/handoffActionError';
import type { HandoffConversation } from '../handoff/handoffConversation';
import type { HandoffService } from '../handoff/handoffService';

/**
 * Who may call the agent API: a logged-in user (anyone who logs in; an agent profile decides whether they take
 * conversations). The agent API acts for that person, so `ADMIN_API_KEY` is refused with 403.
 */
export const AGENT_ACCESS: ApiAccess = { roles: ['agent', 'supervisor', 'admin'], usersOnly: true };

/** The tag of the agent API's operations in the OpenAPI document. */
export const AGENT_TAGS = ['agent'] as const;

/** Refusals of the agent routes on one conversation, for their contracts. */
export const CONVERSATION_NOT_VISIBLE = {
  description: 'no agent profile, no such conversation, or one the agent may not see (not theirs now or last, not offered to them, not queued in a queue they serve): the API does not confirm ids of others’ conversations',
} as const;

/**
 * The conversation `id`, when agent `agentId` may see it.
 *
 * @throws {HandoffActionError} `not_found` when there is none or it is not theirs to see (ids of others' conversations
 * are not confirmed).
 * @example const conversation = await visibleConversation(handoff, params.id, userId);
 */
export async function visibleConversation(handoff: HandoffService, id: string, agentId: string): Promise<HandoffConversation> {
  const conversation = await handoff.require(id);
  const profile = await handoff.profileOf(agentId);
  if (!handoff.canSee(conversation, profile)) throw new HandoffActionError('not_found', 'no such conversation');
  return conversation;
}

/** The roles of the caller (none for the API key, which the agent routes refuse anyway). */
export function rolesOf(principal: Principal | undefined): readonly Role[] {
  return principal?.kind === 'user' ? principal.roles : [];
}

/** The agent's user id; the router guarantees one on routes with {@link AGENT_ACCESS}. */
export function agentIdOf(userId: string | undefined): string {
  if (userId === undefined) throw new Error('an agent route ran without a logged-in user');
  return userId;
}

/** zod leaves optional keys present with `undefined`; the handoff's types say "absent". */
export function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
