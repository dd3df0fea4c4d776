import type { Logger } from 'pino';
import { WITH_PEOPLE } from '../handoff/handoffConversation';
import type { HandoffConversationRepository } from '../handoff/handoffConversationRepository';
import { cycleFactId } from './handoffCycleFact';
import type { HandoffCycleRepository } from './handoffCycleRepository';

const PAGE = 500;

/**
 * Inserts the report facts of every handoff record's current cycle that has none yet (records from before the
 * facts existed); facts already written are left alone. Pages through the records by id.
 *
 * @returns how many facts were inserted.
 */
export async function backfillCycleFacts(conversations: HandoffConversationRepository, cycles: HandoffCycleRepository): Promise<number> {
  let inserted = 0;
  let after = '';
  for (;;) {
    const page = await conversations.find({ _id: { $gt: after } }, { sort: { _id: 1 }, limit: PAGE });
    inserted += await cycles.backfill(page);
    const last = page.at(-1);
    if (!last || page.length < PAGE) return inserted;
    after = last.id;
  }
}

/**
 * Writes again the facts of every open record and of records closed since `since`: a process that died between a
 * record's change and its fact write left that fact behind, and this catches it up while the record still holds the
 * cycle (a new cycle catches up the old one itself, before it reuses the record).
 *
 * @returns how many facts were behind their record and written again.
 */
export async function repairRecentCycleFacts(conversations: HandoffConversationRepository, cycles: HandoffCycleRepository, since: Date): Promise<number> {
  const records = [
    ...(await conversations.inStates([...WITH_PEOPLE, 'wrapUp'])),
    ...(await conversations.find({ state: 'closed', closedAt: { $gte: since } })),
  ];
  let repaired = 0;
  for (let first = 0; first < records.length; first += PAGE) {
    const page = records.slice(first, first + PAGE);
    // Most facts are current: only those behind their record are written again.
    const versions = await cycles.versionsOf(page.map((record) => cycleFactId(record.id, record.cycle)));
    for (const record of page) {
      if ((versions.get(cycleFactId(record.id, record.cycle)) ?? 0) >= record.version) continue;
      await cycles.write(record);
      repaired += 1;
    }
  }
  return repaired;
}

/** A running {@link startCycleFactRepair}. */
export interface CycleFactRepair {
  /** Resolves when the backfill at start is done. */
  readonly backfilled: Promise<void>;
  stop(): void;
}

/**
 * Backfills the facts once at start and builds the report digest from them if no instance has yet, then every
 * `intervalMs` repairs recent cycles (each pass looks back two intervals) and the digest entries left behind their
 * facts. Every instance may run it: each write is idempotent.
 *
 * @example const repair = startCycleFactRepair({ conversations, cycles, intervalMs: 300_000, clock, logger });
 */
export function startCycleFactRepair(options: {
  readonly conversations: HandoffConversationRepository;
  readonly cycles: HandoffCycleRepository;
  readonly intervalMs: number;
  readonly clock: () => Date;
  readonly logger: Logger;
}): CycleFactRepair {
  const { conversations, cycles, logger } = options;
  const backfilled = backfillCycleFacts(conversations, cycles)
    .then(
      (inserted) => {
        if (inserted > 0) logger.info({ inserted }, 'backfilled the report facts of existing handoff records');
      },
      (error: unknown) => logger.error({ err: error }, 'could not backfill the report facts of handoff records'),
    )
    .then(() => cycles.buildDigest())
    .then(
      (written) => {
        if (written !== undefined) logger.info({ written }, 'built the report digest from the report facts');
      },
      (error: unknown) => logger.error({ err: error }, 'could not build the report digest; reports read the facts until it is built'),
    );
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    repairRecentCycleFacts(conversations, cycles, new Date(options.clock().getTime() - 2 * options.intervalMs))
      .then(() => cycles.repairDigest())
      .catch((error: unknown) => logger.warn({ err: error }, 'could not repair the report facts of recent handoff cycles or their digest'))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs);
  timer.unref();
  return {
    backfilled,
    stop() {
      clearInterval(timer);
    },
  };
}
