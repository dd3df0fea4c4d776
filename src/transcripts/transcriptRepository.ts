import { randomUUID } from 'node:crypto';
import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type Filter } from '../storage/engine/documentStore.js';
import { isUnsend, unsentActivity, withoutUnsentText } from './unsentMessage.js';
import { IdleExpiringMap, type IdleExpiringMapOptions } from '../storage/idleExpiringMap.js';
import { decodeConversationToken, decodeSeqToken, encodeToken } from './continuationToken.js';
import type { PurgeResult, TranscriptRepositoryOptions } from './transcriptRepositoryOptions.js';
import { activityOf, recordOf, type ConversationDocument, type ConversationRecord, type TranscriptDocument } from './transcriptDocuments.js';

export type { ConversationRecord } from './transcriptDocuments.js';
export type { PurgeResult, TranscriptRepositoryOptions, TranscriptTermIndex } from './transcriptRepositoryOptions.js';

/** Activities per page of {@link TranscriptRepository.getTranscriptActivities}. */
const ACTIVITY_PAGE_SIZE = 20;
/** Conversations per page of {@link TranscriptRepository.listTranscripts}. */
const CONVERSATION_PAGE_SIZE = 20;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Activities after an unsent message that are cleared of its text (a handoff summary quoting it, …). */
const UNSEND_SCRUB_LIMIT = 200;
/** Activities of an unsent message's day read to tell which of its words others still use. */
const UNSEND_DAY_LIMIT = 5000;

/** What logging needs to know of a conversation, remembered between activities. */
interface KnownConversation {
  readonly customerId: string | undefined;
  readonly botId: string | undefined;
  readonly lastActivityAt: Date;
}

/** Conversations whose facts are remembered in this process, and for how long, unless configured otherwise. */
const DEFAULT_CONVERSATION_CACHE: IdleExpiringMapOptions = { idleMs: 10 * 60 * 1000, max: 10_000 };

/**
 * Conversation transcripts on a {@link DocumentStore}: botbuilder's `TranscriptStore`, plus the per-customer views
 * a service desk needs.
 *
 * Each activity is stored once (a replayed activity — same channel, conversation and id — is recognised) with a
 * per-conversation sequence number that gives the total order, independent of clocks and of the order in which
 * concurrent writers finish. A conversation's customer is the sender of its first activity not sent by the bot.
 *
 * @example
 * const transcripts = await TranscriptRepository.open(store, { retentionDays: 365 });
 * await transcripts.logActivity(context.activity);
 * const page = await transcripts.getTranscriptActivities('line', 'default:user:U4af4980629');
 */
export class TranscriptRepository implements TranscriptStore {
  /** Facts of recently logged conversations, so that a busy conversation costs no extra read. */
  private readonly known: IdleExpiringMap<string, KnownConversation>;

  private constructor(
    private readonly transcripts: DocumentCollection<TranscriptDocument>,
    private readonly conversations: DocumentCollection<ConversationDocument>,
    private readonly options: TranscriptRepositoryOptions,
  ) {
    this.known = new IdleExpiringMap(options.conversationCache ?? DEFAULT_CONVERSATION_CACHE);
  }

  /** Conversations whose facts are remembered in memory now. */
  get rememberedConversations(): number {
    return this.known.size;
  }

  /** Forgets the facts of conversations idle for the cache's idle time (they are read again when needed). */
  forgetIdleConversations(): void {
    this.known.sweep();
  }

  /** Opens the collections `transcripts` and `conversations` of `store`, creating their indexes. */
  static async open(store: DocumentStore, options: TranscriptRepositoryOptions = {}): Promise<TranscriptRepository> {
    const retentionDays = options.retentionDays;
    if (retentionDays !== undefined && !(retentionDays > 0)) throw new RangeError(`retentionDays must be positive, got ${retentionDays}`);
    const [transcripts, conversations] = await Promise.all([
      store.collection<TranscriptDocument>('transcripts', [
        { keys: { channelId: 1, conversationId: 1, seq: 1 }, unique: true },
        { keys: { customerId: 1, timestamp: 1 } },
        { keys: { expiresAt: 1 }, expireAfterSeconds: 0 },
      ]),
      store.collection<ConversationDocument>('conversations', [
        { keys: { channelId: 1, firstActivityAt: 1 } },
        // A customer's conversations, latest first (ties by id), as the contact history lists them.
        { keys: { customerId: 1, lastActivityAt: -1, _id: 1 } },
        { keys: { expiresAt: 1 }, expireAfterSeconds: 0 },
      ]),
    ]);
    return new TranscriptRepository(transcripts, conversations, options);
  }

  /**
   * Stores an activity once; logging it again (a replayed event, a retried write) changes nothing.
   * An activity without id is stored under a generated one; one without timestamp is stamped now.
   * @throws {TypeError} when the activity has no channel or conversation id.
   */
  async logActivity(activity: Activity): Promise<void> {
    await this.logActivities([activity]);
  }

  /**
   * Stores activities of one conversation in their order, each once (as {@link logActivity} does), with one write of
   * the conversation's summary and one of the activities for them all: a turn (the customer's message and the answers)
   * costs two writes instead of two per activity. An unsend among them is applied in its place.
   * @throws {TypeError} when an activity has no channel or conversation id, or they are not all of one conversation.
   */
  async logActivities(activities: readonly Activity[]): Promise<void> {
    const first = activities[0];
    if (!first) return;
    const channelId = first.channelId;
    const conversationId = first.conversation?.id;
    if (!channelId || !conversationId) throw new TypeError('cannot log an activity without channelId and conversation.id');
    if (activities.some((activity) => activity.channelId !== channelId || activity.conversation?.id !== conversationId)) throw new TypeError('activities logged together must be of one conversation');
    // An unsend is not logged: it blanks the message it names (and the transcript keeps only that it was unsent).
    const unsend = activities.findIndex((activity) => isUnsend(activity));
    const unsent = activities[unsend];
    if (unsent && isUnsend(unsent)) {
      await this.logActivities(activities.slice(0, unsend));
      await this.redactActivity(channelId, conversationId, unsent.id);
      await this.logActivities(activities.slice(unsend + 1));
      return;
    }
    const conversationKey = keyOf(channelId, conversationId);
    const cached = this.known.get(conversationKey) ?? knownOf(await this.conversations.findOne({ _id: conversationKey }));
    // Each activity is judged as if the earlier ones were logged already, as one by one.
    let known = cached;
    const entries = activities.map((activity) => {
      const activityId = activity.id || randomUUID();
      const timestamp = toDate(activity.timestamp) ?? new Date();
      const fromBot = sentByBot(activity, known?.botId);
      const customerId = known?.customerId ?? customerOf(channelId, activity, fromBot);
      const botId = known?.botId ?? (fromBot ? activity.from?.id : activity.recipient?.id);
      known = { customerId, botId, lastActivityAt: later(known?.lastActivityAt, timestamp) };
      return { activity, activityId, timestamp, fromBot, customerId, botId };
    });
    const customerId = entries.find((entry) => entry.customerId !== undefined)?.customerId;
    const contactId = !cached && customerId && this.options.resolveContactId ? await this.options.resolveContactId(customerId) : undefined;
    const facts: ConversationFacts = { conversationKey, channelId, conversationId, customerId, contactId, botId: entries[0]!.botId, timestamp: entries[0]!.timestamp };
    const lastAt = entries.reduce((latest, entry) => later(latest, entry.timestamp), facts.timestamp);

    // One write records the activities in their conversation and hands out their sequence numbers. A replayed
    // activity leaves a gap in the sequence, which orders just as well.
    const conversation = await this.recordActivities(cached, facts, lastAt, entries.length);
    this.remember(conversationKey, knownOf(conversation));
    const firstSeq = (conversation?.seq ?? entries.length) - entries.length + 1;
    const documents = entries.map((entry, index): TranscriptDocument => {
      const stored: Activity = { ...entry.activity, id: entry.activityId, timestamp: entry.timestamp };
      const document: TranscriptDocument = {
        _id: `${conversationKey}|${entry.activityId}`,
        channelId,
        conversationId,
        activityId: entry.activityId,
        seq: conversation ? firstSeq + index : 0,
        timestamp: entry.timestamp,
        type: entry.activity.type || 'message',
        activity: JSON.stringify(stored),
      };
      if (entry.customerId !== undefined) document.customerId = entry.customerId;
      const role = entry.activity.from?.role ?? (entry.fromBot ? 'bot' : undefined);
      if (role !== undefined) document.role = role;
      const expiresAt = this.expiryOf(channelId, entry.timestamp);
      if (expiresAt) document.expiresAt = expiresAt;
      return document;
    });
    const duplicates = await this.transcripts.insertManyIgnoringDuplicates(documents);
    // Indexed after the activities are stored, and again on a retry (the index passes over what it has).
    const texts = entries.filter((entry) => (entry.activity.type || 'message') === 'message' && typeof entry.activity.text === 'string' && entry.activity.text !== '');
    if (this.options.termIndex && texts.length > 0) await this.options.termIndex.record(channelId, conversationId, customerId, texts.map((entry) => ({ text: entry.activity.text!, timestamp: entry.timestamp })));
    if (duplicates.length === 0) return;
    // Logged before (a replayed event, a retried write): take back the count. Any other unique violation is a real failure.
    const stored = await this.transcripts.find({ _id: { $in: duplicates } });
    if (stored.length !== duplicates.length) throw new DuplicateKeyError('transcripts', new Error(`activities of ${conversationKey} collide with others in the sequence`));
    await this.conversations.updateOne({ _id: conversationKey }, { $inc: { activityCount: -duplicates.length } });
  }

  /**
   * A conversation's activities in order, 20 a page, from `startDate` on when given.
   * @param continuationToken the `continuationToken` of the previous page; `''` on the last page.
   * @throws {RangeError} on a token this method did not issue.
   */
  async getTranscriptActivities(channelId: string, conversationId: string, continuationToken?: string, startDate?: Date): Promise<PagedResult<Activity>> {
    const filter: Filter = { channelId, conversationId };
    if (continuationToken) filter.seq = { $gt: decodeSeqToken(continuationToken) };
    if (startDate) filter.timestamp = { $gte: startDate };
    const documents = await this.transcripts.find(filter, { sort: { seq: 1 }, limit: ACTIVITY_PAGE_SIZE + 1 });
    const page = documents.slice(0, ACTIVITY_PAGE_SIZE);
    const last = page.at(-1);
    return {
      items: page.map(activityOf),
      continuationToken: documents.length > ACTIVITY_PAGE_SIZE && last ? encodeToken({ seq: last.seq }) : '',
    };
  }

  /** A conversation's last `limit` activities, newest first. */
  async latestActivities(channelId: string, conversationId: string, limit: number): Promise<Activity[]> {
    return (await this.transcripts.find({ channelId, conversationId }, { sort: { seq: -1 }, limit })).map(activityOf);
  }

  /**
   * Replaces a stored activity by what is kept of an unsent message ({@link unsentActivity}): its text, attachments
   * and channel data are gone from the store, and the activities after it (up to 200) no longer quote its text.
   * @returns whether the activity was stored here.
   */
  async redactActivity(channelId: string, conversationId: string, activityId: string): Promise<boolean> {
    const id = `${keyOf(channelId, conversationId)}|${activityId}`;
    const document = await this.transcripts.findOne({ _id: id });
    if (!document) return false;
    const original = JSON.parse(document.activity) as Activity;
    const redacted = unsentActivity(original);
    await this.transcripts.updateOne({ _id: id }, { $set: { type: redacted.type ?? 'messageDelete', activity: JSON.stringify(redacted) } });
    // What came after may quote it (the handoff request carries the customer's last texts as its summary).
    const text = typeof original.text === 'string' ? original.text.trim() : '';
    if (text === '') return true;
    const later = await this.transcripts.find({ channelId, conversationId, seq: { $gt: document.seq } }, { sort: { seq: 1 }, limit: UNSEND_SCRUB_LIMIT });
    for (const following of later) {
      const activity: unknown = JSON.parse(following.activity);
      const scrubbed = withoutUnsentText(activity, text);
      if (scrubbed !== activity) await this.transcripts.updateOne({ _id: following._id }, { $set: { activity: JSON.stringify(scrubbed) } });
    }
    if (this.options.termIndex) {
      // The text index forgets the words only the unsent message had that day.
      const dayStart = new Date(Math.floor(document.timestamp.getTime() / DAY_MS) * DAY_MS);
      const window = { timestamp: { $gte: dayStart, $lt: new Date(dayStart.getTime() + DAY_MS) } };
      const sameDay = await this.transcripts.find(document.customerId ? { customerId: document.customerId, ...window } : { channelId, conversationId, ...window }, { limit: UNSEND_DAY_LIMIT });
      const remaining = sameDay
        .filter((other) => other._id !== id && other.type === 'message' && other.channelId === channelId && other.conversationId === conversationId)
        .map((other) => (JSON.parse(other.activity) as { text?: unknown }).text)
        .filter((other): other is string => typeof other === 'string');
      await this.options.termIndex.forget(channelId, conversationId, document.timestamp, text, remaining);
    }
    return true;
  }

  /**
   * The conversations of a channel, oldest first, 20 a page.
   * @param continuationToken the `continuationToken` of the previous page; `''` on the last page.
   * @throws {RangeError} on a token this method did not issue.
   */
  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const filter: Filter = { channelId };
    if (continuationToken) {
      const after = decodeConversationToken(continuationToken);
      const at = new Date(after.at);
      filter.$or = [{ firstActivityAt: { $gt: at } }, { firstActivityAt: at, _id: { $gt: after.id } }];
    }
    const documents = await this.conversations.find(filter, { sort: { firstActivityAt: 1, _id: 1 }, limit: CONVERSATION_PAGE_SIZE + 1 });
    const page = documents.slice(0, CONVERSATION_PAGE_SIZE);
    const last = page.at(-1);
    return {
      items: page.map((document) => ({ channelId: document.channelId, id: document.conversationId, created: document.firstActivityAt })),
      continuationToken: documents.length > CONVERSATION_PAGE_SIZE && last ? encodeToken({ at: last.firstActivityAt.getTime(), id: last._id }) : '',
    };
  }

  /** Deletes a conversation and all of its activities. */
  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    const conversationKey = keyOf(channelId, conversationId);
    await this.transcripts.deleteMany({ channelId, conversationId });
    await this.conversations.deleteOne({ _id: conversationKey });
    await this.options.termIndex?.purge(undefined, [{ channelId, conversationId }]);
    this.known.delete(conversationKey);
  }

  /** One conversation, or `undefined` when nothing of it is stored. */
  async getConversation(channelId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    const document = await this.conversations.findOne({ _id: keyOf(channelId, conversationId) });
    return document ? recordOf(document) : undefined;
  }

  /** A customer's conversations, most recently active first. */
  async listConversationsOfCustomer(customerId: string, options: { readonly limit: number }): Promise<ConversationRecord[]> {
    const documents = await this.conversations.find({ customerId }, { sort: { lastActivityAt: -1, _id: 1 }, limit: options.limit });
    return documents.map(recordOf);
  }

  /**
   * A customer's activities across all of their conversations, newest first.
   * @param options.before only activities strictly older than this (the timestamp of the oldest one already shown).
   */
  async getCustomerActivities(customerId: string, options: { readonly limit: number; readonly before?: Date }): Promise<Activity[]> {
    const filter: Filter = { customerId };
    if (options.before) filter.timestamp = { $lt: options.before };
    const documents = await this.transcripts.find(filter, { sort: { timestamp: -1, seq: -1 }, limit: options.limit });
    return documents.map(activityOf);
  }

  /**
   * Links a conversation to a contact, or unlinks it with `undefined`.
   * @returns `false` when the conversation is not stored.
   */
  async setConversationContact(channelId: string, conversationId: string, contactId: string | undefined): Promise<boolean> {
    const update = contactId === undefined ? { $unset: { contactId: true as const } } : { $set: { contactId } };
    const result = await this.conversations.updateOne({ _id: keyOf(channelId, conversationId) }, update);
    return result.matchedCount > 0;
  }

  /** Deletes every conversation of a customer with all of its activities (a privacy request). */
  /** The conversations (`channelId`, `conversationId`) the customer's transcripts belong to. */
  async conversationsOfCustomer(customerId: string): Promise<{ readonly channelId: string; readonly conversationId: string }[]> {
    return (await this.conversations.find({ customerId })).map(({ channelId, conversationId }) => ({ channelId, conversationId }));
  }

  async purgeCustomer(customerId: string): Promise<PurgeResult> {
    const conversations = await this.conversations.find({ customerId });
    let activities = await this.transcripts.deleteMany({ customerId });
    for (const conversation of conversations) {
      // Activities logged before the customer could be told carry no customerId.
      activities += await this.transcripts.deleteMany({ channelId: conversation.channelId, conversationId: conversation.conversationId });
      this.known.delete(conversation._id);
    }
    await this.options.termIndex?.purge(customerId, conversations);
    const deletedConversations = await this.conversations.deleteMany({ customerId });
    return { activities, conversations: deletedConversations };
  }

  /**
   * Adds `count` activities to the conversation's summary (creating it with the first, at `facts.timestamp`; the last
   * at `lastAt`) and returns it with the new `seq`, the last of theirs.
   */
  private async recordActivities(known: KnownConversation | undefined, facts: ConversationFacts, lastAt: Date, count: number): Promise<ConversationDocument | undefined> {
    const $set: Partial<ConversationDocument> = { lastActivityAt: later(known?.lastActivityAt, lastAt) };
    const expiresAt = this.expiryOf(facts.channelId, $set.lastActivityAt ?? facts.timestamp);
    if (expiresAt) $set.expiresAt = expiresAt;
    const $setOnInsert = this.insertedConversation(facts);
    // A conversation whose first activities named no customer learns it from a later one. MongoDB refuses a field
    // in both $set and $setOnInsert, even when nothing is inserted.
    if (known && known.customerId === undefined && facts.customerId !== undefined) {
      $set.customerId = facts.customerId;
      delete $setOnInsert.customerId;
    }
    // A conversation without a lifetime drops one an earlier version stamped, which would delete it while active.
    const $unset = expiresAt ? {} : { $unset: { expiresAt: true as const } };
    return this.conversations.findOneAndUpdate({ _id: facts.conversationKey }, { $setOnInsert, $set, ...$unset, $inc: { activityCount: count, seq: count } }, { upsert: true });
  }

  private remember(conversationKey: string, facts: KnownConversation | undefined): void {
    if (facts === undefined) this.known.delete(conversationKey);
    else this.known.set(conversationKey, facts);
  }

  private insertedConversation(facts: ConversationFacts): Record<string, unknown> {
    const inserted: Record<string, unknown> = {
      channelId: facts.channelId,
      conversationId: facts.conversationId,
      firstActivityAt: facts.timestamp,
    };
    if (facts.customerId !== undefined) inserted.customerId = facts.customerId;
    if (facts.contactId !== undefined) inserted.contactId = facts.contactId;
    if (facts.botId !== undefined) inserted.botId = facts.botId;
    return inserted;
  }

  private expiryOf(channelId: string, timestamp: Date): Date | undefined {
    const days = this.options.retentionDays;
    const ttlSeconds = this.options.ttlSecondsOf?.(channelId);
    const keptMs = Math.min(days === undefined ? Infinity : days * DAY_MS, ttlSeconds === undefined ? Infinity : ttlSeconds * 1000);
    return keptMs === Infinity ? undefined : new Date(timestamp.getTime() + keptMs);
  }
}

/** What one logged activity tells about its conversation. */
interface ConversationFacts {
  readonly conversationKey: string;
  readonly channelId: string;
  readonly conversationId: string;
  readonly customerId: string | undefined;
  readonly contactId: string | undefined;
  readonly botId: string | undefined;
  readonly timestamp: Date;
}

function knownOf(conversation: ConversationDocument | undefined): KnownConversation | undefined {
  return conversation && { customerId: conversation.customerId, botId: conversation.botId, lastActivityAt: conversation.lastActivityAt };
}

function keyOf(channelId: string, conversationId: string): string {
  return `${channelId}|${conversationId}`;
}

/** Counters are shared with other repositories, so this one's keys carry a prefix. */
/**
 * Whether the bot sent the activity: by its sender's role, or — activities built by hand often carry no role —
 * by the sender being the account the conversation already knows as the bot.
 */
function sentByBot(activity: Activity, knownBotId: string | undefined): boolean {
  const role = activity.from?.role;
  if (role) return role === 'bot';
  return knownBotId !== undefined && activity.from?.id === knownBotId;
}

/** The customer a conversation's first activity names: its sender, or the recipient of a bot message. */
function customerOf(channelId: string, activity: Activity, fromBot: boolean): string | undefined {
  const userId = fromBot ? activity.recipient?.id : activity.from?.id;
  return userId ? `${channelId}:${userId}` : undefined;
}

function toDate(value: Date | string | number | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function later(a: Date | undefined, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}

