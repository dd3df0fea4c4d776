import { DomainError } from '../../domainError';

/** The kinds of handoff configuration an administrator manages. */
export type HandoffConfigKind = 'queue' | 'routing rule' | 'agent profile' | 'workstream' | 'canned response';

/**
 * An item with this id exists already; nothing was written.
 *
 * @example throw new HandoffConfigExistsError('queue', 'ja-billing') // 409
 */
export class HandoffConfigExistsError extends DomainError {
  constructor(
    readonly kind: HandoffConfigKind,
    readonly id: string,
  ) {
    super('exists', 409, `a ${kind} '${id}' exists already`);
  }
}

/**
 * No item has this id.
 *
 * @example throw new HandoffConfigNotFoundError('workstream', 'line-th') // 404
 */
export class HandoffConfigNotFoundError extends DomainError {
  constructor(
    readonly kind: HandoffConfigKind,
    readonly id: string,
  ) {
    super('not_found', 404, `no ${kind} '${id}'`);
  }
}

/**
 * A queue was not deleted because routing rules or agent profiles still name it.
 *
 * Answered 409 with `usedBy: { routingRules, agents }`.
 *
 * @example new QueueInUseError('ja-billing', ['vip-ja'], ['5f0c…']).message // "queue 'ja-billing' is used by routing rules vip-ja and agent profiles 5f0c…"
 */
export class QueueInUseError extends DomainError {
  constructor(
    readonly queueId: string,
    readonly routingRuleIds: readonly string[],
    readonly agentIds: readonly string[],
  ) {
    const users = [...(routingRuleIds.length > 0 ? [`routing rules ${routingRuleIds.join(', ')}`] : []), ...(agentIds.length > 0 ? [`agent profiles ${agentIds.join(', ')}`] : [])];
    // The answer names what still uses the queue, so the admin can change those first.
    super('queue_in_use', 409, `queue '${queueId}' is used by ${users.join(' and ')}`, { body: { usedBy: { routingRules: routingRuleIds, agents: agentIds } } });
  }
}

/**
 * A rule or agent profile named a queue that does not exist; `field` is the request field at fault.
 *
 * @example throw new UnknownQueueError('ja-vip', 'queueId') // 400 naming queueId
 */
export class UnknownQueueError extends DomainError {
  constructor(
    readonly queueId: string,
    override readonly field: string,
  ) {
    super('unknown_queue', 400, `${field}: no queue '${queueId}'`, { field });
  }
}
