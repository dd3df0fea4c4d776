import type { HandoffConversation } from './handoffConversation';
import { compareWithinQueue } from './routing/queueOrder';
import type { QueuedItem } from './routing/routingModel';

/** Samples needed before a wait is estimated: fewer would promise what nobody measured. */
export const MIN_WAIT_SAMPLES = 3;

/**
 * The router's view of a queued handoff record.
 *
 * @example const item = queuedItemOf(conversation);
 */
export function queuedItemOf(conversation: HandoffConversation): QueuedItem {
  return {
    id: conversation.id,
    queueId: conversation.queueId,
    language: conversation.language,
    requiredSkills: conversation.requiredSkills,
    priority: conversation.priority,
    enqueuedAt: conversation.queuedAt.getTime(),
    units: conversation.units,
    ...(conversation.lastAgentId !== undefined ? { preferredAgentId: conversation.lastAgentId } : {}),
  };
}

/**
 * Each queued conversation's place in its queue, 1 being served next (priority, then wait).
 *
 * @example positionsInQueues(queued).get(conversation.id); // 3
 */
export function positionsInQueues(queued: readonly HandoffConversation[]): Map<string, number> {
  const byQueue = new Map<string, QueuedItem[]>();
  for (const conversation of queued) {
    const items = byQueue.get(conversation.queueId) ?? [];
    items.push(queuedItemOf(conversation));
    byQueue.set(conversation.queueId, items);
  }
  const positions = new Map<string, number>();
  for (const items of byQueue.values()) {
    items.sort(compareWithinQueue);
    items.forEach((item, index) => positions.set(item.id, index + 1));
  }
  return positions;
}

/**
 * Estimated wait in whole minutes (at least 1) from recent waits in the queue, in milliseconds: their median, or
 * `undefined` with fewer than {@link MIN_WAIT_SAMPLES} samples.
 *
 * @example estimateWaitMinutes([30_000, 90_000, 200_000]); // 2
 */
export function estimateWaitMinutes(recentWaitsMs: readonly number[]): number | undefined {
  if (recentWaitsMs.length < MIN_WAIT_SAMPLES) return undefined;
  const sorted = [...recentWaitsMs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Math.max(1, Math.ceil(median / 60_000));
}
