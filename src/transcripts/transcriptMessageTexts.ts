import type { DocumentCollection, DocumentStore } from '../storage/engine/documentStore';

/** The fields of a stored transcript activity this reader uses (see `transcriptRepository.ts`). */
type TranscriptDocument = {
  _id: string;
  channelId: string;
  conversationId: string;
  customerId?: string;
  timestamp: Date;
  type: string;
  /** The activity as JSON text. */
  activity: string;
};

/** A stored message with text, as {@link TranscriptMessageTexts.inStorageOrder} gives it. */
export interface StoredMessageText {
  readonly channelId: string;
  readonly conversationId: string;
  readonly customerId: string | undefined;
  readonly text: string;
  readonly timestamp: Date;
}

/**
 * Reads the texts of stored messages (collection `transcripts`, written by `TranscriptRepository`) for the text
 * search: a candidate's messages in a time window, to confirm a match, and every message in storage order, to build
 * the index of what was stored before it existed.
 *
 * @example
 * const texts = await TranscriptMessageTexts.open(store);
 * await texts.between('line:U1', 'line', 'default:user:U1', from, to, 2000); // ['返品したいです', …]
 */
export class TranscriptMessageTexts {
  private constructor(private readonly transcripts: DocumentCollection<TranscriptDocument>) {}

  /** Opens the transcripts collection with the index it reads a customer's window by (the repository declares it too). */
  static async open(store: DocumentStore): Promise<TranscriptMessageTexts> {
    return new TranscriptMessageTexts(await store.collection<TranscriptDocument>('transcripts', [{ keys: { customerId: 1, timestamp: 1 } }]));
  }

  /**
   * The texts of a customer's messages in one conversation written from `from` until `to` (open-ended when absent), at
   * most `limit` activities read. Read through the customer's `{ customerId, timestamp }` index, so a long
   * conversation costs only the window asked for.
   */
  async between(customerId: string, channelId: string, conversationId: string, from: Date, to: Date | undefined, limit: number): Promise<string[]> {
    const documents = await this.transcripts.find({ customerId, timestamp: { $gte: from, ...(to ? { $lte: to } : {}) } }, { sort: { timestamp: 1 }, limit });
    const texts: string[] = [];
    for (const document of documents) {
      if (document.channelId !== channelId || document.conversationId !== conversationId) continue;
      const text = textOf(document);
      if (text !== undefined) texts.push(text);
    }
    return texts;
  }

  /**
   * Messages with text in the order of their storage id, after `afterId` (from the start when absent), at most `limit`
   * activities read.
   * @returns the messages and the id to continue after (`undefined` when nothing is left).
   */
  async inStorageOrder(afterId: string | undefined, limit: number): Promise<{ readonly messages: StoredMessageText[]; readonly lastId: string | undefined }> {
    const documents = await this.transcripts.find(afterId === undefined ? {} : { _id: { $gt: afterId } }, { sort: { _id: 1 }, limit });
    const messages: StoredMessageText[] = [];
    for (const document of documents) {
      const text = textOf(document);
      if (text !== undefined) messages.push({ channelId: document.channelId, conversationId: document.conversationId, customerId: document.customerId, text, timestamp: document.timestamp });
    }
    return { messages, lastId: documents.at(-1)?._id };
  }
}

function textOf(document: TranscriptDocument): string | undefined {
  if (document.type !== 'message') return undefined;
  const text = (JSON.parse(document.activity) as { text?: unknown }).text;
  return typeof text === 'string' && text !== '' ? text : undefined;
}
