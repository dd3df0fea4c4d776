/**
 * The shapes of the server's API as the dashboard reads them. Those the server declares in its route schemas
 * (`src/http/schemas/`) are derived from them as types only (see `apiWire.ts`); the rest still mirror the server's types.
 */
import type { stickerPackagesSchema } from '../../src/http/schemas/agentMessageSchemas';
import type { callerSchema, sessionAnswerSchema, userSchema } from '../../src/http/schemas/authSchemas';
import type { contactSchema } from '../../src/http/schemas/contactSchemas';
import type { handoffEventSchema, relayedMessageSchema } from '../../src/http/schemas/handoffEventSchemas';
import type { agentCannedResponseSchema, conversationViewSchema, directorySchema, overviewSchema, presenceAnswerSchema } from '../../src/http/schemas/handoffSchemas';
import type { agentTranscriptSchema, deliveryTotalsSchema, lineDeliverySchema, pastConversationSchema, transcriptActivitySchema, transcriptAttachmentSchema } from '../../src/http/schemas/transcriptSchemas';
import type { WireOf } from './apiWire';

export type Role = 'agent' | 'contacts' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'contacts', 'supervisor', 'admin'];

export type Presence = 'available' | 'busy' | 'away' | 'offline';
export const PRESENCES: readonly Presence[] = ['available', 'busy', 'away', 'offline'];

export type Language = 'en' | 'ja' | 'th' | 'zh-TW';
export const LANGUAGES: readonly Language[] = ['en', 'ja', 'th', 'zh-TW'];

export type User = WireOf<typeof userSchema>;

export type LoginAnswer = WireOf<typeof sessionAnswerSchema>;

/** `GET /api/auth/me`. */
export type Caller = WireOf<typeof callerSchema>;

export type Distribution = 'push' | 'pick';

export type HandoffState = 'queued' | 'assigned' | 'waiting' | 'wrapUp' | 'closed';

/** A conversation handed to people (`GET /api/agent/conversations/:id`, the lists and the overview). */
export type ConversationView = WireOf<typeof conversationViewSchema>;

/** `GET /api/agent/presence`. */
export type PresenceAnswer = WireOf<typeof presenceAnswerSchema>;

/** `GET /api/supervisor/overview`. */
export type Overview = WireOf<typeof overviewSchema>;

/** A message of a conversation with people, as the event stream relays it. */
export type RelayedMessage = WireOf<typeof relayedMessageSchema>;

/** How a message went on LINE: `reply` by a reply token (free), `push` (counts against the monthly quota), or `failed`. */
export type LineDelivery = WireOf<typeof lineDeliverySchema>;

/** The messages agents and notices sent on LINE in a conversation: `free` by reply token, `paid` by push. */
export type DeliveryTotals = WireOf<typeof deliveryTotalsSchema>;

/** `GET /api/agent/conversations/:id/transcript`. */
export type TranscriptAnswer = WireOf<typeof agentTranscriptSchema>;

/** A sticker an agent may send (LINE lets bots send only some packages). */
export interface StickerChoice {
  readonly packageId: string;
  readonly stickerId: string;
  /** The picture on LINE's sticker CDN (https). */
  readonly imageUrl: string;
}

/** `GET /api/agent/stickers`: the packages bots may send, with their stickers. */
export type StickerPackages = WireOf<typeof stickerPackagesSchema>;

/** `GET /api/agent/directory`: every queue and agent, for transfers. */
export type Directory = WireOf<typeof directorySchema>;

/** The `data` of one event of `GET /api/handoff/events`. */
export type HandoffEvent = WireOf<typeof handoffEventSchema>;

/** A transcript activity (Bot Framework), with the fields the dashboard reads described. */
export type TranscriptActivity = WireOf<typeof transcriptActivitySchema>;

/** An attachment of a transcript activity or a relayed message. */
export type Attachment = WireOf<typeof transcriptAttachmentSchema>;

/** A contact, as agents see it (`/api/agent/contacts`). */
export type Contact = WireOf<typeof contactSchema>;

export interface ChannelAccount {
  readonly id: string;
  readonly name: string;
  readonly channelId?: string;
  readonly hasSecret: boolean;
  readonly hasAccessToken: boolean;
  readonly accessTokenLast4?: string;
  readonly defaultLanguage: string;
  readonly enabled: boolean;
  readonly origin: string;
  readonly callbackUrl: string;
}

export interface OperatingHours {
  readonly timeZone: string;
  readonly weekly: readonly { readonly day: number; readonly opens: string; readonly closes: string }[];
  readonly holidays: readonly string[];
}

export interface Queue {
  readonly id: string;
  readonly name: string;
  readonly languages: readonly Language[];
  readonly priority: number;
  readonly distribution: 'push' | 'pick';
  readonly hours?: OperatingHours;
}

export interface RoutingRule {
  readonly id: string;
  readonly name: string;
  readonly order: number;
  readonly when: {
    readonly languages?: readonly Language[];
    readonly skills?: readonly string[];
    readonly topics?: readonly string[];
    readonly lineAccountIds?: readonly string[];
    readonly customerTagsAny?: readonly string[];
    readonly hasLinkedContact?: boolean;
    /** Matches inside (or, with `inside: false`, outside) these hours. */
    readonly schedule?: { readonly hours: OperatingHours; readonly inside: boolean };
  };
  readonly queueId: string;
  readonly requiredSkills: readonly string[];
  readonly priority?: number;
}

export interface AgentProfile {
  readonly id: string;
  readonly displayName: string;
  readonly languages: readonly Language[];
  readonly skills: readonly { readonly name: string; readonly proficiency: number }[];
  readonly capacity: number;
  readonly queueIds: readonly string[];
}

export interface Workstream {
  readonly id: string;
  readonly name: string;
  readonly language: Language;
  readonly surveyEnabled: boolean;
  readonly allowCustomerAttachments: boolean;
  readonly allowAgentAttachments: boolean;
  readonly automatedMessagesWorkstreamId?: string;
  /** The LINE account whose conversations take this workstream first. */
  readonly lineAccountId?: string;
}

export const AUTOMATED_MESSAGE_KEYS = ['greeting', 'requestReceived', 'positionInQueue', 'estimatedWait', 'agentAssigned', 'agentLeft', 'conversationEnded', 'outOfOperatingHours', 'holiday'] as const;
export type AutomatedMessageKey = (typeof AUTOMATED_MESSAGE_KEYS)[number];

/**
 * A canned response (`/api/admin/canned-responses`, `GET /api/agent/conversations/:id/canned-responses`); tags are
 * lower-case words. For a conversation, `text` has `{CustomerName}`, `{AgentName}` and `{QueueName}` filled in and
 * `template` is the text as written.
 */
export type CannedResponse = WireOf<typeof agentCannedResponseSchema>;

/** One of the customer's conversations (`GET /api/agent/conversations/:id/history`). */
export type PastConversation = WireOf<typeof pastConversationSchema>;

/** Text in every language the bot speaks. */
export type Localized<T> = Readonly<Record<Language, T>>;

/** One self-service topic of the bot (`/api/admin/self-service-content`). */
export interface SelfServiceTopic {
  readonly id: string;
  readonly skill: string;
  readonly title: Localized<string>;
  readonly keywords: Localized<readonly string[]>;
  readonly questions: Localized<readonly string[]>;
  readonly answer: Localized<string>;
}

/** The bot's self-service content: topics, the main menu's topic ids in order, the default skill. */
export interface SelfServiceContent {
  readonly topics: readonly SelfServiceTopic[];
  readonly menu: readonly string[];
  readonly defaultSkill: string;
}

/** `GET`/`PUT`/`DELETE /api/admin/self-service-content`: the content the bot answers with, and its version. */
export interface SelfServiceContentRevision {
  readonly content: SelfServiceContent;
  readonly version: number;
  readonly source: 'file' | 'stored';
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

/** One problem the server found in content: where (`topics[2].title.th`) and what. */
export interface SelfServiceContentIssue {
  readonly jsonPath: string;
  readonly message: string;
}
