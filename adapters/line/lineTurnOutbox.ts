import type { messagingApi } from '@line/bot-sdk';
import { deterministicUuid } from './deterministicUuid';
import type { LineAccount } from './lineAccount';
import { MAX_MESSAGES_PER_REQUEST, type DeliveryOutcome, type LineMessageSender, type ReplyTokenState } from './lineMessageSender';

/**
 * Collects the messages a turn sends to its conversation so they leave in as few requests as
 * possible — ideally one free reply — and in order.
 */
export class LineTurnOutbox {
  private pending: messagingApi.Message[] = [];
  /** Messages of this turn handed to the sender so far: the position of the next one. */
  private handedOver = 0;

  constructor(
    private readonly sender: LineMessageSender,
    readonly account: LineAccount,
    readonly conversationId: string,
    readonly chatId: string,
    private readonly replyToken: ReplyTokenState | undefined,
    /** Makes push retry keys derive from it (e.g. the webhook event id), so a replayed turn cannot push twice. */
    private readonly retryKeySeed?: string,
  ) {}

  /**
   * Queues messages. A full reply's worth goes out at once while the token is fresh, so a slow
   * turn does not let the token expire with five answers waiting.
   */
  async add(messages: readonly messagingApi.Message[]): Promise<void> {
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
    const retryKeyFor = seed === undefined ? undefined : (batchStart: number) => deterministicUuid(`${this.account.id}|${seed}|${offset + batchStart}`);
    return this.sender.deliver(this.account, this.chatId, messages, this.replyToken, retryKeyFor);
  }
}
