import { randomUUID } from 'node:crypto';
import type { DocumentCollection, DocumentStore } from '../../storage/engine/documentStore';

/** What a recorded action did to a conversation. */
export type HandoffActionKind = 'assign' | 'transfer' | 'close';

/**
 * One entry of a conversation's internal record, never shown to the customer:
 * - `note`: an internal note an agent or supervisor wrote;
 * - `action`: a supervisor's assign, transfer or close, or an agent's transfer (who, what, when, to whom);
 * - `wrapUp`: the serving agent's wrap-up note and code (one per cycle, the latest wins).
 */
export interface HandoffJournalEntry {
  readonly id: string;
  readonly handoffId: string;
  readonly cycle: number;
  readonly kind: 'note' | 'action' | 'wrapUp';
  readonly at: Date;
  readonly byUserId: string;
  /** `supervisor` when a supervisor (or the admin key) wrote or acted. */
  readonly byRole: 'agent' | 'supervisor';
  readonly text?: string;
  readonly action?: HandoffActionKind;
  readonly toQueueId?: string;
  readonly toAgentId?: string;
  /** The wrap-up code's id (wrap-up entries). */
  readonly code?: string;
}

type JournalDocument = Omit<HandoffJournalEntry, 'id'> & { _id: string };

/**
 * The `handoffNotes` collection: internal notes, recorded actions and wrap-ups, keyed by handoff id and cycle.
 *
 * @example
 * await journal.add({ handoffId, cycle: 2, kind: 'note', byUserId: 'u1', byRole: 'agent', text: 'Called back' }, new Date());
 * await journal.of(handoffId); // every cycle's entries, oldest first
 */
export class HandoffJournal {
  private constructor(private readonly collection: DocumentCollection<JournalDocument>) {}

  /** Opens the collection with its indexes. */
  static async open(store: DocumentStore): Promise<HandoffJournal> {
    return new HandoffJournal(
      await store.collection<JournalDocument>('handoffNotes', [{ keys: { handoffId: 1, cycle: 1, at: 1 } }]),
    );
  }

  /** Adds an entry; returns it with its id. */
  async add(entry: Omit<HandoffJournalEntry, 'id' | 'at'>, at: Date): Promise<HandoffJournalEntry> {
    const id = randomUUID();
    await this.collection.insertOne({ _id: id, ...entry, at });
    return { id, ...entry, at };
  }

  /** Sets the wrap-up of a cycle (one per cycle: writing again replaces note and code). */
  async setWrapUp(handoffId: string, cycle: number, byUserId: string, byRole: HandoffJournalEntry['byRole'], wrapUp: { readonly text?: string; readonly code?: string }, at: Date): Promise<HandoffJournalEntry> {
    const id = `${handoffId}|${cycle}|wrapUp`;
    const fields = { handoffId, cycle, kind: 'wrapUp' as const, at, byUserId, byRole, ...(wrapUp.text ? { text: wrapUp.text } : {}), ...(wrapUp.code ? { code: wrapUp.code } : {}) };
    const unset: Record<string, true> = { ...(wrapUp.text ? {} : { text: true as const }), ...(wrapUp.code ? {} : { code: true as const }) };
    await this.collection.updateOne({ _id: id }, { $set: fields, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) }, { upsert: true });
    return { id, ...fields };
  }

  /** The wrap-up of a cycle, if one was written. */
  async wrapUpOf(handoffId: string, cycle: number): Promise<HandoffJournalEntry | undefined> {
    const document = await this.collection.findOne({ _id: `${handoffId}|${cycle}|wrapUp` });
    return document ? toEntry(document) : undefined;
  }

  /** Every entry of a conversation (optionally of one cycle), oldest first. */
  async of(handoffId: string, cycle?: number): Promise<HandoffJournalEntry[]> {
    const documents = await this.collection.find({ handoffId, ...(cycle === undefined ? {} : { cycle }) }, { sort: { cycle: 1, at: 1 } });
    return documents.map(toEntry);
  }

  /** Deletes a conversation's entries (a privacy request). */
  async deleteHandoff(handoffId: string): Promise<number> {
    return this.collection.deleteMany({ handoffId });
  }
}

function toEntry(document: JournalDocument): HandoffJournalEntry {
  const { _id, ...rest } = document;
  return { id: _id, ...rest };
}
