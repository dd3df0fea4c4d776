import type { AutomatedMessageKey } from '../../dialogs/texts/automatedMessages';
import type { HandoffConversation, HandoffState } from './handoffConversation';

/** Who may cause a transition. */
export type HandoffTrigger = 'customer' | 'agent' | 'supervisor' | 'sweep' | 'system';

/**
 * What the bot hears of a transition, as Bot Framework handoff events delivered into the conversation:
 * `ended` is `handoff.ended` (the bot resumes, with the survey when the workstream has one); `completed` is
 * `handoff.status` with state `completed` (the bot forgets its pending request, says nothing). Requests refused in the
 * customer's turn are answered in that turn (`HandoffOutcome`).
 */
export type BotNotice = 'ended' | 'completed' | undefined;

/** One row of {@link HANDOFF_TRANSITIONS}. */
export interface HandoffTransition {
  /** States the record may be in; the write is conditional on one of them. */
  readonly from: readonly (HandoffState | 'none')[];
  readonly to: HandoffState;
  readonly by: readonly HandoffTrigger[];
  /** The automated message the customer gets, if any. */
  readonly notice: AutomatedMessageKey | undefined;
  /** The `change` of the `conversation` event every screen receives. */
  readonly event: string;
  readonly bot: BotNotice;
}

/**
 * Every way a conversation's handoff changes state: the one table the service's steps consult. Each transition is
 * one conditional write on the handoff record (its state, and its version where a stale read must lose); the event
 * it publishes is the row's `event`, built from the record the write returned. The record is the authority; the
 * assignment store (capacity holds, offers — their atomicity is its own) follows it, keyed by the same conversation
 * id: a step that moves a record out of `queued` withdraws the work item after its write, so no action undoes
 * another's, and the sweep repairs a work item a dead process left disagreeing with its record. The distributor's
 * offers are not transitions (the state stays `queued`).
 *
 * | name | from | to | by | customer notice | event | bot |
 * |---|---|---|---|---|---|---|
 * | request | none, closed, wrapUp | queued | customer | requestReceived + position | queued | in-turn outcome |
 * | cancel | queued | closed | customer | — (the bot confirms) | cancelled | — (the bot cancelled) |
 * | accept | queued | assigned | agent | agentAssigned | assigned | — |
 * | assign | queued | assigned | supervisor | agentAssigned | assigned | — |
 * | stepAway | assigned | waiting | agent | agentLeft | waiting | — |
 * | customerReturns | waiting | queued | customer | requestReceived | requeued | — |
 * | requeue | assigned | queued | agent (going offline) | requestReceived | requeued | — |
 * | transfer | assigned, queued, waiting | queued | agent, supervisor | requestReceived | transferred | — |
 * | end | assigned, waiting | wrapUp | agent, supervisor | conversationEnded | ended | ended |
 * | finishWrapUp | wrapUp | closed | agent, supervisor, sweep, customer | — | closed | — |
 * | closeQueued | queued | closed | supervisor | conversationEnded | closed | ended (no survey) |
 * | inactivity | assigned, waiting | closed | sweep | conversationEnded | closed | ended (no survey) |
 * | customerLeft | queued, assigned, waiting, wrapUp | closed | customer | — | closed | completed |
 * | accountRemoved | queued, assigned, waiting, wrapUp | closed | system, sweep | — | accountRemoved | — (unreachable) |
 */
export const HANDOFF_TRANSITIONS = {
  request: { from: ['none', 'closed', 'wrapUp'], to: 'queued', by: ['customer'], notice: 'requestReceived', event: 'queued', bot: undefined },
  cancel: { from: ['queued'], to: 'closed', by: ['customer'], notice: undefined, event: 'cancelled', bot: undefined },
  accept: { from: ['queued'], to: 'assigned', by: ['agent'], notice: 'agentAssigned', event: 'assigned', bot: undefined },
  assign: { from: ['queued'], to: 'assigned', by: ['supervisor'], notice: 'agentAssigned', event: 'assigned', bot: undefined },
  stepAway: { from: ['assigned'], to: 'waiting', by: ['agent'], notice: 'agentLeft', event: 'waiting', bot: undefined },
  customerReturns: { from: ['waiting'], to: 'queued', by: ['customer'], notice: 'requestReceived', event: 'requeued', bot: undefined },
  requeue: { from: ['assigned'], to: 'queued', by: ['agent'], notice: 'requestReceived', event: 'requeued', bot: undefined },
  transfer: { from: ['assigned', 'queued', 'waiting'], to: 'queued', by: ['agent', 'supervisor'], notice: 'requestReceived', event: 'transferred', bot: undefined },
  end: { from: ['assigned', 'waiting'], to: 'wrapUp', by: ['agent', 'supervisor'], notice: 'conversationEnded', event: 'ended', bot: 'ended' },
  finishWrapUp: { from: ['wrapUp'], to: 'closed', by: ['agent', 'supervisor', 'sweep', 'customer'], notice: undefined, event: 'closed', bot: undefined },
  closeQueued: { from: ['queued'], to: 'closed', by: ['supervisor'], notice: 'conversationEnded', event: 'closed', bot: 'ended' },
  inactivity: { from: ['assigned', 'waiting'], to: 'closed', by: ['sweep'], notice: 'conversationEnded', event: 'closed', bot: 'ended' },
  customerLeft: { from: ['queued', 'assigned', 'waiting', 'wrapUp'], to: 'closed', by: ['customer'], notice: undefined, event: 'closed', bot: 'completed' },
  // The account cannot carry anything to the bot any more; were it enabled again, the bot's next request is answered by the handoff.
  accountRemoved: { from: ['queued', 'assigned', 'waiting', 'wrapUp'], to: 'closed', by: ['system', 'sweep'], notice: undefined, event: 'accountRemoved', bot: undefined },
} as const satisfies Record<string, HandoffTransition>;

/** The name of a transition in {@link HANDOFF_TRANSITIONS}. */
export type HandoffTransitionName = keyof typeof HANDOFF_TRANSITIONS;

/**
 * Whether `name` may start from the record's state (`none` when there is no record).
 *
 * @example
 * if (!mayTransition('accept', conversation)) throw new HandoffActionError('conflict', 'not waiting for an agent');
 */
export function mayTransition(name: HandoffTransitionName, conversation: Pick<HandoffConversation, 'state'> | undefined): boolean {
  const from: readonly string[] = HANDOFF_TRANSITIONS[name].from;
  return from.includes(conversation?.state ?? 'none');
}

/** The states `name` may start from that are states of a record (without `none`), for a conditional write. */
export function fromStates(name: HandoffTransitionName): HandoffState[] {
  return (HANDOFF_TRANSITIONS[name].from as readonly (HandoffState | 'none')[]).filter((state): state is HandoffState => state !== 'none');
}

/**
 * The retry key of the customer notice a transition sends: deterministic for one notice instance (a retried notice
 * reuses it, so LINE does not show it twice) and distinct for each transition, since the record's version grows with
 * every write (a second assignment in the same cycle is announced).
 *
 * @example noticeKey(assigned, 'assigned'); // 'notice:9c1e…:2:assigned:v7'
 */
export function noticeKey(conversation: Pick<HandoffConversation, 'id' | 'cycle' | 'version'>, what: string): string {
  return `notice:${conversation.id}:${conversation.cycle}:${what}:v${conversation.version}`;
}
