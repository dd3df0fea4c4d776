import { LINE_STICKER_CONTENT_TYPE, lineStickerImageUrl } from './lineStickers';
import type { webhook } from '@line/bot-sdk';
import { ActivityTypes, type Activity, type Attachment, type ChannelAccount, type ConversationAccount, type Entity } from 'botbuilder';
import { contentTypeOfFileName } from './fileContentType.js';
import { conversationKeyOfSource, lineConversationId, type LineChatType } from './lineConversationId.js';

/** What {@link lineEventToActivity} needs besides the event itself. */
export interface LineEventMappingContext {
  /** Our id of the LINE account the event arrived on (the first part of every conversation id). */
  accountId: string;
  /** The webhook body's `destination`: the bot's own user id, used as `activity.recipient.id`. */
  destination: string;
  /** Where message content lives, e.g. `https://api-data.line.me` (a trailing slash is tolerated). */
  dataApiBaseUrl: string;
  /** Copied into `activity.serviceUrl`. */
  serviceUrl: string;
  /** The sender's LINE profile when known: gives `from.name` and `locale`. */
  profile?: { displayName: string; pictureUrl?: string; language?: string };
}

/** The channel id of every activity this adapter produces. */
const LINE_CHANNEL_ID = 'line';


/** Bot Framework conversation type of each LINE chat type. */
const CONVERSATION_TYPES: Readonly<Record<LineChatType, 'personal' | 'group' | 'room'>> = {
  user: 'personal',
  group: 'group',
  room: 'room',
};

type EventType = webhook.Event['type'];

/** Every event type of the SDK's union; the compiler fails here when the SDK adds or drops one. */
const KNOWN_EVENT_TYPES: Readonly<Record<EventType, true>> = {
  accountLink: true,
  activated: true,
  beacon: true,
  botResumed: true,
  botSuspended: true,
  deactivated: true,
  delivery: true,
  follow: true,
  join: true,
  leave: true,
  memberJoined: true,
  memberLeft: true,
  membership: true,
  message: true,
  messageEdited: true,
  module: true,
  postback: true,
  unfollow: true,
  unsend: true,
  videoPlayComplete: true,
};

/** Known event types that become a Bot Framework `event` activity named after the LINE type. */
type NamedEvent = Exclude<
  webhook.Event,
  | webhook.MessageEvent
  | webhook.MessageEditedEvent
  | webhook.PostbackEvent
  | webhook.FollowEvent
  | webhook.UnfollowEvent
  | webhook.JoinEvent
  | webhook.LeaveEvent
  | webhook.MemberJoinedEvent
  | webhook.MemberLeftEvent
  | webhook.UnsendEvent
>;

/** The fields every activity of one event shares. */
interface Common {
  readonly base: Partial<Activity>;
  readonly from: ChannelAccount;
  readonly recipient: ChannelAccount;
}

/**
 * Maps one LINE webhook event to the Bot Framework activity a bot sees; pure (no I/O, no clock).
 *
 * The raw event rides unchanged in `channelData` (the reply token stays there only). Messages become
 * `message` activities (media as one attachment pointing at LINE's content API), follow/join/member events
 * `conversationUpdate`, unsend `messageDelete`, messageEdited `messageUpdate`, postbacks `message` with a
 * `value`, and every other known type an `event` named after the LINE type.
 *
 * @returns `undefined` when the event cannot be mapped: a type the SDK does not know, a message type it does
 *   not know, or no usable source (e.g. account-level events such as `module` or `botSuspended`, which LINE
 *   sends without one). Never throws.
 * @example
 * const activity = lineEventToActivity(event, {
 *   accountId: 'default', destination: body.destination,
 *   dataApiBaseUrl: 'https://api-data.line.me', serviceUrl: 'https://bot.example.com/api/line/default',
 * });
 * if (!activity) log.info({ type: event.type }, 'ignored LINE event');
 */
export function lineEventToActivity(
  event: webhook.Event | { type: string; [k: string]: unknown },
  ctx: LineEventMappingContext,
): Partial<Activity> | undefined {
  if (!isKnownEvent(event)) return undefined;
  const common = commonFields(event, ctx);
  if (!common) return undefined;
  const { base, from, recipient } = common;

  switch (event.type) {
    case 'message': {
      const fields = messageFields(event.message, ctx);
      return fields && { ...base, type: ActivityTypes.Message, ...idOf(event.message), ...fields };
    }
    case 'messageEdited': {
      if (!isRecord(event.message)) return undefined;
      return { ...base, type: ActivityTypes.MessageUpdate, ...idOf(event.message), ...textFields(event.message, ctx) };
    }
    case 'postback':
      return { ...base, type: ActivityTypes.Message, ...postbackFields(event.postback) };
    case 'follow':
      return { ...base, type: ActivityTypes.ConversationUpdate, membersAdded: [from] };
    case 'unfollow':
      return { ...base, type: ActivityTypes.ConversationUpdate, membersRemoved: [from] };
    case 'join':
      return { ...base, type: ActivityTypes.ConversationUpdate, membersAdded: [recipient] };
    case 'leave':
      return { ...base, type: ActivityTypes.ConversationUpdate, membersRemoved: [recipient] };
    case 'memberJoined':
      return { ...base, type: ActivityTypes.ConversationUpdate, membersAdded: membersOf(event.joined) };
    case 'memberLeft':
      return { ...base, type: ActivityTypes.ConversationUpdate, membersRemoved: membersOf(event.left) };
    case 'unsend': {
      const messageId = isRecord(event.unsend) ? event.unsend.messageId : undefined;
      // A delete that names no message cannot be acted on.
      if (!isNonEmptyString(messageId)) return undefined;
      return { ...base, type: ActivityTypes.MessageDelete, id: messageId };
    }
    default:
      return { ...base, type: ActivityTypes.Event, name: event.type, value: payloadOf(event) };
  }
}

function isKnownEvent(event: unknown): event is webhook.Event {
  return isRecord(event) && typeof event.type === 'string' && Object.hasOwn(KNOWN_EVENT_TYPES, event.type);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * botframework-schema types `name` as required, yet channels leave it out when they do not know it;
 * an invented name would be worse than none.
 */
function channelAccount(id: string, role: 'user' | 'bot', name?: string): ChannelAccount {
  const account: Omit<ChannelAccount, 'name'> & { name?: string } = { id, role };
  if (name !== undefined) account.name = name;
  return account as ChannelAccount;
}

/** Same reason as {@link channelAccount}: LINE gives no chat name without an extra API call. */
function conversationAccount(id: string, conversationType: string, isGroup: boolean): ConversationAccount {
  const conversation: Omit<ConversationAccount, 'name'> = { id, conversationType, isGroup };
  return conversation as ConversationAccount;
}

function commonFields(event: webhook.Event, ctx: LineEventMappingContext): Common | undefined {
  const source: unknown = event.source;
  if (!isRecord(source)) return undefined;
  const key = conversationKeyOfSource(ctx.accountId, event.source);
  // The source type may be right while its id is missing; such a conversation could never be answered.
  if (!key || !isNonEmptyString(key.chatId)) return undefined;

  const userId = isNonEmptyString(source.userId) ? source.userId : 'unknown';
  const from = channelAccount(userId, 'user', ctx.profile?.displayName);
  // The LINE picture has no place of its own in a channel account; `properties` is the schema's slot for such extras.
  if (ctx.profile?.pictureUrl !== undefined) from.properties = { pictureUrl: ctx.profile.pictureUrl };
  const recipient = channelAccount(ctx.destination, 'bot');
  const base: Partial<Activity> = {
    channelId: LINE_CHANNEL_ID,
    serviceUrl: ctx.serviceUrl,
    conversation: conversationAccount(lineConversationId(key), CONVERSATION_TYPES[key.chatType], key.chatType !== 'user'),
    from,
    recipient,
    channelData: event,
  };
  if (isNonEmptyString(event.webhookEventId)) base.id = event.webhookEventId;
  if (isFiniteNumber(event.timestamp)) base.timestamp = new Date(event.timestamp);
  if (isNonEmptyString(ctx.profile?.language)) base.locale = ctx.profile.language;
  return { base, from, recipient };
}

/** The message id as the activity id; falls back to the webhookEventId already in the base. */
function idOf(message: { id?: unknown }): { id?: string } {
  return isNonEmptyString(message.id) ? { id: message.id } : {};
}

function messageFields(message: webhook.MessageContent, ctx: LineEventMappingContext): Partial<Activity> | undefined {
  if (!isRecord(message)) return undefined;
  switch (message.type) {
    case 'text':
      return textFields(message, ctx);
    case 'image':
    case 'video':
    case 'audio':
    case 'file': {
      const attachment = mediaAttachment(message, ctx.dataApiBaseUrl);
      return attachment && { attachments: [attachment] };
    }
    case 'location':
      return locationFields(message);
    case 'sticker':
      return stickerFields(message);
    default:
      return undefined;
  }
}

/** Text, mentions and quote of a text message; also used for the new content of an edited one. */
function textFields(message: webhook.MessageContent, ctx: LineEventMappingContext): Partial<Activity> {
  const fields: Partial<Activity> = {};
  if (message.type !== 'text') return fields;
  const text = typeof message.text === 'string' ? message.text : '';
  fields.text = text;
  const mentionees: unknown = message.mention?.mentionees;
  if (Array.isArray(mentionees)) {
    const entities = mentionees.filter(isRecord).map((mentionee) => mentionEntity(mentionee, text, ctx.destination));
    if (entities.length > 0) fields.entities = entities;
  }
  Object.assign(fields, quoteOf(message));
  return fields;
}

function mentionEntity(mentionee: Record<string, unknown>, text: string, botUserId: string): Entity {
  const start = isFiniteNumber(mentionee.index) ? mentionee.index : 0;
  const length = isFiniteNumber(mentionee.length) ? mentionee.length : 0;
  // LINE counts index and length in UTF-16 code units, as JavaScript strings do.
  const mentionText = text.slice(start, start + length);
  const name = mentionText.replace(/^@/, '') || undefined;
  let mentioned: ChannelAccount;
  if (mentionee.type === 'all') {
    mentioned = channelAccount('all', 'user', name);
  } else if (mentionee.isSelf === true) {
    // Bot Framework recognises a mention of the bot by comparing with recipient.id.
    mentioned = channelAccount(isNonEmptyString(mentionee.userId) ? mentionee.userId : botUserId, 'bot', name);
  } else {
    // userId is absent when the mentioned user has not consented to sharing their profile.
    mentioned = channelAccount(isNonEmptyString(mentionee.userId) ? mentionee.userId : 'unknown', 'user', name);
  }
  return { type: 'mention', mentioned, text: mentionText };
}

function quoteOf(message: { quotedMessageId?: unknown }): { replyToId?: string } {
  return isNonEmptyString(message.quotedMessageId) ? { replyToId: message.quotedMessageId } : {};
}

type MediaMessage =
  | webhook.ImageMessageContent
  | webhook.VideoMessageContent
  | webhook.AudioMessageContent
  | webhook.FileMessageContent;

/** `undefined` without a message id: the content could not be fetched. */
function mediaAttachment(message: MediaMessage, dataApiBaseUrl: string): Attachment | undefined {
  if (!isNonEmptyString(message.id)) return undefined;
  const id = message.id;
  const contentUrl = `${dataApiBaseUrl.replace(/\/+$/, '')}/v2/bot/message/${encodeURIComponent(id)}/content`;
  const provider: unknown = 'contentProvider' in message ? message.contentProvider : undefined;
  const contentProvider = isRecord(provider) ? provider : { type: 'line' };
  const external = contentProvider.type === 'external';

  const content: Record<string, unknown> = { lineMessageId: id, contentProvider };
  if ('duration' in message && isFiniteNumber(message.duration)) content.duration = message.duration;
  if ('fileSize' in message && isFiniteNumber(message.fileSize)) content.fileSize = message.fileSize;
  if ('imageSet' in message && isRecord(message.imageSet)) content.imageSet = message.imageSet;

  const attachment: Attachment = {
    contentType: mediaContentType(message),
    name: mediaName(message, id),
    contentUrl: external && isNonEmptyString(contentProvider.originalContentUrl) ? contentProvider.originalContentUrl : contentUrl,
    content,
  };
  if (message.type === 'image' || message.type === 'video') {
    attachment.thumbnailUrl =
      external && isNonEmptyString(contentProvider.previewImageUrl) ? contentProvider.previewImageUrl : `${contentUrl}/preview`;
  }
  return attachment;
}

function mediaContentType(message: MediaMessage): string {
  switch (message.type) {
    case 'image':
      return 'image/jpeg';
    case 'video':
      return 'video/mp4';
    case 'audio':
      return 'audio/m4a';
    case 'file':
      return fileContentType(message.fileName);
  }
}

function mediaName(message: MediaMessage, id: string): string {
  switch (message.type) {
    case 'image':
      return `${id}.jpg`;
    case 'video':
      return `${id}.mp4`;
    case 'audio':
      return `${id}.m4a`;
    case 'file':
      return isNonEmptyString(message.fileName) ? message.fileName : id;
  }
}

function fileContentType(fileName: unknown): string {
  return (typeof fileName === 'string' ? contentTypeOfFileName(fileName) : undefined) ?? 'application/octet-stream';
}

/** `undefined` without coordinates: a location without them says nothing. */
function locationFields(message: webhook.LocationMessageContent): Partial<Activity> | undefined {
  const { latitude, longitude } = message;
  if (!isFiniteNumber(latitude) || !isFiniteNumber(longitude)) return undefined;
  const title = isNonEmptyString(message.title) ? message.title : undefined;
  const address = isNonEmptyString(message.address) ? message.address : undefined;
  const geo: Entity = { type: 'GeoCoordinates', latitude, longitude };
  if (title !== undefined) geo.name = title;
  const value: Record<string, unknown> = { latitude, longitude };
  if (title !== undefined) value.title = title;
  if (address !== undefined) value.address = address;
  const fields: Partial<Activity> = { entities: [geo], value };
  const text = address ?? title;
  if (text !== undefined) fields.text = text;
  return fields;
}

function stickerFields(message: webhook.StickerMessageContent): Partial<Activity> {
  const content: Record<string, unknown> = {};
  for (const key of ['packageId', 'stickerId', 'stickerResourceType'] as const) {
    if (typeof message[key] === 'string') content[key] = message[key];
  }
  if (Array.isArray(message.keywords)) content.keywords = message.keywords;
  if (typeof message.text === 'string') content.text = message.text;
  const attachment: Attachment = { contentType: LINE_STICKER_CONTENT_TYPE, content };
  if (isNonEmptyString(message.stickerId)) {
    attachment.thumbnailUrl = lineStickerImageUrl(message.stickerId);
  }
  const fields: Partial<Activity> = { attachments: [attachment], ...quoteOf(message) };
  if (typeof message.text === 'string') fields.text = message.text;
  return fields;
}

function postbackFields(postback: webhook.PostbackContent | undefined): Partial<Activity> {
  const content: unknown = postback;
  const data = isRecord(content) && typeof content.data === 'string' ? content.data : '';
  const value: { data: string; params?: Record<string, string> } = { data };
  const rawParams = isRecord(content) ? content.params : undefined;
  if (isRecord(rawParams)) {
    // date, time, datetime (pickers) or newRichMenuAliasId and status (rich menu switch); kept as LINE sent them.
    const params = Object.fromEntries(Object.entries(rawParams).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    if (Object.keys(params).length > 0) value.params = params;
  }
  return { text: data, value };
}

function membersOf(detail: { members?: unknown } | undefined): ChannelAccount[] {
  const members: unknown = isRecord(detail) ? detail.members : undefined;
  if (!Array.isArray(members)) return [];
  return members
    .filter(isRecord)
    .map((member) => member.userId)
    .filter(isNonEmptyString)
    .map((userId) => channelAccount(userId, 'user'));
}

/** The type-specific object of an event that has one; `{}` for those that carry nothing more. */
function payloadOf(event: NamedEvent): object {
  let payload: unknown;
  switch (event.type) {
    case 'accountLink':
      payload = event.link;
      break;
    case 'activated':
      payload = event.chatControl;
      break;
    case 'beacon':
      payload = event.beacon;
      break;
    case 'delivery':
      payload = event.delivery;
      break;
    case 'membership':
      payload = event.membership;
      break;
    case 'module':
      payload = event.module;
      break;
    case 'videoPlayComplete':
      payload = event.videoPlayComplete;
      break;
    case 'botResumed':
    case 'botSuspended':
    case 'deactivated':
      payload = undefined;
      break;
  }
  return isRecord(payload) ? payload : {};
}
