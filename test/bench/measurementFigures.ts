import type { ServerMeasurement } from './measureServer';
import type { PhaseResult } from './phaseResult';

/**
 * A measured server's name in reports and verdicts: its kind, with the cluster size, the turn runner and the stored
 * history when they are not the defaults.
 *
 * @example serverName(ours); // 'ours (thread)', 'ours ×3', 'ours, 500000 stored activities', 'floor'
 */
export function serverName(measured: ServerMeasurement): string {
  const runner = measured.turnRunner === 'inline' ? '' : measured.turnRunner === 'roles' ? ' (ingest+turns)' : ` (${measured.turnRunner})`;
  const instances = measured.instances > 1 && measured.turnRunner !== 'roles' ? ` ×${measured.instances}` : '';
  const stored = measured.storedActivities > 0 ? `, ${measured.storedActivities} stored activities` : '';
  return `${measured.kind}${instances}${runner}${stored}`;
}

/**
 * Each measured phase of a server, named, in the order they ran.
 *
 * @example for (const [phase, result] of phasesOf(ours)) console.log(phase, result.lost.length);
 */
export function phasesOf(measured: ServerMeasurement): [string, PhaseResult][] {
  return [
    ['warm-up', measured.warmup],
    ['fixed-rate', measured.fixedRate],
    ['reply-rate', measured.replyRate],
    ['low-rate', measured.lowRate],
    ['saturation', measured.saturation],
  ];
}

/**
 * A figure added up over every phase of a server.
 *
 * @example totalOf(ours, (result) => result.lost.length);
 */
export function totalOf(measured: ServerMeasurement, pick: (result: PhaseResult) => number): number {
  return phasesOf(measured).reduce((sum, [, result]) => sum + pick(result), 0);
}

/**
 * CPU time the server spent per event answered while saturated, in ms (NaN when nothing was answered).
 *
 * @example cpuMsPerEventSaturated(plain); // 0.41
 */
export function cpuMsPerEventSaturated(measured: ServerMeasurement): number {
  return (measured.serverStats.saturation.cpuPercent * 10) / measured.saturation.answeredPerSecond;
}

/**
 * CPU time the server spent per event offered during the fixed-rate phase, in ms (NaN when the rate is unknown).
 *
 * @example cpuMsPerEventAtFixedRate(ours); // 1.8
 */
export function cpuMsPerEventAtFixedRate(measured: ServerMeasurement): number {
  return (measured.serverStats.fixedRate.cpuPercent * 10) / measured.fixedRate.offeredPerSecond;
}
