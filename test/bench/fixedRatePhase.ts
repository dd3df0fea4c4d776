import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventObserver, EventSender } from './eventSender';
import { summarise, type LatencySummary } from './latencySummary';
import { PhaseRecorder, type PhaseResult } from './phaseResult';
import type { ReplyTracker } from './replyTracker';

/** A fixed-rate phase's results, with how well the load generator kept to its schedule. */
export interface FixedRateResult extends PhaseResult {
  /** The rate actually offered, events per second. */
  readonly offeredPerSecond: number;
  /** How late each POST started against its schedule (the generator's own delay), in ms. */
  readonly scheduleLag: LatencySummary;
}

/** Options of {@link runFixedRate}. */
export interface FixedRateOptions {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** How long to wait for the last answers after the last POST. */
  readonly drainMs: number;
}

/** Longer than the webhook client's own request time-out, so every ack is in by then. */
const ACK_WAIT_MS = 6_000;

/**
 * Open-loop load: event `i` is posted at `start + i / rate` whether or not earlier ones were
 * answered, as LINE does, so a slow server cannot slow the load down and hide its own latency.
 * Sends as many events as the schedule says are due at each timer tick, so a late tick is
 * caught up with a small burst rather than lost. An event counts as answered when its reply reaches the fake LINE
 * API, or at its acknowledgement for a server that sends no replies (see {@link EventSender.answers}).
 *
 * @example const result = await runFixedRate(sender, tracker, { ratePerSecond: 500, durationMs: 10_000, drainMs: 10_000 });
 */
export async function runFixedRate(sender: EventSender, tracker: ReplyTracker, options: FixedRateOptions): Promise<FixedRateResult> {
  const recorder = new PhaseRecorder(sender.answers);
  const total = Math.max(1, Math.round((options.ratePerSecond * options.durationMs) / 1000));
  const intervalMs = 1000 / options.ratePerSecond;
  const lagMs: number[] = [];
  let acked = 0;
  const observer: EventObserver = {
    onAck: (ack) => {
      acked += 1;
      recorder.noteAck(ack, performance.now());
    },
    onReply: (latencyMs) => recorder.noteReply(latencyMs, performance.now()),
  };

  const start = performance.now();
  recorder.firstSentAt = start;
  let lastSentAt = start;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      while (recorder.sent < total) {
        const due = start + recorder.sent * intervalMs;
        const now = performance.now();
        if (due > now) break;
        lagMs.push(now - due);
        lastSentAt = now;
        sender.send(observer);
        recorder.sent += 1;
      }
      if (recorder.sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + recorder.sent * intervalMs - performance.now()));
    };
    tick();
  });

  const ackDeadline = performance.now() + ACK_WAIT_MS;
  while (acked < recorder.sent && performance.now() < ackDeadline) await sleep(5);
  await tracker.settle(options.drainMs);
  const spanMs = lastSentAt - start;
  return {
    ...recorder.finish(tracker.takeOutstanding()),
    offeredPerSecond: spanMs > 0 ? ((recorder.sent - 1) * 1000) / spanMs : NaN,
    scheduleLag: summarise(lagMs),
  };
}
