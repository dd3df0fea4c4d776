import type { LineAccount } from './lineAccount';
import type { LineAdapterLogger } from './lineAdapterLogger';
import type { LineApiClient } from './lineApiClient';
import { LineApiError } from './lineApiError';
import type { LineChatSignals } from './lineChatSignals';
import { parseLineConversationId } from './lineConversationId';
import type { LineDeliveryStats } from './lineDeliveryStats';

/** An animation with less than this left is started again, so it does not end while the person still writes. */
const LOADING_REFRESH_MARGIN_MS = 5_000;

/** How long an account that refused a read mark (its Chat mode is off) is not asked again. */
const READ_MARK_REFUSAL_MS = 60 * 60_000;

/** What {@link LineChatPresence} needs. */
export interface LineChatPresenceOptions {
  readonly signals: LineChatSignals;
  readonly account: (accountId: string) => Promise<LineAccount | undefined>;
  readonly clientFor: (account: LineAccount) => LineApiClient;
  readonly stats: LineDeliveryStats;
  readonly logger: LineAdapterLogger;
  readonly now: () => number;
}

/**
 * The signals a LINE user sees of a person on the other side: the loading animation while someone writes (1:1 chats
 * only; started again only when the running one is about to end, across every instance) and the "Read" mark when
 * someone reads their messages (once per new message, with the newest message's `markAsReadToken`). Both are
 * cosmetic: a failure is logged, never thrown.
 */
export class LineChatPresence {
  private readonly refusedUntil = new Map<string, number>();

  constructor(private readonly options: LineChatPresenceOptions) {}

  /**
   * Shows the loading animation in the conversation for `seconds` (5–60, a multiple of 5) unless one shown earlier
   * runs for a while yet; whether LINE was asked.
   */
  async showLoading(conversationId: string, seconds: number): Promise<boolean> {
    const key = parseLineConversationId(conversationId);
    if (!key || key.chatType !== 'user') return false;
    const account = await this.options.account(key.accountId);
    if (!account) return false;
    const now = this.options.now();
    try {
      if (!(await this.options.signals.claimLoading(conversationId, now + LOADING_REFRESH_MARGIN_MS, now + seconds * 1000))) return false;
      await this.options.clientFor(account).showLoadingAnimation(key.chatId, seconds);
      this.options.stats.add(account.id, 'loadingAnimations');
      return true;
    } catch (error) {
      this.options.logger.warn({ accountId: account.id, err: error }, 'could not show LINE loading animation');
      await this.options.signals.endLoading(conversationId).catch(() => undefined);
      return false;
    }
  }

  /** Marks the customer's messages in the conversation read, when one arrived since the last mark; whether it did. */
  async markRead(conversationId: string): Promise<boolean> {
    const key = parseLineConversationId(conversationId);
    if (!key) return false;
    const account = await this.options.account(key.accountId);
    if (!account || (this.refusedUntil.get(account.id) ?? 0) > this.options.now()) return false;
    try {
      const token = await this.options.signals.takeReadToken(conversationId);
      if (token === undefined) return false;
      await this.options.clientFor(account).markAsRead(token);
      this.options.stats.add(account.id, 'readMarks');
      return true;
    } catch (error) {
      if (error instanceof LineApiError && !error.retryable) {
        // LINE marks messages read itself unless the account's Chat mode is on; asking again would only fail again.
        this.refusedUntil.set(account.id, this.options.now() + READ_MARK_REFUSAL_MS);
        this.options.logger.info({ accountId: account.id, status: error.status, reason: error.lineMessage }, 'LINE refused a read mark (Chat mode off?); not asking for an hour');
      } else {
        this.options.logger.warn({ accountId: account.id, err: error }, 'could not mark LINE messages read');
      }
      return false;
    }
  }
}
