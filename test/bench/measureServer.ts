import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLineApi } from '../../src/simulator/fakeLineApi';
import { BenchEventFactory, benchUserIds } from './benchEvents';
import type { BenchOptions } from './benchOptions';
import { productionServerEnvironment } from './productionServerEnvironment';
import { spawnChildServer, type ChildServer } from './childServer';
import { EventSender } from './eventSender';
import { runFixedRate, type FixedRateResult } from './fixedRatePhase';
import type { PhaseResult } from './phaseResult';
import { ProcessStatsMonitor, type ProcessStats } from './processStats';
import { ReplyTracker, type DeliveryCounts } from './replyTracker';
import { runSaturation } from './saturationPhase';
import type { ServerKind } from './serverKind';
import { WebhookClient } from './webhookClient';

/** Everything measured for one server. */
export interface ServerMeasurement {
  readonly kind: ServerKind;
  readonly warmup: PhaseResult;
  readonly fixedRate: FixedRateResult;
  readonly saturation: PhaseResult;
  /** The server process's CPU, event-loop delay and GC during each measured phase. */
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
  /** Whether the server's process died during the run. */
  readonly crashed: boolean;
}

/** Connections the load generator may open; enough for 500 events/s even when acks slow down. */
const MAX_SOCKETS = 256;

/**
 * Measures one server: starts a fresh fake LINE API in this process and the server in a child
 * process pointed at it, warms up, runs the fixed-rate phase then the saturation phase, and
 * stops both — also when something fails.
 *
 * @example const ours = await measureServer('ours', benchOptionsFrom(process.env), (line) => console.log(line));
 */
export async function measureServer(kind: ServerKind, options: BenchOptions, progress: (line: string) => void): Promise<ServerMeasurement> {
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = randomBytes(24).toString('base64url');
  const fake = await startFakeLineApi({ accessTokens: [channelAccessToken], maxHistory: 1_000 });
  const userIds = benchUserIds(options.users);
  // LINE gives the profile of a user who added the bot as a friend. Without one our server would
  // re-ask on every event (it does not remember a failed fetch) and the run would measure that.
  for (const [index, userId] of userIds.entries()) fake.api.setProfile(userId, { displayName: `Bench user ${index}` });
  const tracker = new ReplyTracker(fake.api);
  const harness = new ProcessStatsMonitor();
  let client: WebhookClient | undefined;
  let server: ChildServer | undefined;
  // Ours runs as in production: its own store in a fresh directory, secrets sealed with a real key.
  const dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-bench-'));
  try {
    server = await spawnChildServer(kind, productionServerEnvironment({ dataDir, channelSecret, channelAccessToken, lineApiBaseUrl: fake.baseUrl }));
    client = new WebhookClient(`${server.url}/api/line/default`, MAX_SOCKETS);
    const sender = new EventSender(new BenchEventFactory(fake.api, userIds, channelSecret), client, tracker);

    progress(`${kind}: warming up (${options.warmupEvents} events)`);
    const warmup = await runSaturation(sender, tracker, { events: options.warmupEvents, concurrency: 32, maxMs: 10_000, drainMs: options.drainMs });
    progress(`${kind}: ${options.fixedRatePerSecond} events/s for ${options.fixedRateSeconds} s`);
    const running = server;
    const measured = async <T>(phase: () => Promise<T>): Promise<[T, ProcessStats, ProcessStats]> => {
      running.resetStats();
      harness.reset();
      const result = await phase();
      return [result, await running.readStats(), harness.read()];
    };
    const [fixedRate, fixedRateServer, fixedRateHarness] = await measured(() =>
      runFixedRate(sender, tracker, { ratePerSecond: options.fixedRatePerSecond, durationMs: options.fixedRateSeconds * 1000, drainMs: options.drainMs }),
    );
    progress(`${kind}: as fast as possible (${options.throughputEvents} events, ${options.concurrency} in flight, at most ${options.throughputMaxSeconds} s)`);
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
      warmup,
      fixedRate,
      saturation,
      serverStats: { fixedRate: fixedRateServer, saturation: saturationServer },
      harnessStats: { fixedRate: fixedRateHarness, saturation: saturationHarness },
      deliveries: { ...tracker.deliveries },
      duplicates: tracker.duplicates,
      late: tracker.late,
      unexpected: tracker.unexpected,
      crashed: server.crashed(),
    };
  } finally {
    harness.stop();
    tracker.detach();
    client?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await fake.close();
  }
}
