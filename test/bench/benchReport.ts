import { TARGETS } from './benchOptions';
import type { ServerMeasurement } from './measureServer';
import { phasesOf, serverName } from './measurementFigures';
import type { StorageMeasurement } from './storageBench';
import type { RoutingBenchResult } from './routingBench';
import type { RelayMeasurement, RelayPathResult } from './relayBench';
import { format, pair, ratio, table } from './reportFormat';

/** The verdict of a run: its targets (reported only) and whether the run itself broke. */
export interface BenchVerdict {
  readonly ackTargetMet: boolean;
  readonly throughputTargetMet: boolean;
  readonly replyTargetMet: boolean;
  readonly rssTargetMet: boolean;
  /** Why the numbers cannot be trusted (lost events, failed webhooks, a crash); empty when sound. */
  readonly brokenBecause: readonly string[];
}

/** Why one server's figures cannot be trusted (lost events, failed webhooks, a crash); empty when sound. */
export function brokenReasons(measured: ServerMeasurement): string[] {
  const name = serverName(measured);
  const brokenBecause: string[] = [];
  for (const [phase, result] of phasesOf(measured)) {
    if (result.lost.length > 0) brokenBecause.push(`${name}: ${result.lost.length} event(s) never answered in the ${phase} phase (e.g. bench-${result.lost.slice(0, 5).join(', bench-')})`);
    if (result.ackErrors > 0) {
      const reasons = Object.entries(result.ackErrorReasons).map(([reason, count]) => `${reason} ×${count}`).join(', ');
      brokenBecause.push(`${name}: ${result.ackErrors} webhook POST(s) not answered 200 in the ${phase} phase (${reasons})`);
    }
  }
  if (measured.crashed) brokenBecause.push(`${name}: a server process died during the run`);
  if (measured.unexpected > 0) brokenBecause.push(`${name}: ${measured.unexpected} answer(s) to events never sent`);
  return brokenBecause;
}

/** Judges a run of our server (on an empty or a long history) against the plain echo server. */
export function judge(ours: ServerMeasurement, plain: ServerMeasurement): BenchVerdict {
  const brokenBecause = [...brokenReasons(ours), ...brokenReasons(plain)];
  return {
    ackTargetMet: ours.fixedRate.ack.p99 < TARGETS.ackP99Ms,
    throughputTargetMet: ours.saturation.answeredPerSecond >= TARGETS.throughputRatio * plain.saturation.answeredPerSecond,
    replyTargetMet: ours.replyRate.reply.p99 < TARGETS.replyP99Ms,
    rssTargetMet: ours.serverStats.saturation.rssMiB < TARGETS.rssRatio * plain.serverStats.saturation.rssMiB,
    brokenBecause,
  };
}

/** Renders the storage section: transcript writes/s and inbox admission latency on the embedded store, with counts. */
export function renderStorageReport(storage: StorageMeasurement): string {
  const { transcript, inbox } = storage;
  const cut = (cutShort: boolean): string => (cutShort ? ' (time limit reached)' : '');
  return [
    `Storage (${storage.store} store, temporary DATA_DIR, in this process)`,
    table(
      ['metric', 'measured', 'operations'],
      [
        [
          `transcript writes (logActivity), ${transcript.conversations} conversations concurrently (writes/s)`,
          format(transcript.perSecond, 'rate'),
          `${transcript.activities} in ${transcript.seconds.toFixed(1)} s${cut(transcript.cutShort)}`,
        ],
        ['  logActivity latency p50 / p99 / max (ms)', `${pair(transcript.latency.p50, transcript.latency.p99)} / ${format(transcript.latency.max, 'ms')}`, String(transcript.latency.count)],
        ['  store CPU per logged activity (ms)', transcript.cpuMsPerActivity.toFixed(3), String(transcript.activities)],
        ['inbox admit, one-event batch, sequential: p50 (ms)', format(inbox.latency.p50, 'ms'), `${inbox.admits} in ${inbox.seconds.toFixed(1)} s${cut(inbox.cutShort)}`],
        ['  inbox admit p99 / max (ms)', pair(inbox.latency.p99, inbox.latency.max), String(inbox.latency.count)],
      ],
    ),
  ].join('\n');
}

/** The routing engine's decision times with 10,000 queued conversations and 1,000 agents, against the 5 ms target. */
export function renderRoutingReport(routing: RoutingBenchResult): string {
  const worst = Math.max(routing.routeP99Ms + routing.selectP99Ms, routing.nextP99Ms);
  return [
    `Routing decisions (10,000 queued conversations, 1,000 agents, 20 queues, 40 rules; ${routing.samples} samples each)`,
    table(
      ['decision', 'p50 (ms)', 'p99 (ms)'],
      [
        ['route a conversation (rules → queue)', format(routing.routeP50Ms, 'ms'), format(routing.routeP99Ms, 'ms')],
        ['choose an agent (push assignment)', format(routing.selectP50Ms, 'ms'), format(routing.selectP99Ms, 'ms')],
        ['next conversation for an agent (pick / freed capacity)', format(routing.nextP50Ms, 'ms'), format(routing.nextP99Ms, 'ms')],
      ],
    ),
    `target: routing decision p99 < 5 ms — ${worst < 5 ? 'PASS' : 'FAIL'} (worst p99 ${format(worst, 'ms')} ms)`,
  ].join('\n');
}

/** Why the relay section's figures cannot be trusted (messages lost or refused); empty when sound. */
export function judgeRelay(relay: RelayMeasurement): string[] {
  const brokenBecause: string[] = [];
  for (const [path, result] of relayPaths(relay)) {
    const { lost, failed, failureReasons } = result.arrivals;
    if (lost.length > 0) brokenBecause.push(`relay ${path}: ${lost.length} message(s) never arrived (e.g. ${lost.slice(0, 3).join(', ')})`);
    if (failed > 0) brokenBecause.push(`relay ${path}: ${failed} message(s) refused (${Object.entries(failureReasons).map(([reason, count]) => `${reason} ×${count}`).join(', ')})`);
  }
  return brokenBecause;
}

/**
 * The handoff relay section: latency of each relay direction and of the bot's own answer (the baseline) measured in
 * the same run, with the relay/baseline ratios. Says that this section ran in-process, unlike the server comparison.
 */
export function renderRelayReport(relay: RelayMeasurement): string {
  const rows = relayPaths(relay).map(([path, result]) => {
    const { latency, lost, failed } = result.arrivals;
    return [
      path,
      String(latency.count),
      format(latency.p50, 'ms'),
      format(latency.p99, 'ms'),
      format(latency.max, 'ms'),
      format(result.pacing.offeredPerSecond, 'rate'),
      format(result.pacing.lag.p99, 'ms'),
      String(lost.length),
      String(failed),
    ];
  });
  const baseline = relay.baseline.arrivals.latency;
  const ratios: [string, RelayPathResult][] = [
    ['customer → agent / baseline', relay.customerToAgent],
    ['agent → customer / baseline', relay.agentToCustomer],
  ];
  const problems = judgeRelay(relay);
  return [
    'Handoff relay latency (server, fake LINE API and load generator all in THIS process, unlike the child-process comparison above; embedded store in a temporary DATA_DIR)',
    `${relay.customers} Japanese customers handed off to ${relay.agents} agents (capacity ${relay.capacityPerAgent} each, push queue 'bench'; setup ${relay.setupSeconds.toFixed(1)} s); ` +
      `baseline: ${relay.customers} other customers only the bot serves. One message per customer per path, at ${relay.ratePerSecond} messages/s (open loop), ` +
      `paths one after another, after an unmeasured warm-up round at ${relay.warmupRatePerSecond}/s`,
    table(
      ['path (from the request starting to arrival)', 'count', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'offered/s', 'lag p99 (ms)', 'lost', 'failed'],
      rows,
    ),
    '',
    table(
      ['relay vs bot round trip', 'p50', 'p99'],
      ratios.map(([label, result]) => [label, ratio(result.arrivals.latency.p50, baseline.p50), ratio(result.arrivals.latency.p99, baseline.p99)]),
    ),
    problems.length === 0 ? 'Relay: OK — every message arrived.' : ['Relay: BROKEN — the figures above are not trustworthy:', ...problems.map((problem) => `  - ${problem}`)].join('\n'),
  ].join('\n');
}

function relayPaths(relay: RelayMeasurement): [string, RelayPathResult][] {
  return [
    ["baseline: customer 'cmd:menu' webhook → bot reply at fake LINE API", relay.baseline],
    ["customer → agent: webhook POST → 'message' on agent's SSE stream", relay.customerToAgent],
    ['agent → customer: POST …/messages → reply or push at fake LINE API', relay.agentToCustomer],
  ];
}
