import type { Logger } from 'pino';
import type { Config } from '../config';
import type { AutomatedMessageRepository } from './automatedMessageRepository';
import type { CustomerRepository } from '../customers/customerRepository';
import { type DocumentStore } from '../storage/engine/documentStore';
import type { AgentFileSending } from './agentFileSending';
import type { AssignmentStore } from './assignmentStore';
import type { HandoffConfigRepository } from './config/handoffConfigRepository';
import type { CustomerMessenger } from './customerMessenger';
import { type CloseReason, type HandoffConversation } from './handoffConversation';
import type { HandoffConversationRepository } from './handoffConversationRepository';
import type { HandoffDistributor } from './handoffDistributor';
import type { HandoffEventBus } from './handoffEvents';
import type { AgentPresence, Queue } from './routing/routingModel';

/** What the handoff needs. */
export interface HandoffServiceOptions {
  readonly store: DocumentStore;
  readonly conversations: HandoffConversationRepository;
  readonly assignments: AssignmentStore;
  readonly config: HandoffConfigRepository;
  readonly automatedMessages: AutomatedMessageRepository;
  readonly customers: CustomerRepository;
  readonly messenger: CustomerMessenger;
  readonly events: HandoffEventBus;
  readonly distributor: HandoffDistributor;
  readonly agentFiles: AgentFileSending;
  readonly settings: Config['handoff'];
  readonly logger: Logger;
  readonly clock?: () => Date;
  /**
   * The LINE accounts (`get` answers `undefined` for one deleted or disabled): conversations of an account that went
   * are closed, never offered.
   */
  readonly lineAccounts?: { get(accountId: string): Promise<unknown> };
  /** Told of every wrap-up code chosen (the report facts of handoff cycles keep it). */
  readonly wrapUps?: { recordWrapUp(handoffId: string, cycle: number, code: string | undefined): Promise<void> };
}

/** What the handoff decided about a customer's request for a person. */
export interface HandoffRequestOutcome {
  /** `false`: nobody will take it now; `notices` say why. */
  readonly accepted: boolean;
  /** The conversation was with people already: the request stands as it was, nothing new was queued. */
  readonly alreadyRequested?: boolean;
  /** Automated messages for the customer, to be sent in the current turn. */
  readonly notices: readonly string[];
  /** `true`: `notices` acknowledge the request (the automated "request received"), so the bot adds none of its own. */
  readonly acknowledged?: boolean;
  /** Refused because this queue is closed now: the customer may leave a message for its next opening. */
  readonly closedQueue?: Queue;
}

/** Where a customer's activity goes. */
export interface CustomerActivityRouting {
  /** `people`: the bot must not see it; `bot`: the bot handles it. */
  readonly to: 'people' | 'bot';
  /** Messages for the customer, to be sent in the current turn. */
  readonly notices: readonly string[];
}

/** Who acts on a conversation: an agent (only on their own work) or a supervisor (on any). */
export type HandoffActor = { readonly kind: 'agent'; readonly userId: string } | { readonly kind: 'supervisor'; readonly userId: string };

/** Where a transfer goes: another queue, a named agent, or both (the agent gets the offer first). */
export interface TransferTarget {
  readonly queueId?: string;
  readonly agentId?: string;
  readonly note?: string;
}

/** A message an agent sends. */
export interface AgentMessage {
  readonly text?: string;
  readonly attachments?: readonly { readonly contentType: string; readonly contentUrl: string; readonly name?: string }[];
  /** Files the agent uploaded for this conversation (their ids), sent as each channel can take them. */
  readonly files?: readonly string[];
  /** Chosen by the sender's screen; sending again with the same id delivers nothing new. */
  readonly clientMessageId?: string;
  /** A sticker from the packages every LINE bot may send (on other channels, its picture). */
  readonly sticker?: { readonly packageId: string; readonly stickerId: string };
  /** Buttons under the message (at most 13, each at most 20 characters); a tap comes back as the button's text. */
  readonly quickReplies?: readonly string[];
}

/** A handoff record as screens show it: the record, the customer and what waiting means now. */
export interface HandoffConversationView {
  readonly id: string;
  readonly channelId: string;
  readonly conversationId: string;
  readonly state: HandoffConversation['state'];
  readonly cycle: number;
  readonly customer: { readonly id: string; readonly name: string | undefined; readonly pictureUrl: string | undefined; readonly language: string | undefined; readonly contactId: string | undefined };
  readonly lineAccountId: string | undefined;
  readonly language: string;
  readonly skill: string;
  readonly topic: string | undefined;
  readonly reason: string;
  readonly summary: string;
  readonly workstreamId: string;
  readonly queue: { readonly id: string; readonly name: string; readonly distribution: Queue['distribution'] | undefined };
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  readonly agentId: string | undefined;
  readonly offeredAgentId: string | undefined;
  /** ISO time by which the offered agent must accept. */
  readonly offerDeadline: string | undefined;
  readonly requestedAt: string;
  readonly queuedAt: string;
  readonly assignedAt: string | undefined;
  readonly endedAt: string | undefined;
  readonly closedAt: string | undefined;
  readonly closeReason: CloseReason | undefined;
  readonly lastMessageAt: string;
  /** Seconds waited so far in the queue (queued only). */
  readonly waitSeconds: number | undefined;
  readonly unread: number;
  readonly notes: readonly { readonly at: string; readonly byUserId: string; readonly text: string }[];
}

/** The supervisor's real-time overview. */
export interface HandoffOverview {
  readonly at: string;
  readonly queues: readonly {
    readonly id: string;
    readonly name: string;
    readonly distribution: Queue['distribution'];
    readonly open: boolean;
    readonly waiting: number;
    readonly offered: number;
    readonly assigned: number;
    readonly longestWaitSeconds: number;
    /** Share of the last day's assignments made within 60 seconds of queueing; `null` without assignments. */
    readonly serviceLevel: number | null;
  }[];
  readonly agents: readonly { readonly id: string; readonly displayName: string; readonly presence: AgentPresence; readonly capacity: number; readonly load: number; readonly queueIds: readonly string[]; readonly conversations: number }[];
  readonly conversations: readonly HandoffConversationView[];
}

/** An agent message sent (or being sent), keyed by conversation and client message id: sending again delivers nothing new. */
export type AgentMessageDocument = { _id: string; handoffId: string; agentId: string; at: Date; delivered: boolean; activityId?: string };
