import { availableParallelism } from 'node:os';
import { benchOptionsFrom } from './benchOptions';
import { brokenReasons, judge, judgeRelay, renderRelayReport, renderReport, renderRoutingReport, renderStorageReport } from './benchReport';
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

/** Nothing in the run may take longer than this; defaults finish in well under half of it. */
const WATCHDOG_MS = 300_000;
/** More time the optional memory section may take per Emulator conversation (it sends two requests each). */
const WATCHDOG_MS_PER_EMULATOR_CONVERSATION = 100;

/** The history sizes of the sweep; each stored activity adds 2 ms to the watchdog's limit (filling takes time). */
const historySizes = historySizesFrom(process.env.BENCH_HISTORY);

/**
 * `npm run bench`: measures our server and the plain @line/bot-sdk echo server in turn, on
 * loopback against a fake LINE API, and prints the comparison; then several instances of ours on one store (a
 * cluster); then the embedded store, the routing decisions, the change feed's latency between instances and the
 * handoff relay's latency against the bot's own round trip, the reports and a retention sweep of a backlog. Exits 0 whether or not the
 * targets are met; 1 only when the run itself broke (events lost, webhooks failed, a crash).
 */
async function main(): Promise<number> {
  const options = benchOptionsFrom(process.env);
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  log(`LINE webhook benchmark — node ${process.version}, ${availableParallelism()} CPU(s), ${process.platform} ${process.arch}`);
  log(
    `fixed rate ${options.fixedRatePerSecond} events/s for ${options.fixedRateSeconds} s (open loop); saturation ${options.throughputEvents} events, ` +
      `${options.concurrency} in flight; ${options.users} users; one event per POST; each server in its own process, load and fake LINE API in this one`,
  );
  const oursByRunner: ServerMeasurement[] = [];
  for (const runner of options.turnRunners) oursByRunner.push(await measureServer('ours', options, log, 1, runner));
  const plain = await measureServer('plain', options, log);
  // The cluster section compares itself with the first (inline unless asked otherwise).
  const ours = oursByRunner[0]!;
  const verdicts = oursByRunner.map((measurement) => judge(measurement, plain));
  if (options.serversOnly) {
    for (const [index, measurement] of oursByRunner.entries()) {
      log('');
      log(renderReport(options, measurement, plain, verdicts[index]!));
    }
    return verdicts.every((each) => each.brokenBecause.length === 0) ? 0 : 1;
  }
  const cluster = options.clusterInstances > 1 ? await measureServer('ours', options, log, options.clusterInstances) : undefined;
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
  for (const [index, measurement] of oursByRunner.entries()) {
    log('');
    log(renderReport(options, measurement, plain, verdicts[index]!));
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
  return verdicts.every((each) => each.brokenBecause.length === 0) && clusterBroken.length === 0 && judgeRelay(relay).length === 0 ? 0 : 1;
}

/** The memory section's size as asked for; a bad value is reported by `main`, so it counts as none here. */
function emulatorConversationsAsked(): number {
  try {
    return benchOptionsFrom(process.env).emulatorConversations;
  } catch {
    return 0;
  }
}

// A benchmark interrupted by hand still stops its children (they are killed on 'exit').
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
const watchdog = setTimeout(() => {
  process.stderr.write(`benchmark did not finish within ${WATCHDOG_MS / 1000} s; giving up\n`);
  process.exit(1);
}, WATCHDOG_MS + WATCHDOG_MS_PER_EMULATOR_CONVERSATION * emulatorConversationsAsked() + 2 * historySizes.reduce((sum, size) => sum + size, 0));
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
