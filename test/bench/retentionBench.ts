import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { RetentionSweep } from '../../src/retention/retentionSweep';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { summarise, type LatencySummary } from './latencySummary';

const DAY_MS = 24 * 60 * 60 * 1000;
const SEED_CHUNK = 1_000;

/** What the retention section measured. */
export interface RetentionBenchResult {
  readonly oldActivities: number;
  readonly oldInboxEvents: number;
  readonly keptDocuments: number;
  readonly deleted: number;
  readonly sweepMs: number;
  /** Event-loop delay while the sweep ran, ms. */
  readonly loopDelay: LatencySummary;
  /** One insert every 5 ms into another collection while the sweep ran (a writer waiting for the store), ms. */
  readonly writes: LatencySummary;
}

/**
 * The retention section of `npm run bench`: an embedded store holding `oldActivities` transcript activities and half as
 * many done LINE inbox events past the settings (plus a tenth as many recent ones of each, which stay), swept once
 * with the default batch of 200. It reports the sweep's time, the event-loop delay meanwhile and the latency of a
 * writer inserting every 5 ms beside it: a backlog must neither stall the server nor hold the store's write lock.
 */
export async function measureRetention(oldActivities: number): Promise<RetentionBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'retention-bench-'));
  const store = await openSqliteDocumentStore({ dataDir });
  try {
    const now = Date.now();
    const oldInboxEvents = Math.floor(oldActivities / 2);
    const kept = await seed(store, now, oldActivities, oldInboxEvents);
    const sweep = await RetentionSweep.open(store, { retentionDays: 30, lineInboxRetentionDays: 7, intervalMs: 60_000, now: () => now });
    const writer = await store.collection<StoredDocument>('retentionBenchWrites');
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const writes: number[] = [];
    let running = true;
    const writing = (async () => {
      for (let n = 0; running; n += 1) {
        const started = performance.now();
        await writer.insertOne({ _id: `w${n}`, at: new Date() });
        writes.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    delay.enable();
    const started = performance.now();
    const result = await sweep.run();
    const sweepMs = performance.now() - started;
    delay.disable();
    running = false;
    await writing;
    const deleted = Object.values(result).reduce((sum, count) => sum + count, 0);
    const loopDelay = { count: delay.count, p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
    return { oldActivities, oldInboxEvents, keptDocuments: kept, deleted, sweepMs, loopDelay, writes: summarise(writes) };
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Writes the old documents and the recent ones; returns how many recent ones there are. */
async function seed(store: DocumentStore, now: number, activities: number, inboxEvents: number): Promise<number> {
  const transcripts = await store.collection<StoredDocument>('transcripts');
  const inbox = await store.collection<StoredDocument>('lineInbox');
  const recentActivities = Math.floor(activities / 10);
  const recentEvents = Math.floor(inboxEvents / 10);
  for (let first = 0; first < activities + recentActivities; first += SEED_CHUNK) {
    const chunk: StoredDocument[] = [];
    for (let n = first; n < Math.min(first + SEED_CHUNK, activities + recentActivities); n += 1) {
      const timestamp = new Date(n < activities ? now - 40 * DAY_MS : now - DAY_MS);
      const conversationId = `default:user:U${(n % 1_000).toString(16).padStart(32, '0')}`;
      chunk.push({ _id: `line|${conversationId}|a${n}`, channelId: 'line', conversationId, activityId: `a${n}`, seq: n, timestamp, type: 'message', activity: JSON.stringify({ type: 'message', text: `message ${n} `.repeat(8) }) });
    }
    await transcripts.insertManyIgnoringDuplicates(chunk);
  }
  for (let first = 0; first < inboxEvents + recentEvents; first += SEED_CHUNK) {
    const chunk: StoredDocument[] = [];
    for (let n = first; n < Math.min(first + SEED_CHUNK, inboxEvents + recentEvents); n += 1) {
      const at = new Date(n < inboxEvents ? now - 10 * DAY_MS : now - DAY_MS);
      chunk.push({ _id: `default|E${n}`, accountId: 'default', webhookEventId: `E${n}`, destination: 'U0', event: JSON.stringify({ type: 'message', message: { text: `hello ${n}` } }), receivedAt: at, position: 0, conversation: `default:user:U${n % 1_000}`, state: 'done', attempts: 0, updatedAt: at, processedAt: at });
    }
    await inbox.insertManyIgnoringDuplicates(chunk);
  }
  return recentActivities + recentEvents;
}

/** The retention section of the report. */
export function renderRetentionReport(result: RetentionBenchResult): string {
  const rate = Math.round((result.deleted / result.sweepMs) * 1000);
  const ms = (summary: LatencySummary): string => `p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms, max ${summary.max.toFixed(1)} ms`;
  return [
    `retention sweep (embedded store, batches of 200): ${result.oldActivities} old transcript activities and ${result.oldInboxEvents} old inbox events, ${result.keptDocuments} recent ones kept`,
    `  deleted ${result.deleted} in ${(result.sweepMs / 1000).toFixed(1)} s (${rate} documents/s)`,
    `  event-loop delay meanwhile: ${ms(result.loopDelay)}`,
    `  a writer beside it (${result.writes.count} inserts): ${ms(result.writes)}`,
  ].join('\n');
}
