import { performance } from 'node:perf_hooks';
import type { BenchEventFactory } from './benchEvents';
import type { ReplyTracker } from './replyTracker';
import type { ServerAnswer } from './serverKind';
import type { WebhookPoster } from './roundRobinWebhookClient';
import type { AckResult } from './webhookClient';

/** Callbacks for the two moments of one event's life the benchmark measures. */
export interface EventObserver {
  /** The webhook answered (or failed: status 0). */
  readonly onAck: (ack: AckResult) => void;
  /** The event's answer reached the fake LINE API, `latencyMs` after the POST started (never when answers are acks). */
  readonly onReply: (latencyMs: number) => void;
}

/**
 * Sends one new benchmark event at a time: builds and signs it (outside the timed part), starts
 * the clock, registers it with the reply tracker — unless the server answers with the acknowledgement alone
 * (`answers` is `ack`: no reply will come) — and posts it.
 *
 * @example new EventSender(events, client, tracker, 'reply').send({ onAck: (ack) => …, onReply: (ms) => … });
 */
export class EventSender {
  constructor(
    private readonly events: BenchEventFactory,
    private readonly client: WebhookPoster,
    private readonly tracker: ReplyTracker,
    /** What answers an event of this server; the phases count answers by it. */
    readonly answers: ServerAnswer,
  ) {}

  /** Posts the next event. */
  send(observer: EventObserver): void {
    const event = this.events.next();
    const sentAt = performance.now();
    if (this.answers === 'reply') this.tracker.expect(event.n, sentAt, observer.onReply, event.replyToken, event.userId);
    void this.client.post(event.raw, event.signature, sentAt).then(observer.onAck);
  }
}
