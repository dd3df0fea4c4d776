import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import type { LineAccount } from './lineAccount';
import type { LineAdapterLogger } from './lineAdapterLogger';
import type { LineApiClient } from './lineApiClient';
import { LineApiError } from './lineApiError';
import { LineDeliveryError } from './lineDeliveryError';
import type { LineDeliveryStats } from './lineDeliveryStats';
import { DEFAULT_RETRY_POLICY, retry, type RetryDecision, type RetryPolicy } from '../../shared/retry';

/** LINE accepts at most this many messages in one reply or push. */
export const MAX_MESSAGES_PER_REQUEST = 5;

/** The reply token of one incoming event; shared by every send of its turn. */
export interface ReplyTokenState {
  readonly token: string;
  /** Epoch ms after which the token is not worth trying. */
  readonly expiresAt: number;
  /** Set once a reply was made or the token was found unusable. */
  used: boolean;
}

/** How a batch went out. */
export interface DeliveryOutcome {
  readonly repliedMessages: number;
  readonly pushedMessages: number;
}

/** What the sender needs from its surroundings. */
export interface LineMessageSenderOptions {
  readonly clientFor: (account: LineAccount) => LineApiClient;
  readonly stats: LineDeliveryStats;
  readonly logger: LineAdapterLogger;
  readonly retryPolicy?: RetryPolicy;
  readonly now?: () => number;
}

/**
 * The one place where LINE's sending rules live: at most five messages a request, the reply
 * token first (free) and only once, push (paid) for the rest or when the token cannot be used,
 * retries with backoff for rate limits, server errors and lost answers — with the same
 * `X-Line-Retry-Key` so a push is never delivered twice — and no retry of a request LINE refused.
 */
export class LineMessageSender {
  private readonly retryPolicy: RetryPolicy;
  private readonly now: () => number;

  constructor(private readonly options: LineMessageSenderOptions) {
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.now = options.now ?? Date.now;
  }

  /**
   * Delivers `messages` in order to `chatId`: the first five by reply when `replyToken` is usable,
   * the rest by push.
   *
   * @param retryKeyFor gives the `X-Line-Retry-Key` of the push starting at `messages[batchStart]`
   *   (random by default); a turn that may run again after a crash passes keys derived from its event
   *   and the message's position, so LINE refuses the repeated pushes.
   * @throws {LineDeliveryError} with what was and was not delivered when a request finally fails.
   */
  async deliver(
    account: LineAccount,
    chatId: string,
    messages: readonly messagingApi.Message[],
    replyToken?: ReplyTokenState,
    retryKeyFor: (batchStart: number) => string = () => randomUUID(),
  ): Promise<DeliveryOutcome> {
    let repliedMessages = 0;
    let pushedMessages = 0;
    const batches = chunk(messages, MAX_MESSAGES_PER_REQUEST);
    for (const [index, batch] of batches.entries()) {
      try {
        if (replyToken && !replyToken.used && (await this.tryReply(account, replyToken, batch))) {
          repliedMessages += batch.length;
        } else {
          await this.push(account, chatId, batch, retryKeyFor(index * MAX_MESSAGES_PER_REQUEST));
          pushedMessages += batch.length;
        }
      } catch (error) {
        this.options.stats.add(account.id, 'failures');
        const undelivered = batches.slice(index).flat();
        throw new LineDeliveryError(account.id, chatId, repliedMessages + pushedMessages, undelivered, error);
      }
    }
    return { repliedMessages, pushedMessages };
  }

  /** Replies with `batch`; `false` when the token turned out unusable and the batch must be pushed. */
  private async tryReply(account: LineAccount, replyToken: ReplyTokenState, batch: readonly messagingApi.Message[]): Promise<boolean> {
    const stats = this.options.stats;
    if (this.now() >= replyToken.expiresAt) {
      replyToken.used = true;
      stats.add(account.id, 'replyFallbacks');
      return false;
    }
    const client = this.options.clientFor(account);
    try {
      await retry(() => client.reply(replyToken.token, batch), this.retryPolicy, { classify, onRetry: (error, attempt, delayMs) => this.noteRetry(account, 'reply', error, attempt, delayMs) });
      replyToken.used = true;
      stats.add(account.id, 'replyRequests');
      stats.add(account.id, 'replyMessages', batch.length);
      return true;
    } catch (error) {
      replyToken.used = true;
      // A refused token, or a reply whose fate stayed unknown after every retry, falls back to push:
      // a rare duplicate is better for a customer than a lost answer.
      if (error instanceof LineApiError && (isReplyTokenRejection(error) || error.retryable)) {
        stats.add(account.id, 'replyFallbacks');
        this.options.logger.info({ accountId: account.id, status: error.status, reason: error.lineMessage }, 'reply token unusable; pushing instead');
        return false;
      }
      throw error;
    }
  }

  private async push(account: LineAccount, chatId: string, batch: readonly messagingApi.Message[], retryKey: string): Promise<void> {
    const client = this.options.clientFor(account);
    try {
      await retry(() => client.push(chatId, batch, retryKey), this.retryPolicy, { classify, onRetry: (error, attempt, delayMs) => this.noteRetry(account, 'push', error, attempt, delayMs) });
    } catch (error) {
      // 409: LINE already accepted this retry key, so an earlier attempt got through.
      if (!(error instanceof LineApiError && error.status === 409)) throw error;
      this.options.logger.info({ accountId: account.id, retryKey }, 'push already accepted by LINE (409); not sent again');
    }
    this.options.stats.add(account.id, 'pushRequests');
    this.options.stats.add(account.id, 'pushMessages', batch.length);
  }

  private noteRetry(account: LineAccount, call: string, error: unknown, attempt: number, delayMs: number): void {
    this.options.stats.add(account.id, 'retries');
    this.options.logger.warn(
      { accountId: account.id, call, attempt, delayMs: Math.round(delayMs), status: error instanceof LineApiError ? error.status : undefined },
      'LINE API call failed; retrying',
    );
  }
}

function classify(error: unknown): RetryDecision {
  if (!(error instanceof LineApiError)) return { retryable: false };
  return error.retryAfterSeconds === undefined ? { retryable: error.retryable } : { retryable: error.retryable, retryAfterMs: error.retryAfterSeconds * 1000 };
}

function isReplyTokenRejection(error: LineApiError): boolean {
  return error.status === 400 && /reply ?token/i.test(error.lineMessage ?? '');
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
