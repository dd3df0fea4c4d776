import { canTake, freeCapacity, skillFit, type SkillFit } from './agentEligibility';
import type { Agent, QueuedItem, SkillMatchMode } from './routingModel';

/** How {@link selectAgent} chooses. */
export interface AgentSelectionOptions {
  /** Default `exact`. */
  readonly skillMatch?: SkillMatchMode;
  /** Agents who declined or let the offer of this item time out. */
  readonly excludedAgentIds?: ReadonlySet<string>;
}

interface Candidate {
  readonly agent: Agent;
  readonly fit: SkillFit;
}

/**
 * Push assignment: the agent to offer `item` to, or `undefined` when nobody is eligible.
 * Eligible agents are available, serve the item's queue, speak its language, have free capacity
 * for its units, are not excluded and — in `exact` mode — have every required skill. The
 * customer's preferred agent wins when eligible. Otherwise, in `closest` mode, the most matched
 * skills and then the highest total proficiency come first; then the most free capacity; ties go
 * round robin (least recently assigned, never-assigned first, then by id).
 *
 * @example
 * const agent = selectAgent(item, agentsOfQueue, { skillMatch: 'closest', excludedAgentIds: new Set(['a7']) });
 */
export function selectAgent(item: QueuedItem, agents: Iterable<Agent>, options: AgentSelectionOptions = {}): Agent | undefined {
  const closest = options.skillMatch === 'closest';
  let best: Candidate | undefined;
  for (const agent of agents) {
    if (options.excludedAgentIds?.has(agent.id) || !canTake(agent, item)) continue;
    const fit = skillFit(agent, item.requiredSkills);
    if (!closest && !fit.complete) continue;
    if (agent.id === item.preferredAgentId) return agent;
    const candidate = { agent, fit };
    if (best === undefined || isBetter(candidate, best, closest)) best = candidate;
  }
  return best?.agent;
}

function isBetter(a: Candidate, b: Candidate, closest: boolean): boolean {
  if (closest) {
    if (a.fit.matched !== b.fit.matched) return a.fit.matched > b.fit.matched;
    if (a.fit.proficiency !== b.fit.proficiency) return a.fit.proficiency > b.fit.proficiency;
  }
  const freeA = freeCapacity(a.agent);
  const freeB = freeCapacity(b.agent);
  if (freeA !== freeB) return freeA > freeB;
  const lastA = a.agent.lastAssignedAt ?? -Infinity;
  const lastB = b.agent.lastAssignedAt ?? -Infinity;
  if (lastA !== lastB) return lastA < lastB;
  return a.agent.id < b.agent.id;
}
