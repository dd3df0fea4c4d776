import { AssignmentStore } from '../../src/handoff/assignmentStore';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { seededRandom } from '../support/seededRandom';

/** What one racer process was told to do (its single argument, as JSON). */
export interface RacerTask {
  readonly dataDir: string;
  /** `offer-one`: offer `conversationKey` to each of `agentIds` at once; `random`: offer and accept queued work at random. */
  readonly mode: 'offer-one' | 'random';
  readonly seed: number;
  readonly agentIds: readonly string[];
  readonly conversationKey?: string;
  readonly maxAttempts?: number;
}

/** What a racer prints on stdout when done. */
export interface RacerReport {
  offered: string[][];
  refused: number;
  accepted: [string, string][];
  acceptRefused: number;
}

const T0 = Date.parse('2025-03-01T09:00:00Z');

/**
 * A racer of the multi-process AssignmentStore tests: a separate Node process on the shared DATA_DIR, with its own
 * store and its own AssignmentStore, doing what the in-process race tests do with several instances.
 */
async function race(task: RacerTask): Promise<RacerReport> {
  const store = await openSqliteDocumentStore({ dataDir: task.dataDir });
  try {
    const assignments = await AssignmentStore.open(store);
    const report: RacerReport = { offered: [], refused: 0, accepted: [], acceptRefused: 0 };
    if (task.mode === 'offer-one') {
      const key = task.conversationKey ?? '';
      const outcomes = await Promise.all(task.agentIds.map((agentId) => assignments.offer(key, agentId, new Date(T0))));
      outcomes.forEach((outcome, index) => (outcome === 'offered' ? report.offered.push([key, task.agentIds[index]!]) : (report.refused += 1)));
      return report;
    }
    const next = seededRandom(task.seed);
    const work = await store.collection<{ _id: string; state: string }>('handoffWork');
    for (let attempt = 0; attempt < (task.maxAttempts ?? 200); attempt += 1) {
      const queued = await work.find({ state: 'queued' });
      if (queued.length === 0) break;
      const key = queued[Math.floor(next() * queued.length)]!._id;
      const agentId = task.agentIds[Math.floor(next() * task.agentIds.length)]!;
      if ((await assignments.offer(key, agentId, new Date(T0 + attempt * 60_000))) !== 'offered') {
        report.refused += 1;
        continue;
      }
      report.offered.push([key, agentId]);
      if ((await assignments.accept(key, agentId)) === 'assigned') report.accepted.push([key, agentId]);
      else report.acceptRefused += 1;
    }
    return report;
  } finally {
    await store.close();
  }
}

race(JSON.parse(process.argv[2] ?? '{}') as RacerTask).then(
  (report) => process.stdout.write(JSON.stringify(report)),
  (error: unknown) => {
    process.stderr.write(String(error instanceof Error ? error.stack : error));
    process.exitCode = 1;
  },
);
