/** The knobs of one benchmark run. */
export interface BenchOptions {
  /** Length of the fixed-rate phase, in seconds (`BENCH_SECONDS`, default 10). */
  readonly fixedRateSeconds: number;
  /** Offered rate of the fixed-rate phase, in events per second (`BENCH_RATE`, default 500). */
  readonly fixedRatePerSecond: number;
  /** Offered rate of the reply-latency phase (as long as the fixed-rate one), in events per second (`BENCH_REPLY_RATE`, default 200). */
  readonly replyRatePerSecond: number;
  /** Offered rate of the low-rate phase (as long as the fixed-rate one), in events per second (`BENCH_LOW_RATE`, default 100). */
  readonly lowRatePerSecond: number;
  /** Events of the saturation phase (`BENCH_THROUGHPUT_EVENTS`, default 5000). */
  readonly throughputEvents: number;
  /** Upper bound of the saturation phase's duration, in seconds; it stops early when reached. */
  readonly throughputMaxSeconds: number;
  /**
   * Events in flight (posted, reply not yet seen; for the floor, which sends no replies: not yet acknowledged) during
   * the saturation phase (`BENCH_CONCURRENCY`, default 64).
   */
  readonly concurrency: number;
  /** Distinct LINE users the events come from, so that conversations run concurrently. */
  readonly users: number;
  /** Events sent before measuring, to warm up JIT, connections and the profile cache. */
  readonly warmupEvents: number;
  /** How long to wait after a phase for the replies still on their way before counting them lost. */
  readonly drainMs: number;
  /** Handed-off customers of the relay section, and messages per relay path (`BENCH_RELAY_MESSAGES`, default 200). */
  readonly relayMessages: number;
  /** Offered rate of each relay path, in messages per second (`BENCH_RELAY_RATE`, default 50). */
  readonly relayRatePerSecond: number;
  /** Anonymous Emulator conversations of the optional memory section (`BENCH_EMULATOR_CONVERSATIONS`; 0, the default, skips it). */
  readonly emulatorConversations: number;
  /** Instances of the cluster section, sharing one store (`BENCH_CLUSTER_INSTANCES`, default 3; 0 or 1 skips it). */
  readonly clusterInstances: number;
  /**
   * Where our server runs LINE turns, each measured in turn (`BENCH_TURN_RUNNERS`, default `inline,thread,roles`):
   * `inline` and `thread` are one process with that `LINE_TURN_RUNNER`; `roles` is an ingest-only process
   * (`LINE_TURN_RUNNER=off`) that receives every webhook beside one turn process on the same store.
   */
  readonly turnRunners: readonly BenchTurnRunner[];
  /** Only the single-server comparison, none of the sections after it (`BENCH_SERVERS_ONLY=1`; for repeated runs). */
  readonly serversOnly: boolean;
  /**
   * Transcript activities preloaded into the store of a second run of our server (first turn runner) through every
   * phase, spread over 1,000 conversations (`BENCH_STORED_ACTIVITIES`, default 500,000; 0 skips that run).
   */
  readonly storedActivities: number;
}

/** How the measured server runs LINE turns (see {@link BenchOptions.turnRunners}). */
export type BenchTurnRunner = 'inline' | 'thread' | 'roles';

/** Targets the run reports PASS/FAIL against. */
export const TARGETS = Object.freeze({
  /** Webhook ack p99 at the fixed rate, in ms. */
  ackP99Ms: 20,
  /** Our end-to-end throughput relative to the plain echo server. */
  throughputRatio: 0.7,
  /** Event→reply p99 at the reply-latency phase's rate, in ms. */
  replyP99Ms: 100,
  /** Our server's RSS after the run relative to the plain echo server's. */
  rssRatio: 1.5,
});

/**
 * Reads the benchmark's options from `BENCH_*` variables, falling back to the defaults, and
 * refuses values that would make the run unbounded or meaningless.
 *
 * @example const options = benchOptionsFrom(process.env);
 */
export function benchOptionsFrom(environment: NodeJS.ProcessEnv): BenchOptions {
  return Object.freeze({
    fixedRateSeconds: numberIn(environment, 'BENCH_SECONDS', 10, 1, 60),
    fixedRatePerSecond: numberIn(environment, 'BENCH_RATE', 500, 1, 5_000),
    replyRatePerSecond: numberIn(environment, 'BENCH_REPLY_RATE', 200, 1, 5_000),
    lowRatePerSecond: numberIn(environment, 'BENCH_LOW_RATE', 100, 1, 5_000),
    throughputEvents: numberIn(environment, 'BENCH_THROUGHPUT_EVENTS', 5_000, 100, 50_000),
    throughputMaxSeconds: 15,
    concurrency: numberIn(environment, 'BENCH_CONCURRENCY', 64, 1, 1_024),
    users: 200,
    warmupEvents: 600,
    drainMs: 10_000,
    relayMessages: numberIn(environment, 'BENCH_RELAY_MESSAGES', 200, 10, 1_000),
    relayRatePerSecond: numberIn(environment, 'BENCH_RELAY_RATE', 50, 1, 500),
    emulatorConversations: numberIn(environment, 'BENCH_EMULATOR_CONVERSATIONS', 0, 0, 20_000),
    clusterInstances: numberIn(environment, 'BENCH_CLUSTER_INSTANCES', 3, 0, 4),
    turnRunners: turnRunnersIn(environment.BENCH_TURN_RUNNERS),
    serversOnly: environment.BENCH_SERVERS_ONLY === '1',
    storedActivities: wholeNumberIn(environment, 'BENCH_STORED_ACTIVITIES', 500_000, 0, 2_000_000),
  });
}

function numberIn(environment: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = environment[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}, got '${raw}'`);
  return value;
}

function wholeNumberIn(environment: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = numberIn(environment, name, fallback, min, max);
  if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number, got '${environment[name] ?? ''}'`);
  return value;
}

function turnRunnersIn(raw: string | undefined): BenchTurnRunner[] {
  if (raw === undefined || raw.trim() === '') return ['inline', 'thread', 'roles'];
  const runners = raw.split(',').map((part) => part.trim());
  if (runners.some((runner) => runner !== 'inline' && runner !== 'thread' && runner !== 'roles')) throw new Error(`BENCH_TURN_RUNNERS must list inline, thread and/or roles, got '${raw}'`);
  return [...new Set(runners)] as BenchTurnRunner[];
}
