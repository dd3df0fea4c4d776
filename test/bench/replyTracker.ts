import { performance } from 'node:perf_hooks';
import type { DeliveredMessages, FakeLineApi } from '../../src/simulator/fakeLineApi';

/** What the fake LINE API accepted, split into free replies and paid pushes. */
export interface DeliveryCounts {
  replyRequests: number;
  replyMessages: number;
  pushRequests: number;
  pushMessages: number;
}

/**
 * Matches the messages the fake LINE API accepts to the events that caused them (by the
 * `bench-<n>` at the end of their text) and reports each event's event→reply latency once.
 *
 * @example
 * const tracker = new ReplyTracker(fake.api);
 * tracker.expect(7, performance.now(), (ms) => latencies.push(ms));
 * // … later
 * const lost = tracker.takeOutstanding();
 * tracker.detach();
 */
export class ReplyTracker {
  /** Every batch the fake accepted while attached, bench answers or not. */
  readonly deliveries: DeliveryCounts = { replyRequests: 0, replyMessages: 0, pushRequests: 0, pushMessages: 0 };
  /** Answers to an event that had been answered already. */
  duplicates = 0;
  /** Answers to events already given up as lost (they came after the drain time). */
  late = 0;
  /** Answers naming no event the tracker knows. */
  unexpected = 0;

  private readonly waiting = new Map<number, { readonly sentAt: number; readonly chatId: string; readonly onReply: (latencyMs: number) => void }>();
  /** Event numbers by the reply token they carry, and by chat in sending order (for answers that come by push). */
  private readonly byReplyToken = new Map<string, number>();
  private readonly byChat = new Map<string, number[]>();
  private readonly answered = new Set<number>();
  private readonly givenUp = new Set<number>();
  private readonly listener = (batch: DeliveredMessages): void => this.onDelivered(batch);

  constructor(private readonly api: FakeLineApi) {
    api.on('delivered', this.listener);
  }

  /** Events sent whose answer has not arrived yet. */
  get outstanding(): number {
    return this.waiting.size;
  }

  /** Waits for the answer to event `n`, sent at `sentAt` (`performance.now()`). */
  expect(n: number, sentAt: number, onReply: (latencyMs: number) => void, replyToken: string, chatId: string): void {
    this.waiting.set(n, { sentAt, chatId, onReply });
    this.byReplyToken.set(replyToken, n);
    const queue = this.byChat.get(chatId) ?? [];
    queue.push(n);
    this.byChat.set(chatId, queue);
  }

  /** Resolves once nothing is outstanding or `timeoutMs` has passed, whichever comes first. */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.waiting.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The numbers of the events still unanswered, which stop being awaited (they are lost). */
  takeOutstanding(): number[] {
    const lost = [...this.waiting.keys()];
    for (const n of lost) this.givenUp.add(n);
    this.waiting.clear();
    return lost;
  }

  /** Stops listening to the fake API. */
  detach(): void {
    this.api.off('delivered', this.listener);
  }

  private onDelivered(batch: DeliveredMessages): void {
    const arrivedAt = performance.now();
    if (batch.via === 'reply') {
      this.deliveries.replyRequests += 1;
      this.deliveries.replyMessages += batch.messages.length;
    } else {
      this.deliveries.pushRequests += 1;
      this.deliveries.pushMessages += batch.messages.length;
    }
    // One batch answers one event: a reply by the token it used, a push the oldest unanswered event of its chat.
    const n = batch.replyToken !== undefined ? this.byReplyToken.get(batch.replyToken) : this.byChat.get(batch.chatId)?.find((candidate) => this.waiting.has(candidate));
    if (n === undefined) {
      this.unexpected += 1;
      return;
    }
    const waiting = this.waiting.get(n);
    if (waiting) {
      this.waiting.delete(n);
      this.answered.add(n);
      const queue = this.byChat.get(waiting.chatId);
      if (queue) this.byChat.set(waiting.chatId, queue.filter((candidate) => candidate !== n));
      waiting.onReply(arrivedAt - waiting.sentAt);
    } else if (this.answered.has(n)) {
      this.duplicates += 1;
    } else if (this.givenUp.has(n)) {
      this.late += 1;
    } else {
      this.unexpected += 1;
    }
  }
}
