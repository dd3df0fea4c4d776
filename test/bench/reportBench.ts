import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { HandoffCycleFact } from '../../src/reports/handoffCycleFact';
import { HANDOFF_CYCLES_COLLECTION, HandoffCycleRepository } from '../../src/reports/handoffCycleRepository';
import { reportFigures, type ReportGrouping } from '../../src/reports/reportFigures';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';

/** One grouping's timings: reading the month's facts and computing the figures, per run. */
export interface ReportBenchRow {
  readonly grouping: ReportGrouping;
  readonly p50Ms: number;
  readonly maxMs: number;
}

/** What {@link measureReports} found. */
export interface ReportBenchResult {
  readonly facts: number;
  readonly runs: number;
  readonly seedMs: number;
  readonly rows: readonly ReportBenchRow[];
}

const GROUPINGS: readonly ReportGrouping[] = ['queue', 'agent', 'lineAccount', 'language', 'day', 'hour'];
const DAY = 86_400_000;

/** A plausible month of cycles: 6 queues, 40 agents, 3 LINE accounts, 4 languages, 1 in 8 abandoned, half rated. */
function fact(n: number, start: number): HandoffCycleFact {
  const requestedAt = new Date(start + Math.floor((n * 30 * DAY) / 100_000));
  const abandoned = n % 8 === 0;
  const assignedAt = abandoned ? undefined : new Date(requestedAt.getTime() + ((n * 7919) % 300) * 1000);
  const endedAt = assignedAt && new Date(assignedAt.getTime() + ((n * 104_729) % 1200) * 1000);
  return {
    _id: `h${n}:1`, handoffId: `h${n}`, cycle: 1, channelId: 'line', conversationId: `default:user:U${n}`, customerId: `line:U${n}`, lineAccountId: `account-${n % 3}`,
    language: ['ja', 'th', 'en', 'zh-TW'][n % 4] ?? 'ja', firstQueueId: `queue-${n % 6}`, queueId: `queue-${(n + (n % 11 === 0 ? 1 : 0)) % 6}`, state: 'closed',
    requestedAt, queuedAt: requestedAt, transfers: n % 11 === 0 ? 1 : 0, recordVersion: 6,
    ...(assignedAt && endedAt ? { agentId: `agent-${n % 40}`, agentIds: [`agent-${n % 40}`], firstAssignedAt: assignedAt, assignedAt, endedAt, closedAt: endedAt, closeReason: 'agent' as const } : { closedAt: requestedAt, closeReason: 'customerCancelled' as const }),
    ...(n % 2 === 0 && !abandoned ? { rating: (n % 5) + 1, surveyAt: endedAt, ...(n % 10 === 0 ? { comment: `comment ${n}` } : {}) } : {}),
  };
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

/**
 * Seeds `facts` cycle facts over 30 days into a temporary embedded store, then times a month's report for each
 * grouping `runs` times (reading the facts by the `requestedAt` index and computing the figures, as the endpoint does).
 */
export async function measureReports(facts = 100_000, runs = 3): Promise<ReportBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'report-bench-'));
  const store = await openSqliteDocumentStore({ dataDir });
  try {
    const cycles = await HandoffCycleRepository.open(store, pino({ level: 'silent' }));
    const collection = await store.collection<HandoffCycleFact & Record<string, unknown>>(HANDOFF_CYCLES_COLLECTION);
    const start = Date.UTC(2026, 10, 1);
    const seeding = performance.now();
    for (let first = 0; first < facts; first += 1000) {
      await collection.insertManyIgnoringDuplicates(Array.from({ length: Math.min(1000, facts - first) }, (_, i) => fact(first + i, start) as HandoffCycleFact & Record<string, unknown>));
    }
    const seedMs = performance.now() - seeding;
    const rows: ReportBenchRow[] = [];
    for (const grouping of GROUPINGS) {
      const times: number[] = [];
      for (let run = 0; run < runs; run += 1) {
        const began = performance.now();
        const month = await cycles.requestedBetween(new Date(start), new Date(start + 30 * DAY));
        reportFigures(month, { grouping, timeZone: 'Asia/Tokyo', serviceLevelSeconds: 60 });
        times.push(performance.now() - began);
      }
      rows.push({ grouping, p50Ms: percentile(times, 0.5), maxMs: Math.max(...times) });
    }
    return { facts, runs, seedMs, rows };
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The report section of the bench output. */
export function renderReportBench(result: ReportBenchResult): string {
  const lines = [`reports: a month of ${result.facts.toLocaleString('en')} handoff cycles (embedded store, seeded in ${Math.round(result.seedMs)} ms), ${result.runs} runs per grouping`];
  for (const row of result.rows) lines.push(`  ${row.grouping.padEnd(12)} p50 ${Math.round(row.p50Ms).toString().padStart(6)} ms   max ${Math.round(row.maxMs).toString().padStart(6)} ms`);
  return lines.join('\n');
}
