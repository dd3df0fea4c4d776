import { availableParallelism } from 'node:os';
import { benchOptionsFrom } from './benchOptions';
import { brokenReasons, judge, judgeRelay, renderRelayReport, renderRoutingReport, renderStorageReport } from './benchReport';
import { renderReport, type ServerComparison } from './serverComparisonReport';
import { measureRouting } from './routingBench';
import { measureServer, type ServerMeasurement } from './measureServer';
import { renderClusterReport } from './clusterReport';
import { measureRelay } from './relayBench';
import { measureReplyShare, renderReplyShareReport } from './replyShareBench';
import { historySizesFrom, measureHistorySweep, renderHistoryReport } from './historySweep';
import { DEFAULT_STORAGE_BENCH_OPTIONS, measureStorage } from './storageBench';
import { measureEmulatorMemory, renderEmulatorMemoryReport } from './emulatorMemoryBench';
import { measureChangeFeed, renderChangeFeedReport } from './changeFeedBench';
import { measureReports, renderReportBench } from './reportBench';
import { measureRetention, renderRetentionReport } from './retentionBench';
import { measureHistoryText, renderHistoryTextBench } from './historyTextBench';

/** Nothing in the run may take longer than this, plus the allowances below; defaults finish in well under half of it. */
const WATCHDOG_MS = 300_000;
/** More time per single-server measurement (floor, plain, ours per turn runner, ours on a long history). */
const WATCHDOG_MS_PER_SERVER = 90_000;
/** More time per stored activity of the history sweep and the long-history run (filling takes time). */
const WATCHDOG_MS_PER_STORED_ACTIVITY = 2;
/** More time the optional memory section may take per Emulator conversation (it sends two requests each). */
const WATCHDOG_MS_PER_EMULATOR_CONVERSATION = 100;

/** The history sizes of the sweep. */
const historySizes = historySizesFrom(process.env.BENCH_HISTORY);

/**
 * `npm run bench`: measures the floor (signature check and `JSON.parse` only), the plain @line/bot-sdk echo server and
 * our server (once per turn runner, and once more on a store preloaded with `BENCH_STORED_ACTIVITIES` transcript
 * activities) in turn, on loopback against a fake LINE API, and prints the comparison; then several instances of ours
 * on one store (a cluster); then the embedded store, the routing decisions, the change feed's latency between instances and the
 * handoff relay's latency against the bot's own round trip, the reports and a retention sweep of a backlog. Exits 0 whether or not the
 * targets are met; 1 only when the run itself broke (events lost, webhooks failed, a crash).
 */
async function main(): Promise<number> {
  const options = benchOptionsFrom(process.env);
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  log(`LINE webhook benchmark — node ${process.version}, ${availableParallelism()} CPU(s), ${process.platform} ${process.arch}`);
  log(
    `fixed rate ${options.fixedRatePerSecond}, ${options.replyRatePerSecond} and ${options.lowRatePerSecond} events/s for ${options.fixedRateSeconds} s each (open loop); saturation ${options.throughputEvents} events, ` +
      `${options.concurrency} in flight; ${options.users} users; one event per POST; each server in its own process, load and fake LINE API in this one`,
  );
  const floor = await measureServer('floor', options, log);
  const plain = await measureServer('plain', options, log);
  const oursByRunner: ServerMeasurement[] = [];
  for (const turnRunner of options.turnRunners) oursByRunner.push(await measureServer('ours', options, log, { turnRunner }));
  // The cluster section and the long history compare themselves with the first runner (inline unless asked otherwise).
  const ours = oursByRunner[0]!;
  const longHistory = options.storedActivities > 0 ? await measureServer('ours', options, log, { turnRunner: ours.turnRunner, storedActivities: options.storedActivities }) : undefined;
  const comparisons: ServerComparison[] = oursByRunner.map((measurement, index) => ({
    floor,
    plain,
    ours: measurement,
    verdict: judge(measurement, plain),
    ...(index === 0 && longHistory ? { longHistory: { ours: longHistory, verdict: judge(longHistory, plain) } } : {}),
  }));
  const serversSound = brokenReasons(floor).length === 0 && comparisons.every((each) => each.verdict.brokenBecause.length === 0 && (each.longHistory?.verdict.brokenBecause.length ?? 0) === 0);
  if (options.serversOnly) {
    for (const comparison of comparisons) {
      log('');
      log(renderReport(options, comparison));
    }
    return serversSound ? 0 : 1;
  }
  const cluster = options.clusterInstances > 1 ? await measureServer('ours', options, log, { instances: options.clusterInstances }) : undefined;
  // After both servers stopped, so the two measurements do not compete for the CPU.
  const storage = await measureStorage(DEFAULT_STORAGE_BENCH_OPTIONS, log);
  const history = await measureHistorySweep(historySizes, log);
  log('routing: decisions with 10,000 queued conversations and 1,000 agents');
  const routing = await measureRouting();
  log('change feed: 300 entries at 50/s between two store handles');
  const changeFeed = await measureChangeFeed({ entries: 300, perSecond: 50 });
  // After everything else: its server runs in this process, so no other measurement may share the CPU with it.
  const relay = await measureRelay(options, log);
  log('reply share: agents answering LINE customers 5–90 s after them (scaled 50× faster)');
  const replyShare = await measureReplyShare();
  if (options.emulatorConversations > 0) log(`memory: ${options.emulatorConversations} Emulator conversations`);
  const memory = options.emulatorConversations > 0 ? await measureEmulatorMemory(options.emulatorConversations, 30) : undefined;
  log('reports: seeding 10,000 and 100,000 handoff cycles');
  const reports = [await measureReports(10_000), await measureReports(100_000, 5, 1)];
  log('history text search: seeding 10,000 and 100,000 handoff cycles with their transcripts');
  const historyText = [await measureHistoryText(10_000), await measureHistoryText(100_000)];
  log('retention: one sweep of 20,000 old transcript activities and 10,000 old LINE inbox events');
  const retention = await measureRetention(20_000);
  for (const comparison of comparisons) {
    log('');
    log(renderReport(options, comparison));
  }
  log('');
  const clusterBroken = cluster ? brokenReasons(cluster) : [];
  if (cluster) {
    log(renderClusterReport(options, ours, cluster, plain));
    for (const reason of clusterBroken) log(`  BROKEN: ${reason}`);
    log('');
  }
  log(renderStorageReport(storage));
  log('');
  log(renderHistoryReport(history));
  log('');
  log(renderRoutingReport(routing));
  log('');
  log(renderChangeFeedReport(changeFeed));
  log('');
  log(renderRelayReport(relay));
  log('');
  log(renderReplyShareReport(replyShare));
  if (memory) {
    log('');
    log(renderEmulatorMemoryReport(memory));
  }
  log('');
  log(renderReportBench(reports));
  log('');
  log(renderRetentionReport(retention));
  log('');
  log(renderHistoryTextBench(historyText));
  return serversSound && clusterBroken.length === 0 && judgeRelay(relay).length === 0 ? 0 : 1;
}

/** The watchdog's limit for the run as asked for; a bad setting is reported by `main`, so it counts as the defaults' here. */
function watchdogMs(): number {
  const sweep = WATCHDOG_MS_PER_STORED_ACTIVITY * historySizes.reduce((sum, size) => sum + size, 0);
  try {
    const options = benchOptionsFrom(process.env);
    const servers = 2 + options.turnRunners.length + (options.storedActivities > 0 ? 1 : 0) + (options.clusterInstances > 1 ? 1 : 0);
    return (
      WATCHDOG_MS +
      WATCHDOG_MS_PER_SERVER * servers +
      WATCHDOG_MS_PER_STORED_ACTIVITY * options.storedActivities +
      WATCHDOG_MS_PER_EMULATOR_CONVERSATION * options.emulatorConversations +
      sweep
    );
  } catch {
    return WATCHDOG_MS + sweep;
  }
}

// A benchmark interrupted by hand still stops its children (they are killed on 'exit').
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
const watchdogLimitMs = watchdogMs();
const watchdog = setTimeout(() => {
  process.stderr.write(`benchmark did not finish within ${(watchdogLimitMs / 1000).toFixed(0)} s; giving up\n`);
  process.exit(1);
}, watchdogLimitMs);
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
