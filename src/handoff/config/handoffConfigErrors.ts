/** The kinds of handoff configuration an administrator manages. */
export type HandoffConfigKind = 'queue' | 'routing rule' | 'agent profile' | 'workstream' | 'canned response';

/**
 * An item with this id exists already; nothing was written.
 *
 * @example throw new HandoffConfigExistsError('queue', 'ja-billing') // 409 at the HTTP edge
 */
export class HandoffConfigExistsError extends Error {
  readonly code = 'exists';

  constructor(
    readonly kind: HandoffConfigKind,
    readonly id: string,
  ) {
    super(`a ${kind} '${id}' exists already`);
    this.name = 'HandoffConfigExistsError';
  }
}

/**
 * No item has this id.
 *
 * @example throw new HandoffConfigNotFoundError('workstream', 'line-th') // 404 at the HTTP edge
 */
export class HandoffConfigNotFoundError extends Error {
  readonly code = 'not_found';

  constructor(
    readonly kind: HandoffConfigKind,
    readonly id: string,
  ) {
    super(`no ${kind} '${id}'`);
    this.name = 'HandoffConfigNotFoundError';
  }
}

/**
 * A queue was not deleted because routing rules or agent profiles still name it.
 *
 * @example new QueueInUseError('ja-billing', ['vip-ja'], ['5f0c…']).message // "queue 'ja-billing' is used by routing rules vip-ja and agent profiles 5f0c…"
 */
export class QueueInUseError extends Error {
  readonly code = 'queue_in_use';

  constructor(
    readonly queueId: string,
    readonly routingRuleIds: readonly string[],
    readonly agentIds: readonly string[],
  ) {
    const users = [...(routingRuleIds.length > 0 ? [`routing rules ${routingRuleIds.join(', ')}`] : []), ...(agentIds.length > 0 ? [`agent profiles ${agentIds.join(', ')}`] : [])];
    super(`queue '${queueId}' is used by ${users.join(' and ')}`);
    this.name = 'QueueInUseError';
  }
}

/**
 * A rule or agent profile named a queue that does not exist; `field` is the request field at fault.
 *
 * @example throw new UnknownQueueError('ja-vip', 'queueId') // 400 naming queueId at the HTTP edge
 */
export class UnknownQueueError extends Error {
  readonly code = 'unknown_queue';

  constructor(
    readonly queueId: string,
    readonly field: string,
  ) {
    super(`no queue '${queueId}'`);
    this.name = 'UnknownQueueError';
  }
}
