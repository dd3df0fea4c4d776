import { isWithinOperatingHours } from './operatingHours';
import { RoutingConfigurationError } from './routingConfigurationError';
import type { ConversationFacts, Queue, RoutingDecision, RoutingRule, RuleConditions } from './routingModel';

/**
 * Classifies a conversation: the first rule whose conditions hold and whose queue serves the
 * conversation's language decides the queue, required skills and priority; when none does, the
 * fallback queue takes it with no required skills at that queue's priority. Pure: the caller
 * supplies the time.
 *
 * @example
 * const decision = routeConversation(facts, rules, new Map(queues.map((q) => [q.id, q])), 'general', new Date());
 * if (decision.outOfHours) tellCustomerWhenWeOpen(decision.queueId);
 * @throws {RoutingConfigurationError} when the fallback queue is not among `queues`.
 */
export function routeConversation(
  facts: ConversationFacts,
  rules: readonly RoutingRule[],
  queues: ReadonlyMap<string, Queue>,
  fallbackQueueId: string,
  at: Date,
): RoutingDecision {
  const skippedRuleIds: string[] = [];
  for (const rule of rules) {
    if (!matches(rule.when, facts, at)) continue;
    const queue = queues.get(rule.queueId);
    // An unknown queue serves nobody: like a queue without the language, it must not strand the customer.
    if (queue === undefined || !queue.languages.includes(facts.language)) {
      skippedRuleIds.push(rule.id);
      continue;
    }
    return {
      queueId: queue.id,
      requiredSkills: rule.requiredSkills,
      priority: rule.priority ?? queue.priority,
      ruleId: rule.id,
      skippedRuleIds,
      outOfHours: isOutOfHours(queue, at),
    };
  }
  const fallback = queues.get(fallbackQueueId);
  if (fallback === undefined) throw new RoutingConfigurationError('unknown_queue', `fallback queue '${fallbackQueueId}' is not defined`);
  return { queueId: fallback.id, requiredSkills: [], priority: fallback.priority, skippedRuleIds, outOfHours: isOutOfHours(fallback, at) };
}

function matches(when: RuleConditions, facts: ConversationFacts, at: Date): boolean {
  if (when.languages !== undefined && !when.languages.includes(facts.language)) return false;
  if (!oneOf(when.skills, facts.skill)) return false;
  if (!oneOf(when.topics, facts.topic)) return false;
  if (!oneOf(when.lineAccountIds, facts.lineAccountId)) return false;
  if (when.customerTagsAny !== undefined && !when.customerTagsAny.some((tag) => facts.customerTags.includes(tag))) return false;
  if (when.hasLinkedContact !== undefined && when.hasLinkedContact !== facts.hasLinkedContact) return false;
  // Last: it is the only condition that costs more than a comparison.
  if (when.schedule !== undefined && isWithinOperatingHours(when.schedule.hours, at) !== when.schedule.inside) return false;
  return true;
}

function oneOf(allowed: readonly string[] | undefined, value: string | undefined): boolean {
  return allowed === undefined || (value !== undefined && allowed.includes(value));
}

function isOutOfHours(queue: Queue, at: Date): boolean {
  return queue.hours !== undefined && !isWithinOperatingHours(queue.hours, at);
}
