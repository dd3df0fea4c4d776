import { TARGETS, type BenchOptions } from './benchOptions';
import type { ServerMeasurement } from './measureServer';
import type { PhaseResult } from './phaseResult';
import type { ProcessStats } from './processStats';
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
  const name = measured.instances > 1 ? `${measured.kind} ×${measured.instances}` : measured.kind;
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

/** Judges a run of our server against the plain echo server. */
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

/**
 * Renders the comparison as plain-text tables: latencies and throughput side by side with the
 * ours/plain ratio, what the fake LINE API received, the targets with PASS/FAIL, and the verdict.
 */
export function renderReport(options: BenchOptions, ours: ServerMeasurement, plain: ServerMeasurement, verdict: BenchVerdict): string {
  const rate = `@ ${options.fixedRatePerSecond}/s`;
  const name = ours.turnRunner === 'inline' ? 'ours' : ours.turnRunner === 'roles' ? 'ours (ingest+turns)' : `ours (${ours.turnRunner})`;
  const rows: [string, number, number, 'ms' | 'rate' | 'count'][] = [
    [`webhook ack p50 ${rate} (ms)`, ours.fixedRate.ack.p50, plain.fixedRate.ack.p50, 'ms'],
    [`webhook ack p99 ${rate} (ms)`, ours.fixedRate.ack.p99, plain.fixedRate.ack.p99, 'ms'],
    [`webhook ack max ${rate} (ms)`, ours.fixedRate.ack.max, plain.fixedRate.ack.max, 'ms'],
    [`event→reply p50 ${rate} (ms)`, ours.fixedRate.reply.p50, plain.fixedRate.reply.p50, 'ms'],
    [`event→reply p99 ${rate} (ms)`, ours.fixedRate.reply.p99, plain.fixedRate.reply.p99, 'ms'],
    [`event→reply max ${rate} (ms)`, ours.fixedRate.reply.max, plain.fixedRate.reply.max, 'ms'],
    [`webhook ack p99 @ ${options.replyRatePerSecond}/s (ms)`, ours.replyRate.ack.p99, plain.replyRate.ack.p99, 'ms'],
    [`event→reply p50 @ ${options.replyRatePerSecond}/s (ms)`, ours.replyRate.reply.p50, plain.replyRate.reply.p50, 'ms'],
    [`event→reply p99 @ ${options.replyRatePerSecond}/s (ms)`, ours.replyRate.reply.p99, plain.replyRate.reply.p99, 'ms'],
    ['offered rate (events/s)', ours.fixedRate.offeredPerSecond, plain.fixedRate.offeredPerSecond, 'rate'],
    ['load generator lag p99 (ms)', ours.fixedRate.scheduleLag.p99, plain.fixedRate.scheduleLag.p99, 'ms'],
    [`throughput, ${options.concurrency} in flight (events/s)`, ours.saturation.answeredPerSecond, plain.saturation.answeredPerSecond, 'rate'],
    ['  events answered', ours.saturation.answered, plain.saturation.answered, 'count'],
    ['  webhook ack p99 (ms)', ours.saturation.ack.p99, plain.saturation.ack.p99, 'ms'],
    ['  event→reply p50 (ms)', ours.saturation.reply.p50, plain.saturation.reply.p50, 'ms'],
    ['  event→reply p99 (ms)', ours.saturation.reply.p99, plain.saturation.reply.p99, 'ms'],
    ['events sent, all phases', totalOf(ours, (r) => r.sent), totalOf(plain, (r) => r.sent), 'count'],
    ['events lost, all phases', totalOf(ours, (r) => r.lost.length), totalOf(plain, (r) => r.lost.length), 'count'],
    ['webhook errors (non-200), all phases', totalOf(ours, (r) => r.ackErrors), totalOf(plain, (r) => r.ackErrors), 'count'],
  ];
  const lines: string[] = [];
  lines.push(table(['metric', name, 'plain SDK', 'ours/plain'], rows.map(([label, a, b, unit]) => [label, format(a, unit), format(b, unit), ratio(a, b)])));
  lines.push('');
  lines.push('Where the time went: the server process, and this one (load generator + fake LINE API)');
  const processRows: [string, (m: ServerMeasurement) => string][] = [
    [`server CPU ${rate} (% of a core)`, (m) => format(m.serverStats.fixedRate.cpuPercent, 'rate')],
    [`server event-loop delay p99 / max ${rate} (ms)`, (m) => pair(m.serverStats.fixedRate.eventLoopDelayP99Ms, m.serverStats.fixedRate.eventLoopDelayMaxMs)],
    [`server GC pauses: count / max / total ${rate} (ms)`, (m) => gc(m.serverStats.fixedRate)],
    ['server CPU saturated (% of a core)', (m) => format(m.serverStats.saturation.cpuPercent, 'rate')],
    ['server event-loop delay p99 / max saturated (ms)', (m) => pair(m.serverStats.saturation.eventLoopDelayP99Ms, m.serverStats.saturation.eventLoopDelayMaxMs)],
    ['server GC pauses: count / max / total saturated (ms)', (m) => gc(m.serverStats.saturation)],
    ['server RSS at the end (MiB)', (m) => format(m.serverStats.saturation.rssMiB, 'rate')],
    ['  of which JS heap held / live / external (MiB)', (m) => `${format(m.serverStats.saturation.heapTotalMiB, 'rate')} / ${format(m.serverStats.saturation.heapUsedMiB, 'rate')} / ${format(m.serverStats.saturation.externalMiB, 'rate')}`],
    [`bench process CPU ${rate} / saturated (% of a core)`, (m) => `${format(m.harnessStats.fixedRate.cpuPercent, 'rate')} / ${format(m.harnessStats.saturation.cpuPercent, 'rate')}`],
    [`bench process event-loop delay p99 / max ${rate} (ms)`, (m) => pair(m.harnessStats.fixedRate.eventLoopDelayP99Ms, m.harnessStats.fixedRate.eventLoopDelayMaxMs)],
  ];
  lines.push(table(['process', name, 'plain SDK'], processRows.map(([label, cell]) => [label, cell(ours), cell(plain)])));
  lines.push('');
  lines.push('What the fake LINE API accepted (whole run, warm-up included)');
  const deliveryRows: [string, number, number][] = [
    ['reply requests (free)', ours.deliveries.replyRequests, plain.deliveries.replyRequests],
    ['reply messages', ours.deliveries.replyMessages, plain.deliveries.replyMessages],
    ['push requests (paid)', ours.deliveries.pushRequests, plain.deliveries.pushRequests],
    ['push messages', ours.deliveries.pushMessages, plain.deliveries.pushMessages],
    ['duplicate answers', ours.duplicates, plain.duplicates],
    ['answers after being counted lost', ours.late, plain.late],
  ];
  lines.push(table(['delivery', name, 'plain SDK'], deliveryRows.map(([label, a, b]) => [label, String(a), String(b)])));
  lines.push('');
  lines.push('Targets (reported, not enforced)');
  const throughputRatio = ours.saturation.answeredPerSecond / plain.saturation.answeredPerSecond;
  const rssRatio = ours.serverStats.saturation.rssMiB / plain.serverStats.saturation.rssMiB;
  const times = (value: number): string => `${Number.isFinite(value) ? value.toFixed(2) : 'n/a'}×`;
  const result = (met: boolean, reason: () => string): string => (met ? 'PASS' : `FAIL: ${reason()}`);
  const loopDelay = (stats: ProcessStats): string => `server event loop delayed up to ${format(stats.eventLoopDelayP99Ms, 'ms')} ms (p99)`;
  lines.push(
    table(
      ['target', 'measured', 'result'],
      [
        [
          `${name}: webhook ack p99 < ${TARGETS.ackP99Ms} ms at ${options.fixedRatePerSecond} events/s`,
          `${format(ours.fixedRate.ack.p99, 'ms')} ms`,
          result(verdict.ackTargetMet, () => loopDelay(ours.serverStats.fixedRate)),
        ],
        [
          `${name}: throughput ≥ ${TARGETS.throughputRatio}× plain echo server`,
          times(throughputRatio),
          result(verdict.throughputTargetMet, () => `server CPU ${cpuMsPerEvent(ours)} ms per event vs ${cpuMsPerEvent(plain)} ms plain`),
        ],
        [
          `${name}: event→reply p99 < ${TARGETS.replyP99Ms} ms at ${options.replyRatePerSecond} events/s`,
          `${format(ours.replyRate.reply.p99, 'ms')} ms`,
          result(verdict.replyTargetMet, () => (ours.replyRate.ack.p99 >= TARGETS.replyP99Ms ? `acks alone took ${format(ours.replyRate.ack.p99, 'ms')} ms (p99)` : 'turns queued or slow after the ack')),
        ],
        [
          `${name}: RSS after the run < ${TARGETS.rssRatio}× plain echo server`,
          `${times(rssRatio)} (${format(ours.serverStats.saturation.rssMiB, 'rate')} MiB)`,
          result(verdict.rssTargetMet, () => `bot, store and caches: ${format(ours.serverStats.saturation.rssMiB - plain.serverStats.saturation.rssMiB, 'rate')} MiB more`),
        ],
      ],
    ),
  );
  lines.push('');
  if (ours.duplicates + plain.duplicates > 0) lines.push(`WARNING: ${ours.duplicates} (ours) / ${plain.duplicates} (plain) events were answered more than once.`);
  if (verdict.brokenBecause.length === 0) {
    lines.push('Run: OK — every event was answered, every webhook POST got 200.');
  } else {
    lines.push('Run: BROKEN — the numbers above are not trustworthy:');
    for (const reason of verdict.brokenBecause) lines.push(`  - ${reason}`);
  }
  return lines.join('\n');
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

/** CPU time the server spent per event answered while saturated, in ms. */
function cpuMsPerEvent(measured: ServerMeasurement): string {
  const perEvent = (measured.serverStats.saturation.cpuPercent * 10) / measured.saturation.answeredPerSecond;
  return Number.isFinite(perEvent) ? perEvent.toFixed(2) : 'n/a';
}

function phasesOf(measured: ServerMeasurement): [string, PhaseResult][] {
  return [
    ['warm-up', measured.warmup],
    ['fixed-rate', measured.fixedRate],
    ['reply-rate', measured.replyRate],
    ['saturation', measured.saturation],
  ];
}

function totalOf(measured: ServerMeasurement, pick: (result: PhaseResult) => number): number {
  return phasesOf(measured).reduce((sum, [, result]) => sum + pick(result), 0);
}

function gc(stats: ProcessStats): string {
  return `${stats.gcCount} / ${format(stats.gcPauseMaxMs, 'ms')} / ${format(stats.gcPauseTotalMs, 'ms')}`;
}
