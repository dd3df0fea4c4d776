import type { Logger } from 'pino';
import type { SurveyResult } from '../../dialogs/handoffRequest';
import { handoffIdOf, type HandoffConversation } from '../handoff/handoffConversation';
import type { HandoffRecordObserver } from '../handoff/handoffConversationRepository';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type Filter } from '../storage/engine/documentStore';
import { cycleFactId, factFromRecord, type HandoffCycleFact } from './handoffCycleFact';

/** Collection of the report facts, one document per handoff cycle. */
export const HANDOFF_CYCLES_COLLECTION = 'handoffCycles';

type CycleDocument = HandoffCycleFact & Record<string, unknown>;

/**
 * The report facts of handoff cycles (collection `handoffCycles`), shared by every instance. Each write derives the
 * whole fact from the handoff record as it is after a change, so writing it again, or on another instance, changes
 * nothing, and a write carrying an older record version never overwrites a newer one. The first offer and the first
 * assignment are kept by the first write that sees them; the survey's rating joins the conversation's latest cycle.
 *
 * @example
 * const cycles = await HandoffCycleRepository.open(store, logger);
 * const conversations = await HandoffConversationRepository.open(store, cycles);
 */
export class HandoffCycleRepository implements HandoffRecordObserver {
  private constructor(
    private readonly facts: DocumentCollection<CycleDocument>,
    private readonly log: Logger,
  ) {}

  /** Opens the collection with the indexes the reports, the survey join and the purge query by. */
  static async open(store: DocumentStore, logger: Logger): Promise<HandoffCycleRepository> {
    const facts = await store.collection<CycleDocument>(HANDOFF_CYCLES_COLLECTION, [
      // A report's period.
      { keys: { requestedAt: 1 } },
      // The history search's order: newest request first, ties by id.
      { keys: { requestedAt: 1, _id: 1 } },
      // The conversation's latest cycle (the survey join).
      { keys: { handoffId: 1, cycle: -1 } },
      { keys: { customerId: 1 } },
      // A history search for a wrap-up code, newest first.
      { keys: { wrapUpCode: 1, requestedAt: -1, _id: -1 } },
    ]);
    return new HandoffCycleRepository(facts, logger);
  }

  /** Writes the facts of the record's current cycle; a failure is logged (the repair writes them later). */
  async recordChanged(conversation: HandoffConversation): Promise<void> {
    try {
      await this.write(conversation);
    } catch (error) {
      this.log.warn({ err: error, handoffId: conversation.id, cycle: conversation.cycle }, 'could not write the report facts of a handoff cycle; the repair writes them later');
    }
  }

  /** Writes the facts of the record's current cycle (idempotent). */
  async write(conversation: HandoffConversation): Promise<void> {
    const _id = cycleFactId(conversation.id, conversation.cycle);
    const { set, unset } = factFromRecord(conversation);
    try {
      await this.facts.updateOne(
        { _id, $or: [{ recordVersion: { $lt: conversation.version } }, { recordVersion: { $exists: false } }] },
        { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
        { upsert: true },
      );
    } catch (error) {
      // The fact exists at this version or a newer one: nothing of this write is news but the firsts below.
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    if (conversation.offeredAt !== undefined) await this.facts.updateOne({ _id, firstOfferedAt: { $exists: false } }, { $set: { firstOfferedAt: conversation.offeredAt } });
    if (conversation.assignedAt !== undefined && conversation.agentId !== undefined) {
      await this.facts.updateOne({ _id, firstAssignedAt: { $exists: false } }, { $set: { firstAssignedAt: conversation.assignedAt } });
      await this.facts.updateOne({ _id }, { $addToSet: { agentIds: conversation.agentId } });
    }
  }

  /**
   * Inserts the facts of records that have none yet (their current cycle), leaving existing facts as they are: the
   * backfill at start, cheap to repeat.
   *
   * @returns how many facts were inserted.
   */
  async backfill(records: readonly HandoffConversation[]): Promise<number> {
    const documents = records.map((conversation) => {
      const { set } = factFromRecord(conversation);
      const firsts = {
        ...(conversation.offeredAt !== undefined ? { firstOfferedAt: conversation.offeredAt } : {}),
        ...(conversation.assignedAt !== undefined ? { firstAssignedAt: conversation.assignedAt } : {}),
        ...(conversation.agentId !== undefined && conversation.assignedAt !== undefined ? { agentIds: [conversation.agentId] } : {}),
      };
      return { _id: cycleFactId(conversation.id, conversation.cycle), ...set, ...firsts } as CycleDocument;
    });
    if (documents.length === 0) return 0;
    const duplicates = await this.facts.insertManyIgnoringDuplicates(documents);
    return documents.length - duplicates.length;
  }

  /**
   * Keeps a survey answer with the cycle it rates: the conversation's latest (the survey follows its end, and a new
   * request abandons the survey).
   * A failure is logged; the answer itself is kept in `surveys` either way.
   */
  async recordSurvey(result: SurveyResult): Promise<void> {
    try {
      const handoffId = handoffIdOf(result.channelId, result.conversationId);
      await this.facts.findOneAndUpdate(
        { handoffId },
        { $set: { rating: result.rating, surveyAt: result.at, ...(result.comment ? { comment: result.comment } : {}) } },
        { sort: { cycle: -1 } },
      );
    } catch (error) {
      this.log.warn({ err: error }, 'could not join a survey answer to its handoff cycle');
    }
  }

  /** Keeps the wrap-up code chosen for a cycle on its fact (`undefined`: none); a failure is logged. */
  async recordWrapUp(handoffId: string, cycle: number, code: string | undefined): Promise<void> {
    try {
      const _id = cycleFactId(handoffId, cycle);
      await this.facts.updateOne({ _id }, code ? { $set: { wrapUpCode: code } } : { $unset: { wrapUpCode: true } });
    } catch (error) {
      this.log.warn({ err: error, handoffId, cycle }, 'could not keep a wrap-up code on its handoff cycle');
    }
  }

  /** The record version each of these facts was derived from (facts that do not exist are left out). */
  async versionsOf(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const found = await this.facts.find({ _id: { $in: [...ids] } });
    return new Map(found.map((fact) => [fact._id, fact.recordVersion]));
  }

  /** The facts of cycles requested in `[from, to)`. */
  async requestedBetween(from: Date, to: Date): Promise<HandoffCycleFact[]> {
    const filter: Filter = { requestedAt: { $gte: from, $lt: to } };
    return this.facts.find(filter);
  }

  /** Facts matching `filter`, newest request first (ties by id), at most `limit` (the history search's index). */
  async search(filter: Filter, limit: number): Promise<HandoffCycleFact[]> {
    return this.facts.find(filter, { sort: { requestedAt: -1, _id: -1 }, limit });
  }

  /** Facts matching `filter` in no particular order, at most `limit` (for a filter an index serves without sorting). */
  async find(filter: Filter, limit: number): Promise<HandoffCycleFact[]> {
    return this.facts.find(filter, { limit });
  }

  /** Every cycle of a conversation, first cycle first. */
  async cyclesOf(handoffId: string): Promise<HandoffCycleFact[]> {
    return (await this.facts.find({ handoffId })).sort((a, b) => a.cycle - b.cycle);
  }

  /** Deletes a customer's facts (privacy purge); returns how many. */
  purgeCustomer(customerId: string): Promise<number> {
    return this.facts.deleteMany({ customerId });
  }
}
