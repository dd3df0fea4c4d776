import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ChangeFeed } from '../../src/storage/changeFeed';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { summarise, type LatencySummary } from './latencySummary';

/** What {@link measureChangeFeed} found. */
export interface ChangeFeedBenchResult {
  readonly pollIntervalMs: number;
  readonly published: number;
  /** From publish to delivery on the other instance. */
  readonly latency: LatencySummary;
}

/**
 * Latency of the change feed between two instances: two handles on one embedded store (as two processes would open
 * it), one publishing `entries` at `perSecond`, the other following at the default poll interval.
 *
 * @example const result = await measureChangeFeed({ entries: 300, perSecond: 50 });
 */
export async function measureChangeFeed(options: { readonly entries: number; readonly perSecond: number; readonly pollIntervalMs?: number }): Promise<ChangeFeedBenchResult> {
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-feed-bench-'));
  const logger = pino({ level: 'warn' });
  const stores = [await openSqliteDocumentStore({ dataDir }), await openSqliteDocumentStore({ dataDir })] as const;
  const publisher = new ChangeFeed({ store: stores[0], logger, pollIntervalMs });
  const follower = new ChangeFeed({ store: stores[1], logger, pollIntervalMs });
  const latencies: number[] = [];
  try {
    await Promise.all([publisher.start(), follower.start()]);
    follower.subscribe<{ sentAt: number }>('bench', (entry) => latencies.push(performance.now() - entry.payload.sentAt));
    for (let sent = 0; sent < options.entries; sent += 1) {
      void publisher.publish('bench', { sentAt: performance.now() });
      await new Promise((resolve) => setTimeout(resolve, 1000 / options.perSecond));
    }
    const deadline = Date.now() + 10_000;
    while (latencies.length < options.entries && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await Promise.all([publisher.stop(), follower.stop()]);
    await Promise.all(stores.map((store) => store.close()));
    await rm(dataDir, { recursive: true, force: true });
  }
  return { pollIntervalMs, published: options.entries, latency: summarise(latencies) };
}

/** The report's section: latency percentiles and the 1 s target. */
export function renderChangeFeedReport(result: ChangeFeedBenchResult): string {
  const { latency } = result;
  const delivered = latency.count === result.published;
  return [
    `Change feed between two instances on one embedded store (poll every ${result.pollIntervalMs} ms; ${result.published} entries)`,
    `delivered ${latency.count}/${result.published}; publish → other instance p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms`,
    `target: every entry delivered, p99 < 1000 ms — ${delivered && latency.p99 < 1000 ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}
