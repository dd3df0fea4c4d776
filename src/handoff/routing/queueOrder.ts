import { canTake, skillFit } from './agentEligibility';
import type { Agent, Queue, QueuedItem } from './routingModel';

/**
 * Serving order of queued items: the higher queue priority first, then the higher item priority,
 * then the longer wait, then id so that the order is total. Items of unknown queues go last.
 * Returns a negative number when `a` is served before `b`.
 *
 * @example items.sort((a, b) => compareQueuedItems(a, b, queuesById));
 */
export function compareQueuedItems(a: QueuedItem, b: QueuedItem, queues: ReadonlyMap<string, Queue>): number {
  const byQueue = queuePriority(queues, b) - queuePriority(queues, a);
  return byQueue !== 0 && !Number.isNaN(byQueue) ? byQueue : compareWithinQueue(a, b);
}

/**
 * Serving order of items in one queue: higher item priority, then longer wait, then id.
 *
 * @example queueItems.sort(compareWithinQueue);
 */
export function compareWithinQueue(a: QueuedItem, b: QueuedItem): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.enqueuedAt !== b.enqueuedAt) return a.enqueuedAt - b.enqueuedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Pick mode, or an agent freeing up: the first item in {@link compareQueuedItems} order, across
 * the agent's queues, that the agent may take — their language, every required skill, enough free
 * capacity, and the agent available. `undefined` when there is none. Scans `items` once without
 * sorting them, so it costs O(items).
 *
 * @example const next = nextItemForAgent(agent, waitingItems, queuesById);
 */
export function nextItemForAgent(agent: Agent, items: Iterable<QueuedItem>, queues: ReadonlyMap<string, Queue>): QueuedItem | undefined {
  if (agent.presence !== 'available') return undefined;
  let best: QueuedItem | undefined;
  for (const item of items) {
    if (!queues.has(item.queueId) || !canTake(agent, item) || !skillFit(agent, item.requiredSkills).complete) continue;
    if (best === undefined || compareQueuedItems(item, best, queues) < 0) best = item;
  }
  return best;
}

function queuePriority(queues: ReadonlyMap<string, Queue>, item: QueuedItem): number {
  return queues.get(item.queueId)?.priority ?? -Infinity;
}
