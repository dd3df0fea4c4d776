import { performance } from 'node:perf_hooks';
import { summarise, type LatencySummary } from './latencySummary';

/** How well an open-loop schedule was kept. */
export interface PacingResult {
  /** Sends made. */
  readonly sent: number;
  /** The rate actually offered, sends per second (`NaN` for a single send). */
  readonly offeredPerSecond: number;
  /** How late each send started against its schedule (the generator's own delay), in ms. */
  readonly lag: LatencySummary;
}

/**
 * Calls `send(index)` for `count` indexes at `ratePerSecond`, open loop: send `i` is due at `start + i / rate` whether
 * or not earlier ones were answered, so a slow server cannot slow the load down and hide its own latency. A late timer
 * tick is caught up with a small burst rather than lost. Resolves once the last send is made, not when it is answered.
 *
 * @example const { offeredPerSecond } = await paceOpenLoop(200, 50, (i) => post(i));
 */
export async function paceOpenLoop(count: number, ratePerSecond: number, send: (index: number) => void): Promise<PacingResult> {
  const intervalMs = 1000 / ratePerSecond;
  const lagMs: number[] = [];
  const start = performance.now();
  let sent = 0;
  let lastSentAt = start;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      while (sent < count) {
        const due = start + sent * intervalMs;
        const now = performance.now();
        if (due > now) break;
        lagMs.push(now - due);
        lastSentAt = now;
        send(sent);
        sent += 1;
      }
      if (sent >= count) resolve();
      else setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    tick();
  });
  const spanMs = lastSentAt - start;
  return { sent, offeredPerSecond: spanMs > 0 ? ((sent - 1) * 1000) / spanMs : NaN, lag: summarise(lagMs) };
}
