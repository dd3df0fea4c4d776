import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../storage/engine/documentStore';
import { collectReportCycles, decodeDigestSlot, encodeDigestSlot, recordKey, type DigestSlot, type EncodedDigestSlot } from './digestSlot';
import type { HandoffCycleFact } from './handoffCycleFact';
import { reportCycleOf, type ReportCycle } from './reportCycle';

/** Collection of the report digest: one document per quarter hour of request times, plus its state. */
export const REPORT_DIGESTS_COLLECTION = 'reportDigests';

/** The span of one digest document: a quarter hour, so no time zone's day or hour splits one (see `reportFigures.ts`). */
export const DIGEST_SLOT_MS = 15 * 60_000;

const STATE_ID = 'state';

/** A cycle fact as the digest reads it (its `rev` orders the writes of its record). */
export type RevisedFact = HandoffCycleFact;

/** One quarter hour of the digest as stored. */
interface SlotDocument extends EncodedDigestSlot, Record<string, unknown> {
  readonly _id: string;
  /** Start and end of the quarter hour (ms since the epoch). */
  readonly slot: number;
  readonly slotEnd: number;
  /** Counts the writes: every write is a compare-and-set on it. */
  readonly n: number;
}

type DigestDocument = SlotDocument | ({ readonly _id: typeof STATE_ID; readonly rebuiltAt: number } & Record<string, unknown>);

/**
 * The report digest (collection `reportDigests`): what the reports need of every handoff cycle fact
 * ({@link ReportCycle}), packed by the quarter hour of its request into compact binary records (`digestSlot.ts`), so
 * that a month of 100,000 cycles is read as ~3,000 small documents instead of 100,000 facts (reading and decoding the
 * facts was ~90% of a report's time).
 *
 * Why a digest and not sums per time slot: the reports show exact 90th percentiles of the wait and a service level
 * for any threshold, which sums cannot give, and a quarter hour of a busy month holds about one cycle per agent, so
 * sums per slot and agent would be as many as the cycles. The digest keeps each cycle's wait in milliseconds and the
 * figures are computed from the same {@link ReportCycle}s either way, so they equal those of the facts exactly, for
 * any period and time zone (a quarter hour never straddles a local hour, since every zone's offset is a whole number
 * of quarter hours; at the period's ends cycles are kept or left out one by one).
 *
 * Each record is a function of its fact alone and carries the fact's revision (`rev`, incremented by every change);
 * every write of a quarter hour is a compare-and-set on its write counter, and a record is only replaced by one of a
 * newer revision, so repeated, late and concurrent writes from several instances converge on the facts as they are.
 * A fact whose record may lag carries `digestPending` until it is written (see `handoffCycleRepository.ts`), which the
 * periodic repair catches up; {@link rebuild} fills the digest from existing facts once, and reports read the facts
 * themselves until it has. A cycle's request time never changes, so its record never moves between quarter hours.
 *
 * @example
 * const digests = await ReportDigestRepository.open(store);
 * await digests.write(fact);
 * const cycles = await digests.between(from, to);
 */
export class ReportDigestRepository {
  private built = false;

  private constructor(private readonly slots: DocumentCollection<DigestDocument>) {}

  /** Opens the collection with its index on the quarter hour. */
  static async open(store: DocumentStore): Promise<ReportDigestRepository> {
    return new ReportDigestRepository(await store.collection<DigestDocument>(REPORT_DIGESTS_COLLECTION, [{ keys: { slot: 1 } }]));
  }

  /** Writes the record of `fact` unless the digest shows this revision or a newer one already (idempotent). */
  async write(fact: RevisedFact): Promise<void> {
    await this.merge(slotOf(fact.requestedAt.getTime()), [fact]);
  }

  /** Removes the records of these facts (a purge). */
  async remove(facts: readonly RevisedFact[]): Promise<void> {
    for (const [slot, members] of bySlot(facts)) {
      await this.change(slot, (digest) => members.reduce((changed, fact) => digest.records.delete(recordKey(fact._id)) || changed, false));
    }
  }

  /**
   * Merges the records of existing facts into the digest, each quarter hour in one write, keeping records of newer
   * revisions; then marks the digest built so reports read it. `pages` yields the facts in any order.
   *
   * @returns how many records were added or brought up to date.
   */
  async rebuild(pages: AsyncIterable<readonly RevisedFact[]>): Promise<number> {
    let written = 0;
    for await (const page of pages) for (const [slot, members] of bySlot(page)) written += await this.merge(slot, members);
    await this.slots.updateOne({ _id: STATE_ID }, { $set: { rebuiltAt: Date.now() } }, { upsert: true });
    this.built = true;
    return written;
  }

  /** Whether the digest has been built from the facts (by this or another instance). */
  async isBuilt(): Promise<boolean> {
    if (!this.built) this.built = (await this.slots.findOne({ _id: STATE_ID })) !== undefined;
    return this.built;
  }

  /** The report cycles requested in `[from, to)`. */
  async between(from: Date, to: Date): Promise<ReportCycle[]> {
    const [low, high] = [from.getTime(), to.getTime()];
    const slots = (await this.slots.find({ slot: { $gte: slotOf(low), $lt: high } })) as SlotDocument[];
    const cycles: ReportCycle[] = [];
    for (const document of slots) collectReportCycles(document, low, high, cycles);
    return cycles;
  }

  /** Writes the records of facts of one quarter hour that are newer than the digest's; returns how many. */
  private async merge(slot: number, facts: readonly RevisedFact[]): Promise<number> {
    let written = 0;
    await this.change(slot, (digest) => {
      written = 0;
      for (const fact of facts) {
        const key = recordKey(fact._id);
        const rev = fact.rev ?? 0;
        const known = digest.records.get(key);
        if (known !== undefined && known.rev >= rev) continue;
        digest.records.set(key, { rev, cycle: reportCycleOf(fact) });
        written += 1;
      }
      return written > 0;
    });
    return written;
  }

  /** Applies `edit` to the quarter hour and stores it if `edit` says it changed, again on a conflicting write. */
  private async change(slot: number, edit: (digest: DigestSlot) => boolean): Promise<void> {
    for (;;) {
      const current = (await this.slots.findOne({ _id: slotId(slot) })) as SlotDocument | undefined;
      const digest = decodeDigestSlot(current);
      if (!edit(digest)) return;
      const encoded = encodeDigestSlot(digest);
      if (current === undefined) {
        try {
          await this.slots.insertOne({ _id: slotId(slot), slot, slotEnd: slot + DIGEST_SLOT_MS, n: 1, ...encoded });
          return;
        } catch (error) {
          // Another instance created it meanwhile: apply the edit to what it wrote.
          if (!(error instanceof DuplicateKeyError)) throw error;
          continue;
        }
      }
      const result = await this.slots.updateOne({ _id: slotId(slot), n: current.n }, { $set: { strings: encoded.strings, records: encoded.records, n: current.n + 1 } });
      if (result.matchedCount === 1) return;
    }
  }
}

/** The start of the quarter hour holding `at` (ms). */
export function slotOf(at: number): number {
  return Math.floor(at / DIGEST_SLOT_MS) * DIGEST_SLOT_MS;
}

function slotId(slot: number): string {
  return `s${slot}`;
}

function bySlot(facts: readonly RevisedFact[]): Map<number, RevisedFact[]> {
  const slots = new Map<number, RevisedFact[]>();
  for (const fact of facts) {
    const slot = slotOf(fact.requestedAt.getTime());
    const members = slots.get(slot);
    if (members) members.push(fact);
    else slots.set(slot, [fact]);
  }
  return slots;
}
