import { createHash } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import type { HandoffReason } from '../../dialogs/handoffRequest';
import type { SupportedLanguage } from '../../dialogs/language/supportedLanguage';

/**
 * Where a conversation handed to people stands, as the customer lives it:
 * - `queued`: waiting for an agent (possibly offered to one who has not accepted yet);
 * - `assigned`: an agent serves it; the customer's messages reach that agent;
 * - `waiting`: the agent stepped away without ending it; it stays open and is queued again (for the same agent
 *   first) as soon as the customer writes;
 * - `wrapUp`: the agent ended it; the bot has the customer again (survey) and the agent finishes notes;
 * - `closed`: done. A new request starts a new cycle of the same record.
 * A conversation with no record, or a closed one, is with the bot.
 */
export type HandoffState = 'queued' | 'assigned' | 'waiting' | 'wrapUp' | 'closed';

/** States in which the customer's messages go to people instead of the bot. */
export const WITH_PEOPLE: readonly HandoffState[] = ['queued', 'assigned', 'waiting'];

/** Why a cycle closed (`accountRemoved`: its LINE account was deleted or disabled). */
export type CloseReason = 'agent' | 'customerCancelled' | 'outOfHours' | 'inactivity' | 'supervisor' | 'customerLeft' | 'accountRemoved';

/** A note left on a conversation, e.g. with a transfer. */
export interface HandoffNote {
  readonly at: Date;
  readonly byUserId: string;
  readonly text: string;
}

/** An agent who declined the offer or let it time out, kept out of this conversation's offers for a while. */
export interface DeclinedOffer {
  readonly agentId: string;
  readonly at: Date;
}

/**
 * A conversation handed to people: one record per Bot Framework conversation, reused across handoff cycles.
 * `id` is derived from channel and conversation ids, so it is the same on every server instance and safe in a URL.
 */
export interface HandoffConversation {
  readonly id: string;
  readonly channelId: string;
  readonly conversationId: string;
  /** `{channelId}:{userId}`. */
  readonly customerId: string;
  /** The LINE account (for LINE conversations). */
  readonly lineAccountId: string | undefined;
  /** Where to send messages to the customer. */
  readonly reference: Partial<ConversationReference>;
  readonly state: HandoffState;
  /** 1 for the first handoff of the conversation, +1 for each later one. */
  readonly cycle: number;
  readonly language: SupportedLanguage;
  readonly skill: string;
  readonly topic: string | undefined;
  readonly reason: HandoffReason;
  /** The bot's summary: the customer's last texts. */
  readonly summary: string;
  readonly workstreamId: string;
  readonly queueId: string;
  /** The queue this cycle's request was routed to (absent on records older than the field: `queueId`). */
  readonly firstQueueId?: string;
  /** Transfers in this cycle (absent: none). */
  readonly transfers?: number;
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  /** The routing rule that placed it; absent when the fallback queue did. */
  readonly ruleId: string | undefined;
  /** Capacity it takes from an agent. */
  readonly units: number;
  /** The agent serving it (assigned, waiting, wrap-up) or who served it last (closed). */
  readonly agentId: string | undefined;
  /** The agent it is offered to and not yet accepted by. */
  readonly offeredAgentId: string | undefined;
  readonly offeredAt: Date | undefined;
  readonly declined: readonly DeclinedOffer[];
  /** The agent who served this customer last: preferred next time (affinity). */
  readonly lastAgentId: string | undefined;
  readonly requestedAt: Date;
  /** When it entered its current queue: the wait counts from here. */
  readonly queuedAt: Date;
  readonly assignedAt: Date | undefined;
  readonly endedAt: Date | undefined;
  readonly closedAt: Date | undefined;
  readonly closeReason: CloseReason | undefined;
  /** Last message either way; inactivity counts from here. */
  readonly lastMessageAt: Date;
  /** Customer messages the serving agent has not read yet. */
  readonly unread: number;
  readonly notes: readonly HandoffNote[];
  /** Last queue position told to the customer, and when. */
  readonly notifiedPosition: number | undefined;
  readonly notifiedAt: Date | undefined;
  /** Incremented on every change; transitions are conditional on it. */
  readonly version: number;
}

/**
 * The id of the handoff record of a conversation: 24 hex digits of SHA-256 over channel and conversation id.
 *
 * @example handoffIdOf('line', 'default:user:U4af…'); // '9c1e…'
 */
export function handoffIdOf(channelId: string, conversationId: string): string {
  return createHash('sha256').update(`${channelId}\u0000${conversationId}`).digest('hex').slice(0, 24);
}
