import type { messagingApi } from '@line/bot-sdk';
import { deterministicUuid } from './deterministicUuid';
import type { LineAccount } from './lineAccount';
import { LineDeliveryError } from './lineDeliveryError';
import type { UndeliveredBatch } from './lineEventInbox';
import { MAX_MESSAGES_PER_REQUEST, type DeliveryOutcome, type LineMessageSender, type ReplyTokenState } from './lineMessageSender';

/** How a message went out: by reply (free), by push (paid), or not (yet). */
export type LineDeliveryVia = 'reply' | 'push' | 'failed';

/**
 * Collects the messages a turn sends to its conversation so they leave in as few requests as
 * possible — ideally one free reply — and in order.
 */
export class LineTurnOutbox {
  private pending: messagingApi.Message[] = [];
  /** Messages of this turn handed to the sender so far: the position of the next one. */
  private handedOver = 0;
  /** Messages LINE accepted so far. */
  private deliveredCount = 0;
  private failure: { cause: unknown; batches: UndeliveredBatch[] } | undefined;
  /** How each message handed over so far went out, by position ('failed' when it did not). */
  private readonly vias: LineDeliveryVia[] = [];
  /** Where the messages of each activity added with an id are. */
  private readonly positions = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly sender: LineMessageSender,
    readonly account: LineAccount,
    readonly conversationId: string,
    readonly chatId: string,
    private replyToken: ReplyTokenState | undefined,
    /** Makes push retry keys derive from it (e.g. the webhook event id), so a replayed turn cannot push twice. */
    private readonly retryKeySeed?: string,
    /**
     * Keep what cannot be delivered (see {@link undelivered}) instead of throwing: the turn goes on, and everything
     * after a failure is kept too, in order, to be pushed later with the same retry keys. Needs `retryKeySeed`.
     */
    private readonly keepUndelivered = false,
  ) {}

  /** Whether messages wait to be sent. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * How each activity added with an id went out: `reply` only when all its messages were free, `failed` when one was
   * not delivered (or not sent yet).
   */
  deliveries(): Map<string, LineDeliveryVia> {
    const deliveries = new Map<string, LineDeliveryVia>();
    for (const [id, { start, count }] of this.positions) {
      const vias = this.vias.slice(start, start + count);
      deliveries.set(id, vias.length < count || vias.includes('failed') ? 'failed' : vias.every((via) => via === 'reply') ? 'reply' : 'push');
    }
    return deliveries;
  }

  /** The turn's own reply token when nothing used it and it has not expired by `now`. */
  unusedReplyToken(now: number): { readonly token: string; readonly expiresAt: number } | undefined {
    const token = this.replyToken;
    return token && !token.used && token.expiresAt > now ? { token: token.token, expiresAt: token.expiresAt } : undefined;
  }

  /** Gives a turn without a token of its own one kept from an earlier event (see {@link LineChatSignals}). */
  useReplyToken(token: ReplyTokenState): void {
    if (this.replyToken === undefined || this.replyToken.used) this.replyToken = token;
  }

  /** Messages LINE accepted from this outbox. */
  get delivered(): number {
    return this.deliveredCount;
  }

  /** What could not be delivered, with the failure that stopped delivery (only with `keepUndelivered`). */
  get undelivered(): { readonly cause: unknown; readonly batches: readonly UndeliveredBatch[] } | undefined {
    return this.failure;
  }

  /**
   * Queues messages (those of the activity `activityId`, see {@link deliveries}). A full reply's worth goes out at once while the token is fresh, so a slow
   * turn does not let the token expire with five answers waiting.
   */
  async add(messages: readonly messagingApi.Message[], activityId?: string): Promise<void> {
    if (activityId !== undefined) this.positions.set(activityId, { start: this.handedOver + this.pending.length, count: messages.length });
    this.pending.push(...messages);
    if (this.replyToken && !this.replyToken.used && this.pending.length >= MAX_MESSAGES_PER_REQUEST) await this.flush();
  }

  /** Sends everything queued; the reply token is used if it still can be. */
  async flush(): Promise<DeliveryOutcome> {
    if (this.pending.length === 0) return { repliedMessages: 0, pushedMessages: 0 };
    const messages = this.pending;
    this.pending = [];
    const seed = this.retryKeySeed;
    const offset = this.handedOver;
    this.handedOver += messages.length;
    const retryKeyFor = seed === undefined ? undefined : (batchStart: number) => this.retryKeyAt(offset + batchStart);
    if (this.failure) {
      this.vias.push(...messages.map(() => 'failed' as const));
      // Once one batch failed, later ones must not overtake it.
      this.failure.batches.push(...this.batchesFrom(messages, offset));
      return { repliedMessages: 0, pushedMessages: 0 };
    }
    try {
      const outcome = await this.sender.deliver(this.account, this.chatId, messages, this.replyToken, retryKeyFor);
      this.deliveredCount += outcome.repliedMessages + outcome.pushedMessages;
      // The sender replies with the first batch while the token serves, and pushes the rest.
      this.vias.push(...messages.map((_, index): LineDeliveryVia => (index < outcome.repliedMessages ? 'reply' : 'push')));
      return outcome;
    } catch (error) {
      const delivered = error instanceof LineDeliveryError ? error.delivered : 0;
      this.vias.push(...messages.map((_, index): LineDeliveryVia => (index < delivered ? 'push' : 'failed')));
      if (!this.keepUndelivered || seed === undefined || !(error instanceof LineDeliveryError)) throw error;
      this.deliveredCount += error.delivered;
      // The sender sends batches of five from the flush's start, so the failed batch starts at offset + delivered.
      this.failure = { cause: error.cause, batches: this.batchesFrom(error.undelivered, offset + error.delivered) };
      return { repliedMessages: 0, pushedMessages: 0 };
    }
  }

  private batchesFrom(messages: readonly messagingApi.Message[], start: number): UndeliveredBatch[] {
    const batches: UndeliveredBatch[] = [];
    for (let index = 0; index < messages.length; index += MAX_MESSAGES_PER_REQUEST) {
      batches.push({ retryKey: this.retryKeyAt(start + index), messages: messages.slice(index, index + MAX_MESSAGES_PER_REQUEST) });
    }
    return batches;
  }

  private retryKeyAt(position: number): string {
    return deterministicUuid(`${this.account.id}|${this.retryKeySeed ?? ''}|${position}`);
  }
}
