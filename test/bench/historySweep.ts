import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeLineApi } from '../../src/simulator/fakeLineApi';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository';
import * as fixtures from '../fixtures/lineEvents';
import { signWebhook } from '../support/signedWebhook';
import { benchUserIds } from './benchEvents';
import { productionServerEnvironment } from './productionServerEnvironment';
import { spawnChildServer } from './childServer';
import { summarise, type LatencySummary } from './latencySummary';
import { fillTranscriptHistory } from './transcriptHistoryFill';

/** What the sweep measured at one history size. */
export interface HistoryPoint {
  /** Transcript activities stored before the server started. */
  readonly activities: number;
  /** How fast the history was written through TranscriptRepository, in batches (activities/s; see `transcriptHistoryFill.ts`). */
  readonly fillPerSecond: number;
  /** From spawning the server process to its listening (store open, indexes ensured), ms. */
  readonly startMs: number;
  /** The server's resident memory right after start, MiB. */
  readonly rssAfterStartMiB: number;
  /**
   * One transcript page (`getTranscriptActivities`) of a probe conversation that holds the same activities at every
   * size, read by this process from the shared DATA_DIR, ms: what changes between sizes is only the other history.
   */
  readonly pageRead: LatencySummary;
  /** Webhook acknowledgement of one text event, posted one after another, ms. */
  readonly ack: LatencySummary;
}

const CONVERSATIONS = 1_000;
/** Conversations written identically at every size, whose pages are read. */
const PROBE_CONVERSATIONS = 20;
/** Activities of each probe conversation: two full pages. */
const PROBE_ACTIVITIES = 40;
const ACCOUNT_ID = 'default';

/**
 * The history-size sweep of `npm run bench`: for each size, a fresh DATA_DIR filled with that many transcript
 * activities through `TranscriptRepository` (spread over 1,000 conversations), then our server started on it in its
 * own process: start time, RSS after start, transcript page reads (from this process, which may share the DATA_DIR)
 * and webhook acknowledgements. Sizes come from `BENCH_HISTORY` (comma-separated, default `0,100000,500000`).
 */
export async function measureHistorySweep(sizes: readonly number[], progress: (line: string) => void): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  for (const size of sizes) points.push(await measureAt(size, progress));
  return points;
}

async function measureAt(size: number, progress: (line: string) => void): Promise<HistoryPoint> {
  const dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-history-'));
  const userIds = benchUserIds(CONVERSATIONS);
  const probeUserIds = benchUserIds(PROBE_CONVERSATIONS).map((userId) => `${userId}probe`);
  try {
    progress(`history: writing ${size} transcript activities over ${CONVERSATIONS} conversations`);
    const fillPerSecond = (await fillTranscriptHistory(dataDir, userIds, size)).perSecond;
    await fillTranscriptHistory(dataDir, probeUserIds, PROBE_CONVERSATIONS * PROBE_ACTIVITIES);
    const channelSecret = randomBytes(16).toString('hex');
    const channelAccessToken = randomBytes(24).toString('base64url');
    const fake = await startFakeLineApi({ accessTokens: [channelAccessToken], maxHistory: 1_000 });
    try {
      progress(`history: starting the server on ${size} activities`);
      const spawned = performance.now();
      const server = await spawnChildServer('ours', productionServerEnvironment({ dataDir, channelSecret, channelAccessToken, lineApiBaseUrl: fake.baseUrl }));
      const startMs = performance.now() - spawned;
      try {
        const rssAfterStartMiB = (await server.readStats()).rssMiB;
        const pageRead = await readPages(dataDir, probeUserIds);
        const ack = await postEvents(`${server.url}/api/line/${ACCOUNT_ID}`, channelSecret, fake, userIds);
        return { activities: size, fillPerSecond, startMs, rssAfterStartMiB, pageRead, ack };
      } finally {
        await server.stop();
      }
    } finally {
      await fake.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function readPages(dataDir: string, userIds: readonly string[]): Promise<LatencySummary> {
  const store = await openSqliteDocumentStore({ dataDir });
  try {
    const transcripts = await TranscriptRepository.open(store);
    const samples: number[] = [];
    for (let index = 0; index < 200; index += 1) {
      const begin = performance.now();
      await transcripts.getTranscriptActivities('line', `${ACCOUNT_ID}:user:${userIds[(index * 7) % userIds.length]}`);
      samples.push(performance.now() - begin);
    }
    return summarise(samples);
  } finally {
    await store.close();
  }
}

async function postEvents(url: string, channelSecret: string, fake: Awaited<ReturnType<typeof startFakeLineApi>>, userIds: readonly string[]): Promise<LatencySummary> {
  const samples: number[] = [];
  for (let index = 0; index < 300; index += 1) {
    const userId = userIds[index % userIds.length]!;
    const event = fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text: `history ${index}` }, replyToken: fake.api.issueReplyToken(userId) });
    const webhook = signWebhook(fixtures.webhookBody([event]), channelSecret);
    const begin = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': webhook.signature }, body: webhook.raw });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`webhook answered ${response.status} at history event ${index}`);
    samples.push(performance.now() - begin);
  }
  return summarise(samples);
}

/** Reads `BENCH_HISTORY`: the history sizes of the sweep. */
export function historySizesFrom(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === '') return [0, 100_000, 500_000];
  const sizes = raw.split(',').map((part) => Number(part.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 0 || size > 2_000_000)) throw new Error(`BENCH_HISTORY must list whole numbers from 0 to 2000000, got '${raw}'`);
  return sizes;
}

/** The sweep as a table, with each size's figures next to those of the first (smallest) size. */
export function renderHistoryReport(points: readonly HistoryPoint[]): string {
  const base = points[0];
  const versus = (value: number, baseline: number | undefined): string => (baseline === undefined || baseline === 0 || points.length < 2 ? '' : ` (${(value / baseline).toFixed(2)}×)`);
  const rows = points.map((point) => [
    String(point.activities),
    point.activities === 0 ? '—' : point.fillPerSecond.toFixed(0),
    `${point.startMs.toFixed(0)}${versus(point.startMs, base?.startMs)}`,
    `${point.rssAfterStartMiB.toFixed(0)}${versus(point.rssAfterStartMiB, base?.rssAfterStartMiB)}`,
    `${point.pageRead.p50.toFixed(2)}${versus(point.pageRead.p50, base?.pageRead.p50)} / ${point.pageRead.p99.toFixed(2)}`,
    `${point.ack.p50.toFixed(2)}${versus(point.ack.p50, base?.ack.p50)} / ${point.ack.p99.toFixed(2)}`,
  ]);
  const header = ['stored activities', 'fill (activities/s)', 'start to listening (ms)', 'RSS after start (MiB)', `transcript page (${PROBE_ACTIVITIES}-activity conversation) p50 / p99 (ms)`, 'webhook ack p50 / p99 (ms)'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ');
  return ['History-size sweep (embedded store; BENCH_HISTORY sets the sizes)', line(header), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map(line)].join('\n');
}
