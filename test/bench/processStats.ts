import { PerformanceObserver, monitorEventLoopDelay, performance, type ELDHistogram } from 'node:perf_hooks';

/** How busy a server process was over an interval: tells a slow server from a slow load generator. */
export interface ProcessStats {
  /** CPU time used over wall time, in % of one core. */
  readonly cpuPercent: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  readonly gcCount: number;
  readonly gcPauseTotalMs: number;
  readonly gcPauseMaxMs: number;
  /** Resident set size at the end of the interval, in MiB. */
  readonly rssMiB: number;
  /** Of which the JavaScript heap V8 holds (used or not), in MiB. */
  readonly heapTotalMiB: number;
  /** Live JavaScript objects at the end of the interval, in MiB (garbage included until the next collection). */
  readonly heapUsedMiB: number;
  /** Memory of C++ objects tied to JavaScript ones (buffers, SQLite's own allocations are not counted), in MiB. */
  readonly externalMiB: number;
}

/**
 * Watches the current process: event-loop delay (1 ms resolution), garbage-collection pauses
 * and CPU time, from {@link reset} to {@link read}. Cheap enough to leave on under load.
 *
 * @example
 * const monitor = new ProcessStatsMonitor();
 * monitor.reset();
 * // … load …
 * const stats = monitor.read();
 */
export class ProcessStatsMonitor {
  private readonly delay: ELDHistogram = monitorEventLoopDelay({ resolution: 1 });
  private readonly gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      this.gcCount += 1;
      this.gcTotalMs += entry.duration;
      this.gcMaxMs = Math.max(this.gcMaxMs, entry.duration);
    }
  });
  private gcCount = 0;
  private gcTotalMs = 0;
  private gcMaxMs = 0;
  private cpuStart = process.cpuUsage();
  private wallStart = performance.now();

  constructor() {
    this.delay.enable();
    this.gc.observe({ entryTypes: ['gc'] });
  }

  /** Starts a new interval. */
  reset(): void {
    this.delay.reset();
    this.gcCount = 0;
    this.gcTotalMs = 0;
    this.gcMaxMs = 0;
    this.cpuStart = process.cpuUsage();
    this.wallStart = performance.now();
  }

  /** The interval so far. */
  read(): ProcessStats {
    const cpu = process.cpuUsage(this.cpuStart);
    const wallMs = performance.now() - this.wallStart;
    const memory = process.memoryUsage();
    return {
      cpuPercent: wallMs > 0 ? ((cpu.user + cpu.system) / 1000 / wallMs) * 100 : NaN,
      eventLoopDelayP99Ms: this.delay.percentile(99) / 1e6,
      eventLoopDelayMaxMs: this.delay.max / 1e6,
      gcCount: this.gcCount,
      gcPauseTotalMs: this.gcTotalMs,
      gcPauseMaxMs: this.gcMaxMs,
      rssMiB: memory.rss / 2 ** 20,
      heapTotalMiB: memory.heapTotal / 2 ** 20,
      heapUsedMiB: memory.heapUsed / 2 ** 20,
      externalMiB: memory.external / 2 ** 20,
    };
  }

  /** Stops watching. */
  stop(): void {
    this.delay.disable();
    this.gc.disconnect();
  }
}

const STAT_KEYS: readonly (keyof ProcessStats)[] = ['cpuPercent', 'eventLoopDelayP99Ms', 'eventLoopDelayMaxMs', 'gcCount', 'gcPauseTotalMs', 'gcPauseMaxMs', 'rssMiB', 'heapTotalMiB', 'heapUsedMiB', 'externalMiB'];

/** Whether `value` (parsed JSON from a child process) is a {@link ProcessStats}. */
export function isProcessStats(value: unknown): value is ProcessStats {
  if (typeof value !== 'object' || value === null) return false;
  const record: Record<string, unknown> = { ...value };
  return STAT_KEYS.every((key) => typeof record[key] === 'number');
}

/**
 * The stats of several processes as one: CPU, GC and memory add up; event-loop delays are the worst of them.
 *
 * @example combineProcessStats(await Promise.all(servers.map((server) => server.readStats())));
 */
export function combineProcessStats(stats: readonly ProcessStats[]): ProcessStats {
  const sum = (pick: (one: ProcessStats) => number): number => stats.reduce((total, one) => total + pick(one), 0);
  const worst = (pick: (one: ProcessStats) => number): number => Math.max(...stats.map(pick));
  return {
    cpuPercent: sum((one) => one.cpuPercent),
    eventLoopDelayP99Ms: worst((one) => one.eventLoopDelayP99Ms),
    eventLoopDelayMaxMs: worst((one) => one.eventLoopDelayMaxMs),
    gcCount: sum((one) => one.gcCount),
    gcPauseTotalMs: sum((one) => one.gcPauseTotalMs),
    gcPauseMaxMs: worst((one) => one.gcPauseMaxMs),
    rssMiB: sum((one) => one.rssMiB),
    heapTotalMiB: sum((one) => one.heapTotalMiB),
    heapUsedMiB: sum((one) => one.heapUsedMiB),
    externalMiB: sum((one) => one.externalMiB),
  };
}
