import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { HandoffCycleFact } from '../../src/reports/handoffCycleFact';
import { HANDOFF_CYCLES_COLLECTION, HandoffCycleRepository } from '../../src/reports/handoffCycleRepository';
import { csvText, reportTable } from '../../src/reports/reportCsv';
import { reportCycleOf } from '../../src/reports/reportCycle';
import { periodReport } from '../../src/reports/periodReport';
import type { ReportGrouping } from '../../src/reports/reportFigures';
import { instantIn } from '../../src/reports/reportQuery';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';

/** A report query of the bench: a grouping as JSON, or the CSV of every table. */
export type ReportBenchQuery = ReportGrouping | 'csv';

/** One query's timings (reading and computing a month's report), before (from the facts) and after (from the digest). */
export interface ReportBenchRow {
  readonly query: ReportBenchQuery;
  readonly factsP50Ms: number;
  readonly digestP50Ms: number;
  readonly digestMaxMs: number;
  /** CPU time of this process per query from the digest (p50): what the query costs when the machine is shared. */
  readonly digestCpuP50Ms: number;
}

/** What {@link measureReports} found for one history size. */
export interface ReportBenchResult {
  readonly facts: number;
  readonly runs: number;
  readonly seedMs: number;
  /** Building the digest from the stored facts (what an upgrade does once). */
  readonly digestBuildMs: number;
  readonly rows: readonly ReportBenchRow[];
}

const QUERIES: readonly ReportBenchQuery[] = ['queue', 'agent', 'lineAccount', 'language', 'day', 'hour', 'csv'];
const DAY = 86_400_000;
/** The bench's zone: a quarter-hour offset, the hardest case for time buckets. */
const TIME_ZONE = 'Asia/Kathmandu';

/** A plausible month of cycles: 6 queues, 40 agents, 3 LINE accounts, 4 languages, 1 in 8 abandoned, half rated. */
function fact(n: number, size: number, start: number): HandoffCycleFact {
  const requestedAt = new Date(start + Math.floor((n * 30 * DAY) / size));
  const abandoned = n % 8 === 0;
  const assignedAt = abandoned ? undefined : new Date(requestedAt.getTime() + ((n * 7919) % 300_000));
  const endedAt = assignedAt && new Date(assignedAt.getTime() + ((n * 104_729) % 1_200_000));
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
 * Seeds `facts` cycle facts over 30 days into a temporary embedded store and times a month's report (in
 * Asia/Kathmandu, +05:45) for each grouping and for the CSV export: first read from the facts as before the digest
 * (`factRuns` times), then from the digest after building it (`runs` times), as the endpoint does.
 */
export async function measureReports(facts = 100_000, runs = 5, factRuns = 2): Promise<ReportBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'report-bench-'));
  const store = await openSqliteDocumentStore({ dataDir });
  try {
    const cycles = await HandoffCycleRepository.open(store, pino({ level: 'silent' }));
    const collection = await store.collection<HandoffCycleFact & Record<string, unknown>>(HANDOFF_CYCLES_COLLECTION);
    const start = Date.UTC(2026, 10, 1);
    const seeding = performance.now();
    for (let first = 0; first < facts; first += 1000) {
      await collection.insertManyIgnoringDuplicates(Array.from({ length: Math.min(1000, facts - first) }, (_, i) => fact(first + i, facts, start) as HandoffCycleFact & Record<string, unknown>));
    }
    const seedMs = performance.now() - seeding;
    const from = instantIn('2026-11-01', TIME_ZONE);
    const to = instantIn('2026-12-01', TIME_ZONE);
    const fromFacts = { reportCycles: async (a: Date, b: Date) => (await cycles.requestedBetween(a, b)).map(reportCycleOf), factsById: (ids: readonly string[]) => cycles.factsById(ids) };
    const time = async (source: Parameters<typeof periodReport>[0], query: ReportBenchQuery, count: number): Promise<{ wall: number[]; cpu: number[] }> => {
      const times: number[] = [];
      const cpu: number[] = [];
      for (let run = 0; run < count; run += 1) {
        const cpuBefore = process.cpuUsage();
        const began = performance.now();
        const figures = await periodReport(source, from, to, { grouping: query === 'csv' ? 'agent' : query, timeZone: TIME_ZONE, serviceLevelSeconds: 60 });
        if (query === 'csv') for (const table of ['figures', 'series', 'csat', 'comments'] as const) csvText(reportTable(figures, table, 'agent'));
        else JSON.stringify(figures);
        times.push(performance.now() - began);
        const used = process.cpuUsage(cpuBefore);
        cpu.push((used.user + used.system) / 1000);
      }
      return { wall: times, cpu };
    };
    const before = new Map<ReportBenchQuery, number[]>();
    for (const query of QUERIES) before.set(query, (await time(fromFacts, query, factRuns)).wall);
    const building = performance.now();
    await cycles.buildDigest();
    const digestBuildMs = performance.now() - building;
    const rows: ReportBenchRow[] = [];
    for (const query of QUERIES) {
      const after = await time(cycles, query, runs);
      rows.push({ query, factsP50Ms: percentile(before.get(query) ?? [], 0.5), digestP50Ms: percentile(after.wall, 0.5), digestMaxMs: Math.max(...after.wall), digestCpuP50Ms: percentile(after.cpu, 0.5) });
    }
    return { facts, runs, seedMs, digestBuildMs, rows };
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The report section of the bench output: one block per history size, and the slowest query from the digest. */
export function renderReportBench(results: readonly ReportBenchResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(
      `reports: a month of ${result.facts.toLocaleString('en')} handoff cycles in ${TIME_ZONE} (embedded store, seeded in ${Math.round(result.seedMs)} ms, digest built in ${Math.round(result.digestBuildMs)} ms), p50 of ${result.runs} runs`,
    );
    lines.push('  query        from facts (before)   from digest (after)        max   CPU p50');
    for (const row of result.rows) {
      const ms = (value: number, width: number): string => `${Math.round(value).toString().padStart(width)} ms`;
      lines.push(`  ${row.query.padEnd(12)} ${ms(row.factsP50Ms, 9)} ${ms(row.digestP50Ms, 17)} ${ms(row.digestMaxMs, 7)} ${ms(row.digestCpuP50Ms, 6)}`);
    }
    const slowest = [...result.rows].sort((a, b) => b.digestP50Ms - a.digestP50Ms)[0];
    if (slowest) lines.push(`  slowest from the digest: ${slowest.query} (p50 ${Math.round(slowest.digestP50Ms)} ms)`);
  }
  return lines.join('\n');
}
