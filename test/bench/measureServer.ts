import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLineApi } from '../../src/simulator/fakeLineApi';
import { BenchEventFactory, benchUserIds } from './benchEvents';
import type { BenchOptions, BenchTurnRunner } from './benchOptions';
import { productionServerEnvironment } from './productionServerEnvironment';
import { spawnChildServer, type ChildServer } from './childServer';
import { EventSender } from './eventSender';
import { runFixedRate, type FixedRateResult } from './fixedRatePhase';
import type { PhaseResult } from './phaseResult';
import { combineProcessStats, ProcessStatsMonitor, type ProcessStats } from './processStats';
import { RoundRobinWebhookClient, type WebhookPoster } from './roundRobinWebhookClient';
import { ReplyTracker, type DeliveryCounts } from './replyTracker';
import { runSaturation } from './saturationPhase';
import { answersOf, type ServerKind } from './serverKind';
import { fillTranscriptHistory } from './transcriptHistoryFill';
import { WebhookClient } from './webhookClient';

/** Everything measured for one server. */
export interface ServerMeasurement {
  readonly kind: ServerKind;
  /** Server processes sharing one store, the load spread over them in turn (1 unless measuring a cluster; `roles` is 2, the load on the first). */
  readonly instances: number;
  /** Where our server ran LINE turns (`LINE_TURN_RUNNER`); `inline` for the plain and floor servers. */
  readonly turnRunner: BenchTurnRunner;
  /** Transcript activities in the store before the server started (0 but for the long-history run of ours). */
  readonly storedActivities: number;
  /** How long preloading them took, in seconds (0 when none were). */
  readonly preloadSeconds: number;
  readonly warmup: PhaseResult;
  readonly fixedRate: FixedRateResult;
  /** The reply-latency phase: a lower fixed rate, where a reply's latency is the turn's, not a queue's. */
  readonly replyRate: FixedRateResult;
  /** The low-rate phase (`BenchOptions.lowRatePerSecond`, 100 events/s): acks and replies of a lightly loaded server. */
  readonly lowRate: FixedRateResult;
  readonly saturation: PhaseResult;
  /** The server processes' CPU, event-loop delay and GC during each measured phase (added up over instances). */
  readonly serverStats: { readonly fixedRate: ProcessStats; readonly saturation: ProcessStats };
  /** The same for this process (load generator and fake LINE API) during each measured phase. */
  readonly harnessStats: { readonly fixedRate: ProcessStats; readonly saturation: ProcessStats };
  /** What the fake LINE API accepted from this server over the whole run, warm-up included. */
  readonly deliveries: DeliveryCounts;
  /** Answers to an event answered before. */
  readonly duplicates: number;
  /** Answers that came after their event was counted lost. */
  readonly late: number;
  /** Answers naming no event sent. */
  readonly unexpected: number;
  /** Whether a server process died during the run. */
  readonly crashed: boolean;
}

/** How one server is run: as a cluster, with which turn runner, on how long a history (all for ours only). */
export interface ServerSetup {
  /** Server processes sharing one store, each event posted to the next in turn (default 1). */
  readonly instances?: number;
  /** Where our server runs LINE turns (default `inline`). */
  readonly turnRunner?: BenchTurnRunner;
  /** Transcript activities written into the store before the server starts, over 1,000 conversations (default 0). */
  readonly storedActivities?: number;
}

/** Connections the load generator may open; enough for 500 events/s even when acks slow down. */
const MAX_SOCKETS = 256;
/** Conversations a preloaded history is spread over; the load's users are among them, so its turns meet that history. */
const HISTORY_CONVERSATIONS = 1_000;

/**
 * Measures one server: starts a fresh fake LINE API in this process and the server in a child
 * process pointed at it, warms up, runs the fixed-rate phase (500 events/s), the reply-latency phase (200/s), the
 * low-rate phase (100/s) and the saturation phase, and stops both — also when something fails. A server that sends
 * no replies (the floor) is measured by its acknowledgements (see `answersOf`). With `instances` above 1, that many
 * server processes share one store (a cluster on one host) and each event goes to the next instance in turn; with
 * `storedActivities`, the store holds that many transcript activities before the server starts.
 *
 * @example const ours = await measureServer('ours', benchOptionsFrom(process.env), (line) => console.log(line), { storedActivities: 500_000 });
 */
export async function measureServer(kind: ServerKind, options: BenchOptions, progress: (line: string) => void, setup: ServerSetup = {}): Promise<ServerMeasurement> {
  const { instances = 1, turnRunner = 'inline', storedActivities = 0 } = setup;
  if ((instances > 1 || turnRunner !== 'inline' || storedActivities > 0) && kind !== 'ours') throw new Error('only our server runs as a cluster, with a turn runner or on a preloaded history');
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = randomBytes(24).toString('base64url');
  const fake = await startFakeLineApi({ accessTokens: [channelAccessToken], maxHistory: 1_000 });
  const userIds = benchUserIds(options.users);
  // LINE gives the profile of a user who added the bot as a friend. Without one our server would
  // re-ask on every event (it does not remember a failed fetch) and the run would measure that.
  for (const [index, userId] of userIds.entries()) fake.api.setProfile(userId, { displayName: `Bench user ${index}` });
  const tracker = new ReplyTracker(fake.api);
  const harness = new ProcessStatsMonitor();
  let client: WebhookPoster | undefined;
  const servers: ChildServer[] = [];
  const label = `${kind}${instances > 1 ? ` ×${instances}` : ''}${turnRunner === 'inline' ? '' : ` (turns: ${turnRunner})`}${storedActivities > 0 ? ` on ${storedActivities} stored activities` : ''}`;
  // Ours runs as in production: its own store in a fresh directory, secrets sealed with a real key.
  const dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-bench-'));
  try {
    let preloadSeconds = 0;
    if (storedActivities > 0) {
      progress(`${label}: writing ${storedActivities} transcript activities over ${HISTORY_CONVERSATIONS} conversations`);
      preloadSeconds = (await fillTranscriptHistory(dataDir, benchUserIds(HISTORY_CONVERSATIONS), storedActivities)).seconds;
      progress(`${label}: preloaded in ${preloadSeconds.toFixed(1)} s`);
    }
    // One environment for every instance: they share the store, so also the key its secrets are sealed with.
    const environment = productionServerEnvironment({ dataDir, channelSecret, channelAccessToken, lineApiBaseUrl: fake.baseUrl });
    if (turnRunner === 'roles') {
      // The load balancer sends LINE's webhooks to the ingest process only; the turn process hears of them on the change feed.
      servers.push(await spawnChildServer(kind, { ...environment, LINE_TURN_RUNNER: 'off' }));
      servers.push(await spawnChildServer(kind, { ...environment, LINE_TURN_RUNNER: 'inline' }));
    } else {
      for (let index = 0; index < instances; index += 1) servers.push(await spawnChildServer(kind, { ...environment, LINE_TURN_RUNNER: turnRunner }));
    }
    const urls = (turnRunner === 'roles' ? servers.slice(0, 1) : servers).map((server) => `${server.url}/api/line/default`);
    client = urls.length === 1 ? new WebhookClient(urls[0]!, MAX_SOCKETS) : new RoundRobinWebhookClient(urls, MAX_SOCKETS);
    const sender = new EventSender(new BenchEventFactory(fake.api, userIds, channelSecret), client, tracker, answersOf(kind));

    progress(`${label}: warming up (${options.warmupEvents} events)`);
    const warmup = await runSaturation(sender, tracker, { events: options.warmupEvents, concurrency: 32, maxMs: 10_000, drainMs: options.drainMs });
    progress(`${label}: ${options.fixedRatePerSecond} events/s for ${options.fixedRateSeconds} s`);
    const measured = async <T>(phase: () => Promise<T>): Promise<[T, ProcessStats, ProcessStats]> => {
      for (const server of servers) server.resetStats();
      harness.reset();
      const result = await phase();
      return [result, combineProcessStats(await Promise.all(servers.map((server) => server.readStats()))), harness.read()];
    };
    const [fixedRate, fixedRateServer, fixedRateHarness] = await measured(() =>
      runFixedRate(sender, tracker, { ratePerSecond: options.fixedRatePerSecond, durationMs: options.fixedRateSeconds * 1000, drainMs: options.drainMs }),
    );
    progress(`${label}: ${options.replyRatePerSecond} events/s for ${options.fixedRateSeconds} s (reply latency)`);
    const replyRate = await runFixedRate(sender, tracker, { ratePerSecond: options.replyRatePerSecond, durationMs: options.fixedRateSeconds * 1000, drainMs: options.drainMs });
    progress(`${label}: ${options.lowRatePerSecond} events/s for ${options.fixedRateSeconds} s (low rate)`);
    const lowRate = await runFixedRate(sender, tracker, { ratePerSecond: options.lowRatePerSecond, durationMs: options.fixedRateSeconds * 1000, drainMs: options.drainMs });
    progress(`${label}: as fast as possible (${options.throughputEvents} events, ${options.concurrency} in flight, at most ${options.throughputMaxSeconds} s)`);
    const [saturation, saturationServer, saturationHarness] = await measured(() =>
      runSaturation(sender, tracker, {
        events: options.throughputEvents,
        concurrency: options.concurrency,
        maxMs: options.throughputMaxSeconds * 1000,
        drainMs: options.drainMs,
      }),
    );
    return {
      kind,
      instances: servers.length,
      turnRunner,
      storedActivities,
      preloadSeconds,
      warmup,
      fixedRate,
      replyRate,
      lowRate,
      saturation,
      serverStats: { fixedRate: fixedRateServer, saturation: saturationServer },
      harnessStats: { fixedRate: fixedRateHarness, saturation: saturationHarness },
      deliveries: { ...tracker.deliveries },
      duplicates: tracker.duplicates,
      late: tracker.late,
      unexpected: tracker.unexpected,
      crashed: servers.some((server) => server.crashed()),
    };
  } finally {
    harness.stop();
    tracker.detach();
    client?.close();
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dataDir, { recursive: true, force: true });
    await fake.close();
  }
}
