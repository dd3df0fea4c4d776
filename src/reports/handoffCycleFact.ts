import type { CloseReason, HandoffConversation, HandoffState } from '../handoff/handoffConversation';

/**
 * What reports count of one handoff cycle (one request of one conversation for a person, until it closes): a document
 * of collection `handoffCycles` with `_id` `{handoffId}:{cycle}`. The handoff record is reused by the conversation's
 * next cycle, so its facts are copied here at every change and survive it.
 */
export interface HandoffCycleFact {
  readonly _id: string;
  readonly handoffId: string;
  readonly cycle: number;
  readonly channelId: string;
  readonly conversationId: string;
  readonly customerId: string;
  readonly lineAccountId?: string;
  readonly language: string;
  /** The queue the request was routed to, and the queue it is (or ended) in after transfers. */
  readonly firstQueueId: string;
  readonly queueId: string;
  /** The agent serving it now, or who served it last. */
  readonly agentId?: string;
  /** Every agent who was assigned it in this cycle. */
  readonly agentIds?: readonly string[];
  readonly state: HandoffState;
  readonly requestedAt: Date;
  /** When it entered its current queue. */
  readonly queuedAt: Date;
  readonly firstOfferedAt?: Date;
  /** The first assignment: the customer's wait ends here. */
  readonly firstAssignedAt?: Date;
  /** The latest assignment. */
  readonly assignedAt?: Date;
  readonly endedAt?: Date;
  readonly closedAt?: Date;
  readonly closeReason?: CloseReason;
  readonly transfers: number;
  /** The record's version this fact was derived from: an older one never overwrites a newer one. */
  readonly recordVersion: number;
  readonly rating?: number;
  readonly comment?: string;
  readonly surveyAt?: Date;
  /** The wrap-up code the agent chose for this cycle (absent: none). */
  readonly wrapUpCode?: string;
  /** Goes up with every change reports count (absent: never changed since before the report digest existed). */
  readonly rev?: number;
  /** Present while the report digest's entry of this fact may lag behind it. */
  readonly digestPending?: true;
}

/** The `_id` of a cycle's facts. */
export function cycleFactId(handoffId: string, cycle: number): string {
  return `${handoffId}:${cycle}`;
}

/** Fields of a fact that follow the record and disappear when the record has none. */
const OPTIONAL_FIELDS = ['lineAccountId', 'agentId', 'assignedAt', 'endedAt', 'closedAt', 'closeReason'] as const;

/**
 * The facts of the record's current cycle, as `$set` (present fields) and `$unset` (fields the record does not have):
 * everything but the first offer and first assignment, which only the first write that sees them keeps, and the
 * survey, which arrives later.
 *
 * @example const { set, unset } = factFromRecord(conversation);
 */
export function factFromRecord(conversation: HandoffConversation): { readonly set: Record<string, unknown>; readonly unset: Record<string, true> } {
  const set: Record<string, unknown> = {
    handoffId: conversation.id,
    cycle: conversation.cycle,
    channelId: conversation.channelId,
    conversationId: conversation.conversationId,
    customerId: conversation.customerId,
    language: conversation.language,
    firstQueueId: conversation.firstQueueId ?? conversation.queueId,
    queueId: conversation.queueId,
    state: conversation.state,
    requestedAt: conversation.requestedAt,
    queuedAt: conversation.queuedAt,
    transfers: conversation.transfers ?? 0,
    recordVersion: conversation.version,
  };
  const unset: Record<string, true> = {};
  for (const field of OPTIONAL_FIELDS) {
    const value = conversation[field];
    if (value === undefined) unset[field] = true;
    else set[field] = value;
  }
  return { set, unset };
}
