import type { Logger } from 'pino';
import type { LeaderLease } from '../storage/leaderLease';

/** Options of {@link startLeaderSweep}. */
export interface LeaderSweepOptions {
  /** The cluster-wide lease (e.g. named `sweep`) whose holder sweeps. */
  readonly lease: LeaderLease;
  /** One pass of the sweep. */
  readonly sweep: () => Promise<void>;
  readonly intervalMs: number;
  readonly logger: Logger;
}

/** A running {@link startLeaderSweep}. */
export interface LeaderSweep {
  /** Runs one round now (take or renew the lease, then sweep when held); what the timer does. */
  tick(): Promise<void>;
  /** Stops the timer, waits for the running round and releases the lease. */
  stop(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs` on the one instance holding `lease`: each round first takes or renews the lease,
 * and the instances that do not hold it skip the round. When the holder stops (or dies and its lease expires),
 * another instance takes over at its next round. Rounds never overlap within a process.
 *
 * @example
 * ```ts
 * const sweeper = startLeaderSweep({ lease, sweep: () => handoff.sweep(), intervalMs: 1000, logger });
 * await sweeper.stop(); // at shutdown
 * ```
 */
export function startLeaderSweep(options: LeaderSweepOptions): LeaderSweep {
  const { lease, logger } = options;
  let running: Promise<void> | undefined;
  let leading = false;
  const round = async (): Promise<void> => {
    let held: boolean;
    try {
      held = await lease.tryAcquire();
    } catch (error) {
      // Without a store there is nothing to sweep; the lease expires on its own if this lasts.
      logger.error({ err: error }, 'could not take or renew the sweep lease');
      return;
    }
    if (held !== leading) logger.info({ owner: lease.owner }, held ? 'this instance now runs the handoff sweep' : 'another instance runs the handoff sweep');
    leading = held;
    if (held) await options.sweep().catch((error: unknown) => logger.error({ err: error }, 'handoff sweep failed'));
  };
  const tick = (): Promise<void> => {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
      await lease.release().catch((error: unknown) => logger.warn({ err: error }, 'could not release the sweep lease; another instance takes over when it expires'));
    },
  };
}
