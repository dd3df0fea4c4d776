/**
 * The shapes of the server's API as the dashboard reads them, derived as types only from the zod schemas the server's
 * routes validate and serialise with (`src/http/schemas/`; see `apiWire.ts`). The few value lists below (roles,
 * presences, languages) are checked against those types, so they cannot drift either.
 */
import type { stickerPackagesSchema } from '../../src/http/schemas/agentMessageSchemas';
import type { callerSchema, roleSchema, sessionAnswerSchema, userSchema } from '../../src/http/schemas/authSchemas';
import type { SupportedLanguage } from '../../dialogs/language/supportedLanguage';
import type { automatedMessageReadingSchema } from '../../src/http/schemas/automatedMessageSchemas';
import type { channelAccountSchema, createdChannelAccountSchema } from '../../src/http/schemas/channelSchemas';
import type { contactWithCustomersSchema, customerSchema } from '../../src/http/schemas/customerSchemas';
import type { deadLetterListSchema } from '../../src/http/schemas/lineEventSchemas';
import type { lineUsageSchema } from '../../src/http/schemas/lineUsageSchemas';
import type { agentProfileApiSchemas, cannedResponseApiSchemas, queueApiSchemas, routingRuleApiSchemas, workstreamApiSchemas } from '../../src/http/schemas/handoffConfigApiSchemas';
import type { selfServiceContentDocumentSchema, selfServiceContentIssueSchema, selfServiceContentRevisionSchema } from '../../src/http/schemas/selfServiceContentApiSchemas';
import type { contactSchema } from '../../src/http/schemas/contactSchemas';
import type { handoffEventSchema, relayedMessageSchema } from '../../src/http/schemas/handoffEventSchemas';
import type { agentCannedResponseSchema, conversationViewSchema, directorySchema, distributionSchema, handoffStateSchema, overviewSchema, presenceAnswerSchema, presenceSchema } from '../../src/http/schemas/handoffSchemas';
import type { agentTranscriptSchema, deliveryTotalsSchema, lineDeliverySchema, pastConversationSchema, transcriptActivitySchema, transcriptAttachmentSchema } from '../../src/http/schemas/transcriptSchemas';
import type { WireOf } from './apiWire';

export type Role = WireOf<typeof roleSchema>;
export const ROLES = ['agent', 'contacts', 'supervisor', 'admin'] as const satisfies readonly Role[];

export type Presence = WireOf<typeof presenceSchema>;
export const PRESENCES = ['available', 'busy', 'away', 'offline'] as const satisfies readonly Presence[];

export type Language = SupportedLanguage;
export const LANGUAGES = ['en', 'ja', 'th', 'zh-TW'] as const satisfies readonly Language[];

export type User = WireOf<typeof userSchema>;

export type LoginAnswer = WireOf<typeof sessionAnswerSchema>;

/** `GET /api/auth/me`. */
export type Caller = WireOf<typeof callerSchema>;

export type Distribution = WireOf<typeof distributionSchema>;

export type HandoffState = WireOf<typeof handoffStateSchema>;

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

/** A contact (a person known across channels) a customer may be linked to. */
export type Contact = WireOf<typeof contactSchema>;

/** A LINE channel account and its callback URL; secrets are never part of it. */
export type ChannelAccount = WireOf<typeof channelAccountSchema>;

/** `POST /api/admin/channels/line`: the new account, its callback URL and the LINE bot its token belongs to. */
export type AddedChannelAccount = WireOf<typeof createdChannelAccountSchema>;

/** One user of one channel (`line:U4af…`), as seen in conversations. */
export type Customer = WireOf<typeof customerSchema>;

/** `GET /api/admin/contacts/:contactId`: a contact and the customer profiles linked to it. */
export type ContactWithCustomers = WireOf<typeof contactWithCustomersSchema>;

/** `GET /api/admin/line-events/dead`: LINE events per state, and the dead letters. */
export type DeadLetterListing = WireOf<typeof deadLetterListSchema>;

/** A LINE event the work queue gave up on. */
export type DeadLineEvent = DeadLetterListing['events'][number];

/** `GET /api/admin/line-usage`: the push meter of every LINE account in a month. */
export type LineUsageListing = WireOf<typeof lineUsageSchema>;

/** One LINE account's month of the push meter. */
export type LineUsage = LineUsageListing['accounts'][number];

/** `GET /api/admin/automated-messages/:workstreamId/:language`. */
export type AutomatedMessagesReading = WireOf<typeof automatedMessageReadingSchema>;

export type Queue = WireOf<typeof queueApiSchemas.item>;

/** When a queue is open (absent: always). */
export type OperatingHours = NonNullable<Queue['hours']>;

export type RoutingRule = WireOf<typeof routingRuleApiSchemas.item>;

export type AgentProfile = WireOf<typeof agentProfileApiSchemas.item>;

export type Workstream = WireOf<typeof workstreamApiSchemas.item>;

export const AUTOMATED_MESSAGE_KEYS = ['greeting', 'requestReceived', 'positionInQueue', 'estimatedWait', 'agentAssigned', 'agentLeft', 'conversationEnded', 'outOfOperatingHours', 'holiday'] as const;
export type AutomatedMessageKey = (typeof AUTOMATED_MESSAGE_KEYS)[number];

/**
 * A canned response (`/api/admin/canned-responses`, `GET /api/agent/conversations/:id/canned-responses`); tags are
 * lower-case words. For a conversation, `text` has `{CustomerName}`, `{AgentName}` and `{QueueName}` filled in and
 * `template` is the text as written.
 */
/** A canned response as agents search it (with `template` for a conversation). */
export type CannedResponse = WireOf<typeof agentCannedResponseSchema>;

/** A canned response as admins edit it (`/api/admin/canned-responses`). */
export type CannedResponseItem = WireOf<typeof cannedResponseApiSchemas.item>;

/** One of the customer's conversations (`GET /api/agent/conversations/:id/history`). */
export type PastConversation = WireOf<typeof pastConversationSchema>;

/** Text in every language the bot speaks. */
export type Localized<T> = Readonly<Record<Language, T>>;

/** The bot's self-service content: topics, the main menu's topic ids in order, the default skill. */
export type SelfServiceContent = WireOf<typeof selfServiceContentDocumentSchema>;

/** One self-service topic of the bot (`/api/admin/self-service-content`). */
export type SelfServiceTopic = SelfServiceContent['topics'][number];

/** `GET`/`PUT`/`DELETE /api/admin/self-service-content`: the content the bot answers with, and its version. */
export type SelfServiceContentRevision = WireOf<typeof selfServiceContentRevisionSchema>;

/** One problem the server found in content: where (`topics[2].title.th`) and what. */
export type SelfServiceContentIssue = WireOf<typeof selfServiceContentIssueSchema>;
