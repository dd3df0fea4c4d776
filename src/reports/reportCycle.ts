import type { HandoffCycleFact } from './handoffCycleFact';

/** Close reasons that mean the customer gave up while waiting (when no agent was ever assigned). */
const GAVE_UP = new Set(['customerCancelled', 'customerLeft']);

/**
 * What the report figures need of one handoff cycle, and nothing else: the groups it falls in, its request time and
 * its waits in whole milliseconds. Both ways of reading a report produce these — from the cycle facts themselves
 * ({@link reportCycleOf}) and from the report digest (`reportDigestRepository.ts`, `digestSlot.ts`) — and the
 * figures are computed from them alone, so the two agree to the last digit.
 */
export interface ReportCycle {
  /** When the request was made (ms since the epoch). */
  readonly requestedAt: number;
  readonly queueId: string;
  readonly agentId: string | undefined;
  readonly lineAccountId: string | undefined;
  readonly language: string;
  /** From the request to the first assignment (ms, never negative); `undefined` when never assigned. */
  readonly waitMs: number | undefined;
  /** From the first assignment to the end (ms, never negative); `undefined` when not assigned or not ended. */
  readonly handleMs: number | undefined;
  /** The customer gave up while waiting (cancelled or left, never assigned). */
  readonly abandoned: boolean;
  readonly transfers: number;
  readonly rating: number | undefined;
  /** When the comment was made (the survey's time, else the request's); `undefined` when there is no comment. */
  readonly commentAt: number | undefined;
  /** The fact's `_id`, kept only when there is a comment (the report reads the comment's text from the fact). */
  readonly commentFactId: string | undefined;
}

/**
 * The report view of a cycle fact.
 *
 * @example reportCycleOf(fact).waitMs; // 45000
 */
export function reportCycleOf(fact: HandoffCycleFact): ReportCycle {
  const requestedAt = fact.requestedAt.getTime();
  const firstAssignedAt = fact.firstAssignedAt?.getTime();
  const end = (fact.endedAt ?? fact.closedAt)?.getTime();
  const commented = fact.rating !== undefined && fact.comment !== undefined && fact.comment !== '';
  return {
    requestedAt,
    queueId: fact.queueId,
    agentId: fact.agentId,
    lineAccountId: fact.lineAccountId,
    language: fact.language,
    waitMs: firstAssignedAt === undefined ? undefined : Math.max(0, firstAssignedAt - requestedAt),
    handleMs: firstAssignedAt === undefined || end === undefined ? undefined : Math.max(0, end - firstAssignedAt),
    abandoned: firstAssignedAt === undefined && fact.state === 'closed' && fact.closeReason !== undefined && GAVE_UP.has(fact.closeReason),
    transfers: fact.transfers,
    rating: fact.rating,
    commentAt: commented ? (fact.surveyAt ?? fact.requestedAt).getTime() : undefined,
    commentFactId: commented ? fact._id : undefined,
  };
}
