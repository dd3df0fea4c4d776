import type { LineDeliveryVia } from '../../adapters/line/lineTurnOutbox.js';
import type { DocumentCollection, DocumentStore } from '../storage/engine/documentStore.js';
import type { SentActivity } from './customerMessenger.js';

/** How one message sent in a handoff went out on LINE. */
type DeliveryMarkDocument = { _id: string; handoffId: string; via: LineDeliveryVia; by: DeliverySender; at: Date };

/** Who sent a marked message. */
export type DeliverySender = 'agent' | 'notice';

/** The free and the paid part of what a conversation's people and notices sent on LINE. */
export interface DeliveryTotals {
  /** Messages sent by reply (free). */
  readonly free: number;
  /** Messages sent by push (counted against the account's monthly quota). */
  readonly paid: number;
  /** Of those, the agents' messages sent free and paid. */
  readonly agentFree: number;
  readonly agentPaid: number;
}

/** Marks are kept this long: the agents' screens show them on transcripts of that age. */
const MARK_LIFETIME_SECONDS = 90 * 24 * 60 * 60;

/**
 * Whether each message agents and automated notices sent in a handoff went free (by a reply token) or paid (by push),
 * by activity id: what the agent's screen marks on each message and sums for the conversation.
 *
 * @example
 * await marks.record(handoffId, 'agent', await messenger.send(reference, [activity], deliveryId, { useKeptReplyToken: true }));
 * (await marks.of(handoffId)).get(activityId); // 'reply'
 */
export class DeliveryMarks {
  private constructor(private readonly collection: DocumentCollection<DeliveryMarkDocument>) {}

  /** Opens the collection with its indexes. */
  static async open(store: DocumentStore): Promise<DeliveryMarks> {
    return new DeliveryMarks(
      await store.collection<DeliveryMarkDocument>('handoffDeliveryMarks', [{ keys: { handoffId: 1 } }, { keys: { at: 1 }, expireAfterSeconds: MARK_LIFETIME_SECONDS }]),
    );
  }

  /** Records how the LINE activities of one send went out (activities of other channels carry no mark). */
  async record(handoffId: string, by: DeliverySender, sent: readonly SentActivity[], at: Date): Promise<void> {
    const marks = sent.flatMap(({ id, via }) => (id !== undefined && via !== undefined ? [{ _id: id, handoffId, via, by, at }] : []));
    if (marks.length > 0) await this.collection.insertManyIgnoringDuplicates(marks);
  }

  /** The marks of a handoff's messages, by activity id. */
  async of(handoffId: string): Promise<Map<string, LineDeliveryVia>> {
    return new Map((await this.collection.find({ handoffId })).map((mark) => [mark._id, mark.via]));
  }

  /** The free and paid counts of a handoff's marked messages. */
  async totals(handoffId: string): Promise<DeliveryTotals> {
    const marks = await this.collection.find({ handoffId });
    const count = (via: LineDeliveryVia, by?: DeliverySender): number => marks.filter((mark) => mark.via === via && (by === undefined || mark.by === by)).length;
    return { free: count('reply'), paid: count('push'), agentFree: count('reply', 'agent'), agentPaid: count('push', 'agent') };
  }
}
