import type { Activity, Entity } from 'botbuilder';

/** Entity type that marks a message an agent wrote (the Bot Framework sets `from` to the bot on everything sent). */
export const AGENT_ENTITY_TYPE = 'handoff.agent';

/** The entity on an agent's message: who wrote it. */
export interface AgentMessageEntity extends Entity {
  readonly type: typeof AGENT_ENTITY_TYPE;
  readonly agentId: string;
  readonly name: string;
}

/**
 * The agent who wrote `activity`, or `undefined` when the bot or the customer did.
 *
 * @example agentOf(transcript[3])?.name; // 'Mai'
 */
export function agentOf(activity: Partial<Activity>): AgentMessageEntity | undefined {
  const entity = activity.entities?.find((candidate) => candidate.type === AGENT_ENTITY_TYPE);
  if (!entity || typeof entity['agentId'] !== 'string') return undefined;
  return { type: AGENT_ENTITY_TYPE, agentId: entity['agentId'], name: typeof entity['name'] === 'string' ? entity['name'] : '' };
}
