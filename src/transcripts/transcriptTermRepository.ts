import { indexTermsOf } from '../history/searchTerms';
import type { DocumentCollection, DocumentStore, Filter } from '../storage/engine/documentStore';
import { IdleExpiringMap } from '../storage/idleExpiringMap';

/** Conversations whose posted terms of the day this process remembers, so a turn writes only the words new that day. */
const POSTED_CONVERSATIONS_MAX = 2_000;

/** Collection of the transcript text index: one document per (day, conversation, term). */
export const TRANSCRIPT_TERMS_COLLECTION = 'transcriptTerms';

/** Distinct terms one write (one turn of a conversation) adds at most; the rest of a very long text is not indexed. */
export const MAX_TERMS_PER_WRITE = 400;

const DAY_MS = 24 * 60 * 60 * 1000;

/** One posting: `term` was written in the conversation on `day` (UTC midnight). */
export type TermPosting = {
  _id: string;
  term: string;
  day: Date;
  channelId: string;
  conversationId: string;
  customerId?: string;
};

/** A message to index: its text and when it was written. */
export interface IndexedText {
  readonly text: string;
  readonly timestamp: Date;
}

/** The UTC day `at` falls in. */
export function dayOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/** The `_id` of a posting: day, conversation and term, so that writing it again is a duplicate and nothing more. */
export function postingId(day: Date, channelId: string, conversationId: string, term: string): string {
  return `${day.toISOString().slice(0, 10)}|${channelId}|${conversationId}|${term}`;
}

/**
 * The word index of transcripts (collection `transcriptTerms`), an inverted index kept in ordinary documents so that
 * it works the same on MongoDB and on the embedded SQLite store: each posting is a document with scalar fields and the
 * index `{ term, day }` finds a term's conversations by day. (An array of terms per document would need MongoDB's
 * multikey indexes; the embedded store answers conditions on array fields by reading every document.) A turn's
 * messages cost one write, an insert of their distinct (day, term) postings that passes over those already there; at
 * most {@link MAX_TERMS_PER_WRITE} per turn.
 *
 * @example
 * const terms = await TranscriptTermRepository.open(store);
 * await terms.record('line', 'default:user:U1', 'line:U1', [{ text: '返品したいです', timestamp: new Date() }]);
 * await terms.countSince('返品', new Date(0)); // 1
 */
export class TranscriptTermRepository {
  /**
   * The terms this process posted today per conversation (`channelId|conversationId`). The bot repeats its menus and
   * answers in every turn, and a customer their words: without it each turn would rewrite dozens of postings that are
   * there already. Only an optimisation — a posting it forgets is written again and ignored as a duplicate.
   */
  private readonly posted = new IdleExpiringMap<string, { readonly day: string; readonly terms: Set<string> }>({ idleMs: 60 * 60_000, max: POSTED_CONVERSATIONS_MAX });

  private constructor(private readonly postings: DocumentCollection<TermPosting>) {}

  /** Opens the collection with its indexes (search by term and day; purge by customer and conversation). */
  static async open(store: DocumentStore): Promise<TranscriptTermRepository> {
    return new TranscriptTermRepository(
      await store.collection<TermPosting>(TRANSCRIPT_TERMS_COLLECTION, [
        { keys: { term: 1, day: -1 } },
        { keys: { customerId: 1 }, sparse: true },
        { keys: { channelId: 1, conversationId: 1 } },
      ]),
    );
  }

  /** Indexes messages of one conversation (one write; postings already there are passed over). */
  async record(channelId: string, conversationId: string, customerId: string | undefined, texts: readonly IndexedText[]): Promise<void> {
    const documents = new Map<string, TermPosting>();
    const key = `${channelId}|${conversationId}`;
    const today = this.posted.get(key);
    for (const { text, timestamp } of texts) {
      const day = dayOf(timestamp);
      const known = today?.day === day.toISOString() ? today.terms : undefined;
      for (const term of indexTermsOf(text, MAX_TERMS_PER_WRITE)) {
        if (documents.size >= MAX_TERMS_PER_WRITE) break;
        if (known?.has(term)) continue;
        const _id = postingId(day, channelId, conversationId, term);
        documents.set(_id, { _id, term, day, channelId, conversationId, ...(customerId !== undefined ? { customerId } : {}) });
      }
    }
    if (documents.size === 0) return;
    await this.postings.insertManyIgnoringDuplicates([...documents.values()]);
    for (const document of documents.values()) {
      const day = document.day.toISOString();
      const entry = this.posted.get(key);
      if (entry?.day === day) entry.terms.add(document.term);
      else if (!entry || entry.day < day) this.posted.set(key, { day, terms: new Set([document.term]) });
    }
  }

  /** How many (day, conversation) postings `term` has from `since` on. */
  async countSince(term: string, since: Date): Promise<number> {
    return this.postings.countDocuments({ term, day: { $gte: since } });
  }

  /** The postings of `term` from `since` on, newest day first, at most `limit`. */
  async postingsSince(term: string, since: Date, limit: number): Promise<TermPosting[]> {
    return this.postings.find({ term, day: { $gte: since } }, { sort: { term: 1, day: -1 }, limit });
  }

  /** Which of the posting ids exist. */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      for (const posting of await this.postings.find({ _id: { $in: chunk } })) found.add(posting._id);
    }
    return found;
  }

  /**
   * Forgets the terms of an unsent message that no other message of its conversation and day has (`remaining`), so
   * the index keeps nothing of what only it said.
   */
  async forget(channelId: string, conversationId: string, at: Date, removed: string, remaining: readonly string[]): Promise<void> {
    this.posted.delete(`${channelId}|${conversationId}`);
    const kept = new Set(remaining.flatMap((text) => indexTermsOf(text, MAX_TERMS_PER_WRITE)));
    const day = dayOf(at);
    const gone = indexTermsOf(removed, MAX_TERMS_PER_WRITE).filter((term) => !kept.has(term));
    if (gone.length > 0) await this.postings.deleteMany({ _id: { $in: gone.map((term) => postingId(day, channelId, conversationId, term)) } });
  }

  /** Deletes the postings of a customer's conversations (a privacy request); returns how many went. */
  async purge(customerId: string | undefined, conversations: readonly { readonly channelId: string; readonly conversationId: string }[]): Promise<number> {
    // Another instance's memory of this customer's postings lasts at most an hour: until then its new turns that day
    // may leave out words posted before the purge (a search misses them; nothing purged comes back).
    for (const { channelId, conversationId } of conversations) this.posted.delete(`${channelId}|${conversationId}`);
    let removed = customerId === undefined ? 0 : await this.postings.deleteMany({ customerId });
    for (const { channelId, conversationId } of conversations) removed += await this.postings.deleteMany({ channelId, conversationId } satisfies Filter);
    return removed;
  }
}
