import type { Agent, QueuedItem } from './routingModel';

/** How much of an item's required skills an agent has. */
export interface SkillFit {
  /** Required skills the agent has, at any proficiency. */
  readonly matched: number;
  /** Sum of the agent's proficiency over the matched skills. */
  readonly proficiency: number;
  /** The agent has every required skill. */
  readonly complete: boolean;
}

/**
 * Whether the agent could take the item apart from skills: available, serving the item's queue,
 * speaking its language, with at least the item's units of free capacity.
 *
 * @example canTake({ ...agent, capacity: 2, load: 2 }, item) // false: no free capacity
 */
export function canTake(agent: Agent, item: QueuedItem): boolean {
  return (
    agent.presence === 'available' &&
    freeCapacity(agent) >= item.units &&
    agent.languages.includes(item.language) &&
    agent.queueIds.includes(item.queueId)
  );
}

/**
 * Capacity units the agent has left.
 *
 * @example freeCapacity({ ...agent, capacity: 3, load: 1 }) // 2
 */
export function freeCapacity(agent: Agent): number {
  return agent.capacity - agent.load;
}

/**
 * How well the agent's skills cover `requiredSkills`.
 *
 * @example skillFit({ ...agent, skills: { billing: 4, refunds: 2 } }, ['billing', 'legal']) // { matched: 1, proficiency: 4, complete: false }
 */
export function skillFit(agent: Agent, requiredSkills: readonly string[]): SkillFit {
  let matched = 0;
  let proficiency = 0;
  for (const skill of requiredSkills) {
    const level = agent.skills[skill];
    if (level === undefined) continue;
    matched += 1;
    proficiency += level;
  }
  return { matched, proficiency, complete: matched === requiredSkills.length };
}
