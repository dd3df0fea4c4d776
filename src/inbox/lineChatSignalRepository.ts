import type { KeptReplyToken, LineChatSignals } from '../../adapters/line/lineChatSignals.js';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../storage/engine/documentStore.js';

/** A reply token nobody used yet; gone once taken or expired. */
type ReplyTokenDocument = { _id: string; conversation: string; expiresAt: Date };

/** A chat's read mark and loading animation. */
type ChatMarkDocument = { _id: string; markAsReadToken?: string; loadingUntil?: Date; updatedAt: Date };

/** Attempts at taking a token when other instances keep taking the same one first. */
const TAKE_ATTEMPTS = 5;

/** A read mark nobody took within this long is of no use any more (and the chat of no interest). */
const CHAT_MARK_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

/**
 * {@link LineChatSignals} in the document store, shared by every server instance: one document per unused reply
 * token (expiring with it; taken by deleting it, which exactly one instance wins) and one per chat for the read mark
 * and the loading animation (claimed by compare-and-set).
 */
export class LineChatSignalRepository implements LineChatSignals {
  private constructor(
    private readonly tokens: DocumentCollection<ReplyTokenDocument>,
    private readonly marks: DocumentCollection<ChatMarkDocument>,
  ) {}

  /** Opens the collections with their indexes. */
  static async open(store: DocumentStore): Promise<LineChatSignalRepository> {
    const tokens = await store.collection<ReplyTokenDocument>('lineReplyTokens', [
      { keys: { conversation: 1, expiresAt: -1 } },
      { keys: { expiresAt: 1 }, expireAfterSeconds: 0 },
    ]);
    const marks = await store.collection<ChatMarkDocument>('lineChatMarks', [{ keys: { updatedAt: 1 }, expireAfterSeconds: CHAT_MARK_LIFETIME_SECONDS }]);
    return new LineChatSignalRepository(tokens, marks);
  }

  async keepReplyToken(conversation: string, token: KeptReplyToken): Promise<void> {
    try {
      await this.tokens.insertOne({ _id: token.token, conversation, expiresAt: new Date(token.expiresAt) });
    } catch (error) {
      // Kept already (the same event's turn ran again).
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }

  async takeReplyToken(conversation: string, now: number): Promise<KeptReplyToken | undefined> {
    for (let attempt = 0; attempt < TAKE_ATTEMPTS; attempt += 1) {
      const [newest] = await this.tokens.find({ conversation, expiresAt: { $gt: new Date(now) } }, { sort: { expiresAt: -1 }, limit: 1 });
      if (!newest) return undefined;
      if ((await this.tokens.deleteOne({ _id: newest._id })) === 1) return { token: newest._id, expiresAt: newest.expiresAt.getTime() };
    }
    return undefined;
  }

  async keepReadToken(conversation: string, markAsReadToken: string): Promise<void> {
    await this.marks.updateOne({ _id: conversation }, { $set: { markAsReadToken, updatedAt: new Date() } }, { upsert: true });
  }

  async takeReadToken(conversation: string): Promise<string | undefined> {
    const mark = await this.marks.findOne({ _id: conversation });
    const token = mark?.markAsReadToken;
    if (token === undefined) return undefined;
    const taken = await this.marks.updateOne({ _id: conversation, markAsReadToken: token }, { $unset: { markAsReadToken: true } });
    return taken.matchedCount === 1 ? token : undefined;
  }

  async claimLoading(conversation: string, refreshAfter: number, untilMs: number): Promise<boolean> {
    const set = { $set: { loadingUntil: new Date(untilMs), updatedAt: new Date() } };
    const claimed = await this.marks.updateOne({ _id: conversation, $or: [{ loadingUntil: { $exists: false } }, { loadingUntil: { $lte: new Date(refreshAfter) } }] }, set);
    if (claimed.matchedCount === 1) return true;
    try {
      await this.marks.insertOne({ _id: conversation, loadingUntil: new Date(untilMs), updatedAt: new Date() });
      return true;
    } catch (error) {
      // The chat has an animation running past `refreshAfter`, or another instance claimed it just now.
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
  }

  async endLoading(conversation: string): Promise<void> {
    await this.marks.updateOne({ _id: conversation, loadingUntil: { $exists: true } }, { $unset: { loadingUntil: true } });
  }
}
