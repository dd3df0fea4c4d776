import type { messagingApi } from '@line/bot-sdk';
import type { LineAccount } from './lineAccount';
import { MAX_MESSAGES_PER_REQUEST, type DeliveryOutcome, type LineMessageSender, type ReplyTokenState } from './lineMessageSender';

/**
 * Collects the messages a turn sends to its conversation so they leave in as few requests as
 * possible — ideally one free reply — and in order.
 */
export class LineTurnOutbox {
  private pending: messagingApi.Message[] = [];

  constructor(
    private readonly sender: LineMessageSender,
    readonly account: LineAccount,
    readonly conversationId: string,
    readonly chatId: string,
    private readonly replyToken: ReplyTokenState | undefined,
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
    return this.sender.deliver(this.account, this.chatId, messages, this.replyToken);
  }
}
