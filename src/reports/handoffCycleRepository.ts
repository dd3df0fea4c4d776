import type { Logger } from 'pino';
import type { SurveyResult } from '../../dialogs/handoffRequest';
import { handoffIdOf, type HandoffConversation } from '../handoff/handoffConversation';
import type { HandoffRecordObserver } from '../handoff/handoffConversationRepository';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type Filter } from '../storage/engine/documentStore';
import { cycleFactId, factFromRecord, type HandoffCycleFact } from './handoffCycleFact';
import { reportCycleOf, type ReportCycle } from './reportCycle';
import { ReportDigestRepository, type RevisedFact } from './reportDigestRepository';

/** Collection of the report facts, one document per handoff cycle. */
export const HANDOFF_CYCLES_COLLECTION = 'handoffCycles';

type CycleDocument = HandoffCycleFact & Record<string, unknown>;

/** Marks every change of a fact: its revision goes up and its digest entry is due (see {@link ReportDigestRepository}). */
const CHANGE = { $inc: { rev: 1 }, $set: { digestPending: true } } as const;

const PAGE = 1000;

/**
 * The report facts of handoff cycles (collection `handoffCycles`), shared by every instance. Each write derives the
 * whole fact from the handoff record as it is after a change, so writing it again, or on another instance, changes
 * nothing, and a write carrying an older record version never overwrites a newer one. The first offer and the first
 * assignment are kept by the first write that sees them; the survey's rating joins the conversation's latest cycle.
 *
 * Every change that reports count also increments the fact's `rev` and sets `digestPending`; the report digest's
 * entry is written from the fact as it is after the change, and `digestPending` cleared only if no other change came
 * in between. A process that dies in between leaves `digestPending`, which {@link repairDigest} catches up.
 *
 * @example
 * const cycles = await HandoffCycleRepository.open(store, logger);
 * const conversations = await HandoffConversationRepository.open(store, cycles);
 */
export class HandoffCycleRepository implements HandoffRecordObserver {
  private constructor(
    private readonly facts: DocumentCollection<CycleDocument>,
    private readonly log: Logger,
    /** The report digest kept beside the facts. */
    readonly digests: ReportDigestRepository,
  ) {}

  /**
   * Opens the collection with the indexes the reports, the survey join, the purge and the digest repair query by,
   * and the report digest beside it.
   */
  static async open(store: DocumentStore, logger: Logger): Promise<HandoffCycleRepository> {
    const facts = await store.collection<CycleDocument>(HANDOFF_CYCLES_COLLECTION, [
      // A report's period.
      { keys: { requestedAt: 1 } },
      // The history search's order: newest request first, ties by id.
      { keys: { requestedAt: 1, _id: 1 } },
      // The conversation's latest cycle (the survey join).
      { keys: { handoffId: 1, cycle: -1 } },
      { keys: { customerId: 1 } },
      // Facts whose digest entry may lag (few at any time).
      { keys: { digestPending: 1 }, sparse: true },
      // A history search for a wrap-up code, newest first.
      { keys: { wrapUpCode: 1, requestedAt: -1, _id: -1 } },
    ]);
    return new HandoffCycleRepository(facts, logger, await ReportDigestRepository.open(store));
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
        { $set: { ...set, ...CHANGE.$set }, $inc: CHANGE.$inc, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
        { upsert: true },
      );
    } catch (error) {
      // The fact exists at this version or a newer one: nothing of this write is news but the firsts below.
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    if (conversation.offeredAt !== undefined) await this.facts.updateOne({ _id, firstOfferedAt: { $exists: false } }, { $set: { firstOfferedAt: conversation.offeredAt, ...CHANGE.$set }, $inc: CHANGE.$inc });
    if (conversation.assignedAt !== undefined && conversation.agentId !== undefined) {
      await this.facts.updateOne({ _id, firstAssignedAt: { $exists: false } }, { $set: { firstAssignedAt: conversation.assignedAt, ...CHANGE.$set }, $inc: CHANGE.$inc });
      // Not a change reports count: the revision stays.
      await this.facts.updateOne({ _id, agentIds: { $ne: conversation.agentId } }, { $addToSet: { agentIds: conversation.agentId } });
    }
    await this.digest(_id);
  }

  /** Writes the digest entry of fact `_id` as it is now, and clears its `digestPending` unless it changed since. */
  private async digest(_id: string): Promise<void> {
    const fact = (await this.facts.findOne({ _id })) as RevisedFact | undefined;
    if (fact === undefined) return;
    await this.digests.write(fact);
    if (fact.digestPending === true) await this.facts.updateOne({ _id, rev: fact.rev ?? 0 }, { $unset: { digestPending: true } });
  }

  /**
   * Writes the digest entries of facts left with `digestPending` (a process died between a change and its entry, or
   * a change is under way: writing it twice is harmless).
   *
   * @returns how many entries were written.
   */
  async repairDigest(): Promise<number> {
    let repaired = 0;
    // By id, so a fact changed again meanwhile (still pending) is not read twice in one pass.
    let after = '';
    for (;;) {
      const pending = await this.facts.find({ digestPending: true, _id: { $gt: after } }, { sort: { _id: 1 }, limit: PAGE });
      for (const fact of pending) {
        await this.digests.write(fact as RevisedFact);
        await this.facts.updateOne({ _id: fact._id, rev: (fact as RevisedFact).rev ?? 0 }, { $unset: { digestPending: true } });
      }
      repaired += pending.length;
      const last = pending.at(-1);
      if (!last || pending.length < PAGE) return repaired;
      after = last._id;
    }
  }

  /**
   * Builds the report digest from every fact once, unless it was built already (by any instance); until it is,
   * reports read the facts (see {@link reportCycles}).
   *
   * @returns how many entries were written, or `undefined` when the digest was built already.
   */
  async buildDigest(): Promise<number | undefined> {
    if (await this.digests.isBuilt()) return undefined;
    const facts = this.facts;
    async function* pages(): AsyncGenerator<RevisedFact[]> {
      let after = '';
      for (;;) {
        const page = await facts.find({ _id: { $gt: after } }, { sort: { _id: 1 }, limit: PAGE });
        if (page.length > 0) yield page as RevisedFact[];
        const last = page.at(-1);
        if (!last || page.length < PAGE) return;
        after = last._id;
      }
    }
    return this.digests.rebuild(pages());
  }

  /**
   * What the reports need of the cycles requested in `[from, to)`: from the digest once it is built, else from the
   * facts (the figures are the same either way; see `reportDigestRepository.ts`).
   */
  async reportCycles(from: Date, to: Date): Promise<ReportCycle[]> {
    if (await this.digests.isBuilt()) return this.digests.between(from, to);
    return (await this.requestedBetween(from, to)).map(reportCycleOf);
  }

  /** The facts with these ids, in the order given (ids without a fact are left out): the report's comments. */
  async factsById(ids: readonly string[]): Promise<HandoffCycleFact[]> {
    if (ids.length === 0) return [];
    const byId = new Map((await this.facts.find({ _id: { $in: [...ids] } })).map((fact) => [fact._id, fact as HandoffCycleFact]));
    return ids.flatMap((id) => byId.get(id) ?? []);
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
      return { _id: cycleFactId(conversation.id, conversation.cycle), ...set, ...firsts, rev: 1, digestPending: true } as unknown as CycleDocument;
    });
    if (documents.length === 0) return 0;
    const duplicates = new Set(await this.facts.insertManyIgnoringDuplicates(documents));
    const inserted = documents.filter((document) => !duplicates.has(document._id));
    for (const document of inserted) await this.digest(document._id);
    return inserted.length;
  }

  /**
   * Keeps a survey answer with the cycle it rates: the conversation's latest (the survey follows its end, and a new
   * request abandons the survey).
   * A failure is logged; the answer itself is kept in `surveys` either way.
   */
  async recordSurvey(result: SurveyResult): Promise<void> {
    try {
      const handoffId = handoffIdOf(result.channelId, result.conversationId);
      const rated = await this.facts.findOneAndUpdate(
        { handoffId },
        { $set: { rating: result.rating, surveyAt: result.at, ...(result.comment ? { comment: result.comment } : {}), ...CHANGE.$set }, $inc: CHANGE.$inc },
        { sort: { cycle: -1 } },
      );
      if (rated) await this.digest(rated._id);
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

  /**
   * Deletes a customer's facts and their digest entries (privacy purge); returns how many facts. The facts are marked
   * `digestPending` first: if the purge stops half-way, the repair writes back the entries of facts still there.
   */
  async purgeCustomer(customerId: string): Promise<number> {
    await this.facts.updateMany({ customerId }, CHANGE);
    await this.digests.remove((await this.facts.find({ customerId })) as RevisedFact[]);
    return this.facts.deleteMany({ customerId });
  }
}
