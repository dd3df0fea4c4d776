import type { BenchOptions } from './benchOptions';
import type { ServerMeasurement } from './measureServer';
import { totalOf } from './measurementFigures';
import { format, pair, ratio, table } from './reportFormat';

/**
 * Renders the cluster section: several instances of our server on one store, each event posted to the next instance
 * in turn, beside one instance and the plain echo server of the same run.
 *
 * @example log(renderClusterReport(options, ours, cluster, plain));
 */
export function renderClusterReport(options: BenchOptions, single: ServerMeasurement, cluster: ServerMeasurement, plain: ServerMeasurement): string {
  const rate = `@ ${options.fixedRatePerSecond}/s`;
  const columns: readonly ServerMeasurement[] = [single, cluster, plain];
  const rows: [string, (m: ServerMeasurement) => string][] = [
    [`throughput, ${options.concurrency} in flight (events/s)`, (m) => format(m.saturation.answeredPerSecond, 'rate')],
    [`webhook ack p50 / p99 ${rate} (ms)`, (m) => pair(m.fixedRate.ack.p50, m.fixedRate.ack.p99)],
    [`event→reply p50 / p99 ${rate} (ms)`, (m) => pair(m.fixedRate.reply.p50, m.fixedRate.reply.p99)],
    ['saturated: event→reply p50 / p99 (ms)', (m) => pair(m.saturation.reply.p50, m.saturation.reply.p99)],
    [`server CPU ${rate}, all instances (% of a core)`, (m) => format(m.serverStats.fixedRate.cpuPercent, 'rate')],
    ['server RSS at the end, all instances (MiB)', (m) => format(m.serverStats.saturation.rssMiB, 'rate')],
    ['reply / push requests (whole run)', (m) => `${m.deliveries.replyRequests} / ${m.deliveries.pushRequests}`],
    ['duplicate answers', (m) => String(m.duplicates)],
    ['events lost, all phases', (m) => String(totalOf(m, (result) => result.lost.length))],
  ];
  const throughputRatio = ratio(cluster.saturation.answeredPerSecond, single.saturation.answeredPerSecond);
  return [
    `Cluster: ${cluster.instances} instances of ours on one embedded store, each event posted to the next instance in turn`,
    table(
      ['metric', 'ours ×1', `ours ×${cluster.instances}`, 'plain SDK'],
      rows.map(([label, cell]) => [label, ...columns.map(cell)]),
    ),
    `Cluster throughput vs one instance: ${throughputRatio || 'n/a'} (all instances and the load generator share this machine's CPUs).`,
  ].join('\n');
}
