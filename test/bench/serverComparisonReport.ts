import { TARGETS, type BenchOptions } from './benchOptions';
import { brokenReasons, type BenchVerdict } from './benchReport';
import type { FixedRateResult } from './fixedRatePhase';
import type { ServerMeasurement } from './measureServer';
import { cpuMsPerEventAtFixedRate, cpuMsPerEventSaturated, serverName, totalOf } from './measurementFigures';
import type { ProcessStats } from './processStats';
import { answersOf } from './serverKind';
import { format, pair, ratio, table } from './reportFormat';

/** What the single-server comparison shows: the servers measured in one run, and ours judged against plain. */
export interface ServerComparison {
  /** The floor (signature check and `JSON.parse` only), when measured. */
  readonly floor?: ServerMeasurement;
  readonly plain: ServerMeasurement;
  readonly ours: ServerMeasurement;
  readonly verdict: BenchVerdict;
  /** Ours again, on a store preloaded with a long transcript history, judged against the same plain run. */
  readonly longHistory?: { readonly ours: ServerMeasurement; readonly verdict: BenchVerdict };
}

/** Shown in a cell that has no meaning for its server, such as the floor's event→reply latency (it sends no replies). */
export const NOT_APPLICABLE = '—';

type Unit = 'ms' | 'rate' | 'count';
/** A row of the main table: a figure of every server; `reply` rows mean nothing for a server that sends no replies. */
type Row = readonly [label: string, pick: (m: ServerMeasurement) => number, unit: Unit, answer?: 'reply'];

/**
 * Renders the single-server comparison as plain-text tables: every figure of the floor, the plain echo server, ours
 * (and ours on a long history) side by side with the ratios to plain, where the time went in each process, what the
 * fake LINE API received, the targets with PASS/FAIL (for ours, and again for ours on the long history), and whether
 * the run itself is sound. The floor's event→reply cells show {@link NOT_APPLICABLE}.
 *
 * @example log(renderReport(options, { floor, plain, ours, verdict: judge(ours, plain) }));
 */
export function renderReport(options: BenchOptions, comparison: ServerComparison): string {
  const { floor, plain, ours, longHistory } = comparison;
  const columns = [...(floor ? [floor] : []), plain, ours, ...(longHistory ? [longHistory.ours] : [])];
  const titleOf = (m: ServerMeasurement): string => (m.kind === 'plain' ? 'plain SDK' : m.kind === 'floor' ? 'floor' : m === longHistory?.ours ? `${serverName(ours)}, ${m.storedActivities} stored` : serverName(m));
  const cell = (m: ServerMeasurement, [, pick, unit, answer]: Row): string => (answer === 'reply' && answersOf(m.kind) === 'ack' ? NOT_APPLICABLE : format(pick(m), unit));
  const oursColumns = [ours, ...(longHistory ? [longHistory.ours] : [])];
  const header = [
    'metric',
    ...columns.map(titleOf),
    ...oursColumns.map((m) => `${m === ours ? 'ours' : `${m.storedActivities} stored`}/plain`),
  ];
  const lines: string[] = [];
  lines.push(table(header, mainRows(options).map((row) => [row[0], ...columns.map((m) => cell(m, row)), ...oursColumns.map((m) => ratio(row[1](m), row[1](plain)))])));
  if (floor) lines.push(`floor: node:http + signature check + JSON.parse + 200, no reply; its throughput counts acknowledged events (${options.concurrency} posted, not yet acknowledged).`);
  if (longHistory) {
    const { storedActivities, preloadSeconds } = longHistory.ours;
    lines.push(`${titleOf(longHistory.ours)}: the store held ${storedActivities} transcript activities over 1,000 conversations (the load's users among them), preloaded in ${preloadSeconds.toFixed(1)} s (${format(storedActivities / preloadSeconds, 'rate')} activities/s).`);
  }
  lines.push('');
  lines.push('Where the time went: the server process, and this one (load generator + fake LINE API)');
  const rate = `@ ${options.fixedRatePerSecond}/s`;
  const processRows: [string, (m: ServerMeasurement) => string][] = [
    [`server CPU ${rate} (% of a core)`, (m) => format(m.serverStats.fixedRate.cpuPercent, 'rate')],
    [`server event-loop delay p99 / max ${rate} (ms)`, (m) => pair(m.serverStats.fixedRate.eventLoopDelayP99Ms, m.serverStats.fixedRate.eventLoopDelayMaxMs)],
    [`server GC pauses: count / max / total ${rate} (ms)`, (m) => gc(m.serverStats.fixedRate)],
    ['server CPU saturated (% of a core)', (m) => format(m.serverStats.saturation.cpuPercent, 'rate')],
    ['server event-loop delay p99 / max saturated (ms)', (m) => pair(m.serverStats.saturation.eventLoopDelayP99Ms, m.serverStats.saturation.eventLoopDelayMaxMs)],
    ['server GC pauses: count / max / total saturated (ms)', (m) => gc(m.serverStats.saturation)],
    ['  of which JS heap held / live / external at the end (MiB)', (m) => `${format(m.serverStats.saturation.heapTotalMiB, 'rate')} / ${format(m.serverStats.saturation.heapUsedMiB, 'rate')} / ${format(m.serverStats.saturation.externalMiB, 'rate')}`],
    [`bench process CPU ${rate} / saturated (% of a core)`, (m) => `${format(m.harnessStats.fixedRate.cpuPercent, 'rate')} / ${format(m.harnessStats.saturation.cpuPercent, 'rate')}`],
    [`bench process event-loop delay p99 / max ${rate} (ms)`, (m) => pair(m.harnessStats.fixedRate.eventLoopDelayP99Ms, m.harnessStats.fixedRate.eventLoopDelayMaxMs)],
  ];
  lines.push(table(['process', ...columns.map(titleOf)], processRows.map(([label, figure]) => [label, ...columns.map(figure)])));
  lines.push('');
  lines.push('What the fake LINE API accepted (whole run, warm-up included)');
  const deliveryRows: [string, (m: ServerMeasurement) => number][] = [
    ['reply requests (free)', (m) => m.deliveries.replyRequests],
    ['reply messages', (m) => m.deliveries.replyMessages],
    ['push requests (paid)', (m) => m.deliveries.pushRequests],
    ['push messages', (m) => m.deliveries.pushMessages],
    ['duplicate answers', (m) => m.duplicates],
    ['answers after being counted lost', (m) => m.late],
  ];
  lines.push(table(['delivery', ...columns.map(titleOf)], deliveryRows.map(([label, count]) => [label, ...columns.map((m) => String(count(m)))])));
  lines.push('');
  lines.push('Targets (reported, not enforced)');
  const targetRows = [...targetLines(options, ours, plain, comparison.verdict), ...(longHistory ? targetLines(options, longHistory.ours, plain, longHistory.verdict) : [])];
  lines.push(table(['target', 'measured', 'result'], targetRows));
  lines.push('');
  const duplicates = columns.filter((m) => m.duplicates > 0);
  if (duplicates.length > 0) lines.push(`WARNING: events answered more than once: ${duplicates.map((m) => `${m.duplicates} (${titleOf(m)})`).join(', ')}.`);
  const brokenBecause = [...new Set(columns.flatMap((m) => brokenReasons(m)))];
  if (brokenBecause.length === 0) {
    lines.push('Run: OK — every event was answered, every webhook POST got 200.');
  } else {
    lines.push('Run: BROKEN — the numbers above are not trustworthy:');
    for (const reason of brokenBecause) lines.push(`  - ${reason}`);
  }
  return lines.join('\n');
}

function mainRows(options: BenchOptions): Row[] {
  const at = (rate: number): string => `@ ${rate}/s`;
  const latencyRows = (rate: number, phase: (m: ServerMeasurement) => FixedRateResult, withMax: boolean): Row[] => [
    [`webhook ack p50 ${at(rate)} (ms)`, (m) => phase(m).ack.p50, 'ms'],
    [`webhook ack p99 ${at(rate)} (ms)`, (m) => phase(m).ack.p99, 'ms'],
    ...(withMax ? [[`webhook ack max ${at(rate)} (ms)`, (m: ServerMeasurement) => phase(m).ack.max, 'ms'] as const] : []),
    [`event→reply p50 ${at(rate)} (ms)`, (m) => phase(m).reply.p50, 'ms', 'reply'],
    [`event→reply p99 ${at(rate)} (ms)`, (m) => phase(m).reply.p99, 'ms', 'reply'],
    ...(withMax ? [[`event→reply max ${at(rate)} (ms)`, (m: ServerMeasurement) => phase(m).reply.max, 'ms', 'reply'] as const] : []),
  ];
  return [
    ...latencyRows(options.fixedRatePerSecond, (m) => m.fixedRate, true),
    ['  offered rate (events/s)', (m) => m.fixedRate.offeredPerSecond, 'rate'],
    ['  load generator lag p99 (ms)', (m) => m.fixedRate.scheduleLag.p99, 'ms'],
    ['  server CPU per event (ms)', cpuMsPerEventAtFixedRate, 'ms'],
    ...latencyRows(options.replyRatePerSecond, (m) => m.replyRate, false),
    ...latencyRows(options.lowRatePerSecond, (m) => m.lowRate, false),
    [`throughput, ${options.concurrency} in flight (events/s answered; floor: acknowledged)`, (m) => m.saturation.answeredPerSecond, 'rate'],
    ['  events answered', (m) => m.saturation.answered, 'count'],
    ['  webhook ack p99 (ms)', (m) => m.saturation.ack.p99, 'ms'],
    ['  event→reply p50 (ms)', (m) => m.saturation.reply.p50, 'ms', 'reply'],
    ['  event→reply p99 (ms)', (m) => m.saturation.reply.p99, 'ms', 'reply'],
    ['  server CPU per event (ms)', cpuMsPerEventSaturated, 'ms'],
    ['server RSS at the end (MiB)', (m) => m.serverStats.saturation.rssMiB, 'rate'],
    ['events sent, all phases', (m) => totalOf(m, (r) => r.sent), 'count'],
    ['events lost, all phases', (m) => totalOf(m, (r) => r.lost.length), 'count'],
    ['webhook errors (non-200), all phases', (m) => totalOf(m, (r) => r.ackErrors), 'count'],
  ];
}

/** The PASS/FAIL lines of one run of ours against the plain echo server. */
function targetLines(options: BenchOptions, ours: ServerMeasurement, plain: ServerMeasurement, verdict: BenchVerdict): string[][] {
  const name = serverName(ours);
  const throughputRatio = ours.saturation.answeredPerSecond / plain.saturation.answeredPerSecond;
  const rssRatio = ours.serverStats.saturation.rssMiB / plain.serverStats.saturation.rssMiB;
  const times = (value: number): string => `${Number.isFinite(value) ? value.toFixed(2) : 'n/a'}×`;
  const result = (met: boolean, reason: () => string): string => (met ? 'PASS' : `FAIL: ${reason()}`);
  const loopDelay = (stats: ProcessStats): string => `server event loop delayed up to ${format(stats.eventLoopDelayP99Ms, 'ms')} ms (p99)`;
  const perEvent = (m: ServerMeasurement): string => format(cpuMsPerEventSaturated(m), 'ms');
  return [
    [`${name}: webhook ack p99 < ${TARGETS.ackP99Ms} ms at ${options.fixedRatePerSecond} events/s`, `${format(ours.fixedRate.ack.p99, 'ms')} ms`, result(verdict.ackTargetMet, () => loopDelay(ours.serverStats.fixedRate))],
    [`${name}: throughput ≥ ${TARGETS.throughputRatio}× plain echo server`, times(throughputRatio), result(verdict.throughputTargetMet, () => `server CPU ${perEvent(ours)} ms per event vs ${perEvent(plain)} ms plain`)],
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
  ];
}

function gc(stats: ProcessStats): string {
  return `${stats.gcCount} / ${format(stats.gcPauseMaxMs, 'ms')} / ${format(stats.gcPauseTotalMs, 'ms')}`;
}
