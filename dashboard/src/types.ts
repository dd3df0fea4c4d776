/**
 * The shapes of the server's API as the dashboard reads them. They mirror the server's types (HandoffConversationView
 * and HandoffOverview in src/handoff/handoffService.ts, HandoffEvent in src/handoff/handoffEvents.ts, the admin
 * routes' answers); they are copied, not imported, so the browser build never pulls server code in.
 */

export type Role = 'agent' | 'contacts' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'contacts', 'supervisor', 'admin'];

export type Presence = 'available' | 'busy' | 'away' | 'offline';
export const PRESENCES: readonly Presence[] = ['available', 'busy', 'away', 'offline'];

export type Language = 'en' | 'ja' | 'th' | 'zh-TW';
export const LANGUAGES: readonly Language[] = ['en', 'ja', 'th', 'zh-TW'];

export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly disabled: boolean;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export interface LoginAnswer {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: User;
}

export type Distribution = 'push' | 'pick';

export type HandoffState = 'queued' | 'assigned' | 'waiting' | 'wrapUp' | 'closed';

export interface ConversationView {
  readonly id: string;
  readonly channelId: string;
  readonly conversationId: string;
  readonly state: HandoffState;
  readonly cycle: number;
  readonly customer: { readonly id: string; readonly name?: string; readonly pictureUrl?: string; readonly language?: string; readonly contactId?: string };
  readonly lineAccountId?: string;
  readonly language: string;
  readonly skill: string;
  readonly topic?: string;
  readonly reason: string;
  readonly summary: string;
  readonly workstreamId: string;
  /** `distribution` is absent when the queue was deleted since. */
  readonly queue: { readonly id: string; readonly name: string; readonly distribution?: Distribution };
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  readonly agentId?: string;
  readonly offeredAgentId?: string;
  readonly offerDeadline?: string;
  readonly requestedAt: string;
  readonly queuedAt: string;
  readonly assignedAt?: string;
  readonly endedAt?: string;
  readonly closedAt?: string;
  readonly closeReason?: string;
  readonly lastMessageAt: string;
  readonly waitSeconds?: number;
  readonly unread: number;
  readonly notes: readonly { readonly at: string; readonly byUserId: string; readonly text: string }[];
}

export interface PresenceAnswer {
  readonly presence: Presence;
  readonly capacity: number;
  readonly load: number;
}

export interface Overview {
  readonly at: string;
  readonly queues: readonly {
    readonly id: string;
    readonly name: string;
    readonly distribution: 'push' | 'pick';
    readonly open: boolean;
    readonly waiting: number;
    readonly offered: number;
    readonly assigned: number;
    readonly longestWaitSeconds: number;
    readonly serviceLevel: number | null;
  }[];
  readonly agents: readonly { readonly id: string; readonly displayName: string; readonly presence: Presence; readonly capacity: number; readonly load: number; readonly queueIds: readonly string[]; readonly conversations: number }[];
  readonly conversations: readonly ConversationView[];
}

export interface RelayedMessage {
  readonly id?: string;
  readonly author: 'customer' | 'agent' | 'bot';
  /** The agent's user id and display name, for agent messages. */
  readonly agentId?: string;
  readonly agentName?: string;
  /** The id the sending screen gave the message (agent messages): how a screen knows its own message's echo. */
  readonly clientMessageId?: string;
  readonly text?: string;
  /** As the transcript has them: stickers carry `content` and `thumbnailUrl`, media `content.lineMessageId`. */
  readonly attachments: readonly Attachment[];
  readonly at: string;
  /** The customer unsent it. */
  readonly unsent?: boolean;
  /** How an agent's message went on LINE (`reply` free, `push` paid). */
  readonly delivery?: LineDelivery;
  /** The buttons (LINE quick replies) an agent's message offered. */
  readonly quickReplies?: readonly string[];
}

/** How a message went on LINE: `reply` by a reply token (free), `push` (counts against the monthly quota), or `failed`. */
export type LineDelivery = 'reply' | 'push' | 'failed';

/** The messages agents and notices sent on LINE in a conversation: `free` by reply token, `paid` by push. */
export interface DeliveryTotals {
  readonly free: number;
  readonly paid: number;
  readonly agentFree: number;
  readonly agentPaid: number;
}

/** `GET /api/agent/conversations/:id/transcript`. */
export interface TranscriptAnswer {
  readonly items: readonly TranscriptActivity[];
  readonly truncated: boolean;
  /** Absent from servers that do not count deliveries. */
  readonly delivery?: DeliveryTotals;
}

/** A sticker an agent may send (LINE lets bots send only some packages). */
export interface StickerChoice {
  readonly packageId: string;
  readonly stickerId: string;
  /** The picture on LINE's sticker CDN (https). */
  readonly imageUrl: string;
}

/** `GET /api/agent/stickers`: the packages bots may send, with their stickers. */
export interface StickerPackages {
  readonly packages: readonly {
    readonly packageId: string;
    readonly name: string;
    readonly stickerIds: readonly string[];
    readonly stickers: readonly { readonly stickerId: string; readonly imageUrl: string }[];
  }[];
}

/** `GET /api/agent/directory`: every queue and agent, for transfers. */
export interface Directory {
  readonly queues: readonly { readonly id: string; readonly name: string; readonly distribution: Distribution; readonly languages: readonly string[] }[];
  readonly agents: readonly { readonly id: string; readonly displayName: string; readonly presence: Presence; readonly languages: readonly string[]; readonly queueIds: readonly string[] }[];
}

export type HandoffEvent =
  | { readonly type: 'conversation'; readonly conversationId: string; readonly state: HandoffState; readonly queueId: string; readonly agentId?: string; readonly offeredAgentId?: string; readonly change: string }
  | { readonly type: 'offer'; readonly conversationId: string; readonly queueId: string; readonly agentId: string; readonly deadline: string }
  | { readonly type: 'offerEnded'; readonly conversationId: string; readonly queueId: string; readonly agentId: string; readonly reason: string }
  | { readonly type: 'message'; readonly conversationId: string; readonly queueId: string; readonly agentId?: string; readonly message: RelayedMessage }
  | { readonly type: 'presence'; readonly agentId: string; readonly presence: Presence }
  | { readonly type: 'messageUnsent'; readonly conversationId: string; readonly queueId: string; readonly agentId?: string; readonly messageId: string }
  /** An internal note or recorded action was added (the entry as GET …/notes lists it). */
  | { readonly type: 'note'; readonly conversationId: string; readonly queueId: string; readonly agentId?: string; readonly entry: { readonly id: string; readonly kind: string } };

/** A transcript activity (Bot Framework), as much of it as the dashboard shows. */
export interface TranscriptActivity {
  readonly id?: string;
  readonly type: string;
  readonly name?: string;
  readonly text?: string;
  readonly timestamp?: string;
  readonly from?: { readonly id?: string; readonly name?: string; readonly role?: string };
  readonly attachments?: readonly Attachment[];
  readonly entities?: readonly { readonly type: string; readonly [key: string]: unknown }[];
  readonly suggestedActions?: { readonly actions?: readonly { readonly title?: string; readonly value?: unknown }[] };
  readonly value?: unknown;
  /** How the message went on LINE, for those agents and notices sent there. */
  readonly delivery?: LineDelivery;
}

export interface Attachment {
  readonly contentType: string;
  readonly contentUrl?: string;
  readonly thumbnailUrl?: string;
  readonly name?: string;
  readonly content?: unknown;
}

export interface Contact {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  readonly externalId?: string;
  readonly notes?: string;
}

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
export interface CannedResponse {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly template?: string;
  readonly language?: Language;
  readonly tags: readonly string[];
}

/** One of the customer's conversations (`GET /api/agent/conversations/:id/history`). */
export interface PastConversation {
  readonly channelId: string;
  readonly conversationId: string;
  readonly firstActivityAt: string;
  readonly lastActivityAt: string;
  readonly activityCount: number;
  readonly current: boolean;
  readonly handoff?: {
    readonly id?: string;
    readonly state: HandoffState;
    readonly cycles: number;
    readonly closedAt?: string;
    readonly closeReason?: string;
    /** Each handoff cycle, latest first. */
    readonly cycleList?: readonly { readonly cycle: number; readonly state: HandoffState; readonly requestedAt: string; readonly closedAt?: string; readonly closeReason?: string; readonly wrapUpCode?: string; readonly rating?: number }[];
  };
}

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
