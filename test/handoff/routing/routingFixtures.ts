import type { Agent, ConversationFacts, OperatingHours, Queue, QueuedItem } from '../../../src/handoff/routing/routingModel';

/** A Japanese-speaking, available agent with free capacity serving `ja-support`; override what a test is about. */
export function anAgent(id: string, overrides: Partial<Agent> = {}): Agent {
  return { id, languages: ['ja'], skills: {}, capacity: 3, load: 0, presence: 'available', queueIds: ['ja-support'], ...overrides };
}

/** A one-unit Japanese item in `ja-support` without required skills. */
export function anItem(id: string, overrides: Partial<QueuedItem> = {}): QueuedItem {
  return { id, queueId: 'ja-support', language: 'ja', requiredSkills: [], priority: 0, enqueuedAt: 1_700_000_000_000, units: 1, ...overrides };
}

/** An always-open push queue. */
export function aQueue(id: string, overrides: Partial<Queue> = {}): Queue {
  return { id, name: id, languages: ['ja'], priority: 0, distribution: 'push', ...overrides };
}

/** A Japanese LINE customer, untagged and not linked to a contact. */
export function someFacts(overrides: Partial<ConversationFacts> = {}): ConversationFacts {
  return { conversationId: 'c1', language: 'ja', customerTags: [], hasLinkedContact: false, ...overrides };
}

/** Tokyo late shift: Friday 22:00 to Saturday 02:00, and weekdays 09:00–18:00; New Year's Day off. */
export const TOKYO_HOURS: OperatingHours = {
  timeZone: 'Asia/Tokyo',
  weekly: [
    { day: 1, opens: '09:00', closes: '18:00' },
    { day: 2, opens: '09:00', closes: '18:00' },
    { day: 3, opens: '09:00', closes: '18:00' },
    { day: 4, opens: '09:00', closes: '18:00' },
    { day: 5, opens: '09:00', closes: '18:00' },
    { day: 5, opens: '22:00', closes: '02:00' },
  ],
  holidays: ['2025-01-01'],
};

/** Maps queues by id, as the routing functions take them. */
export function byId(queues: readonly Queue[]): ReadonlyMap<string, Queue> {
  return new Map(queues.map((queue) => [queue.id, queue]));
}
