import type { Activity } from 'botbuilder';

/** One logged activity. The activity itself is a JSON string: its field names may contain `.` or start with `$`. */
export type TranscriptDocument = {
  _id: string;
  channelId: string;
  conversationId: string;
  /** Absent only while a conversation's customer cannot be told (an activity without sender or recipient). */
  customerId?: string;
  activityId: string;
  seq: number;
  timestamp: Date;
  expiresAt?: Date;
  role?: string;
  type: string;
  activity: string;
};

/** One conversation as stored in `conversations`: its customer, contact, bot, activity count and last sequence number. */
export type ConversationDocument = {
  _id: string;
  channelId: string;
  conversationId: string;
  customerId?: string;
  contactId?: string;
  /** The bot's account id in this conversation, to tell its activities apart when they carry no role. */
  botId?: string;
  firstActivityAt: Date;
  lastActivityAt: Date;
  activityCount: number;
  /** The last sequence number handed out in this conversation. */
  seq: number;
  expiresAt?: Date;
};

/** What the store knows about one conversation. */
export interface ConversationRecord {
  readonly channelId: string;
  readonly conversationId: string;
  /** `${channelId}:${userId}` of the customer the conversation is with; absent when it could not be told. */
  readonly customerId: string | undefined;
  /** The contact (CRM record) the conversation is linked to, if any. */
  readonly contactId: string | undefined;
  readonly firstActivityAt: Date;
  readonly lastActivityAt: Date;
  readonly activityCount: number;
}

/** The activity a stored transcript document holds, with its dates as `Date`s. */
export function activityOf(document: TranscriptDocument): Activity {
  const activity = JSON.parse(document.activity) as Activity & { localTimestamp?: Date | string };
  activity.timestamp = document.timestamp;
  if (typeof activity.localTimestamp === 'string') activity.localTimestamp = new Date(activity.localTimestamp);
  return activity;
}

/** The public view of a stored conversation. */
export function recordOf(document: ConversationDocument): ConversationRecord {
  return {
    channelId: document.channelId,
    conversationId: document.conversationId,
    customerId: document.customerId,
    contactId: document.contactId,
    firstActivityAt: document.firstActivityAt,
    lastActivityAt: document.lastActivityAt,
    activityCount: document.activityCount,
  };
}
