import { randomUUID } from 'node:crypto';
import type { SurveyResult, SurveyResultSink } from '../../dialogs/handoffRequest';
import type { DocumentCollection, DocumentStore } from '../storage/engine/documentStore';

type SurveyDocument = {
  _id: string;
  channelId: string;
  conversationId: string;
  customerId: string;
  rating: number;
  comment?: string;
  language: string;
  at: Date;
};

/**
 * Post-conversation survey results, kept with their conversation (collection `surveys`), so
 * supervisors can read a conversation's rating beside its transcript.
 */
export class SurveyRepository implements SurveyResultSink {
  private constructor(private readonly surveys: DocumentCollection<SurveyDocument>) {}

  /** Opens the collection `surveys` of `store`, with its indexes. */
  static async open(store: DocumentStore): Promise<SurveyRepository> {
    return new SurveyRepository(
      await store.collection<SurveyDocument>('surveys', [{ keys: { channelId: 1, conversationId: 1, at: 1 } }, { keys: { customerId: 1, at: 1 } }]),
    );
  }

  async save(result: SurveyResult): Promise<void> {
    const document: SurveyDocument = {
      _id: randomUUID(),
      channelId: result.channelId,
      conversationId: result.conversationId,
      customerId: result.customerId,
      rating: result.rating,
      language: result.language,
      at: result.at,
    };
    if (result.comment !== undefined && result.comment !== '') document.comment = result.comment;
    await this.surveys.insertOne(document);
  }

  /** The results of one conversation, oldest first. */
  async listByConversation(channelId: string, conversationId: string): Promise<SurveyResult[]> {
    const documents = await this.surveys.find({ channelId, conversationId }, { sort: { at: 1, _id: 1 } });
    return documents.map(toResult);
  }

  /** Deletes a customer's results (privacy request); returns how many. */
  async purgeCustomer(customerId: string): Promise<number> {
    return this.surveys.deleteMany({ customerId });
  }
}

function toResult(document: SurveyDocument): SurveyResult {
  return {
    channelId: document.channelId,
    conversationId: document.conversationId,
    customerId: document.customerId,
    rating: document.rating as SurveyResult['rating'],
    comment: document.comment,
    language: document.language as SurveyResult['language'],
    at: document.at,
  };
}
