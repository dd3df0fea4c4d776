import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventSender } from './eventSender';
import { PhaseRecorder, type PhaseResult } from './phaseResult';
import type { ReplyTracker } from './replyTracker';

/** Options of {@link runSaturation}. */
export interface SaturationOptions {
  /** Events to send in all. */
  readonly events: number;
  /** Events in flight at once: posted and not yet answered at the fake LINE API (not yet acknowledged, for the floor). */
  readonly concurrency: number;
  /** No event is posted after this long. */
  readonly maxMs: number;
  /** How long to wait for the last answers after the last POST. */
  readonly drainMs: number;
}

/**
 * Closed-loop load: keeps `concurrency` events in flight end to end — a new event is posted
 * when an earlier one's answer reaches the fake LINE API — until `events` were sent or `maxMs`
 * passed. Bounding what is in flight end to end (not just unacknowledged POSTs) measures how
 * fast a server really answers rather than how fast it can queue work. For a server that sends no replies (the
 * floor, `sender.answers` is `ack`) an event is answered, and its slot freed, when its POST is acknowledged.
 *
 * @example const result = await runSaturation(sender, tracker, { events: 5000, concurrency: 64, maxMs: 15_000, drainMs: 10_000 });
 */
export async function runSaturation(sender: EventSender, tracker: ReplyTracker, options: SaturationOptions): Promise<PhaseResult> {
  const recorder = new PhaseRecorder(sender.answers);
  const start = performance.now();
  const sendUntil = start + options.maxMs;
  let inFlight = 0;
  let lastSentAt = start;

  const launch = (): void => {
    while (inFlight < options.concurrency && recorder.sent < options.events && performance.now() < sendUntil) {
      let released = false;
      // A failed POST is never answered, so its slot is given back at once (the event counts as lost).
      const release = (): void => {
        if (released) return;
        released = true;
        inFlight -= 1;
        launch();
      };
      inFlight += 1;
      recorder.sent += 1;
      lastSentAt = performance.now();
      recorder.firstSentAt ??= lastSentAt;
      sender.send({
        onAck: (ack) => {
          // Acknowledged is answered when the server sends no replies (the floor).
          if (!recorder.noteAck(ack, performance.now()) || sender.answers === 'ack') release();
        },
        onReply: (latencyMs) => {
          recorder.noteReply(latencyMs, performance.now());
          release();
        },
      });
    }
  };

  launch();
  for (;;) {
    const now = performance.now();
    const doneSending = recorder.sent >= options.events || now >= sendUntil;
    if (doneSending && (inFlight === 0 || now >= lastSentAt + options.drainMs)) break;
    await sleep(5);
  }
  return recorder.finish(tracker.takeOutstanding());
}
