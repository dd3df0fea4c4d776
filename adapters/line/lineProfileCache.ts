import type { LineAccount } from './lineAccount';
import type { LineAdapterLogger } from './lineAdapterLogger';
import type { LineApiClient, LineProfile } from './lineApiClient';
import { LineApiError } from './lineApiError';
import type { LineChatType } from './lineConversationId';

/**
 * Remembers LINE profiles so each user's is fetched once (per account, per `ttlMs`), also when
 * several of their events arrive at once. A profile LINE does not have (404: the user is no
 * friend, or left) is remembered as missing for `missingTtlMs`; other failures are not remembered
 * and the next event tries again. Either way the turn goes on without a profile.
 */
export class LineProfileCache {
  private readonly entries = new Map<string, { expiresAt: number; profile: Promise<LineProfile | undefined> }>();

  constructor(
    private readonly clientFor: (account: LineAccount) => LineApiClient,
    private readonly logger: LineAdapterLogger,
    private readonly ttlMs = 6 * 60 * 60 * 1000,
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
    private readonly missingTtlMs = 10 * 60 * 1000,
  ) {}

  /** The profile of `userId` as seen in `chat`; `undefined` when LINE would not give it. */
  get(account: LineAccount, userId: string, chat: { type: LineChatType; id: string }): Promise<LineProfile | undefined> {
    const key = `${account.id}\u0000${userId}`;
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.profile;
    const profile = this.clientFor(account)
      .getProfile(userId, chat)
      .catch((error: unknown) => {
        if (error instanceof LineApiError && error.status === 404) {
          this.entries.set(key, { expiresAt: this.now() + this.missingTtlMs, profile: Promise.resolve(undefined) });
          this.logger.debug({ accountId: account.id, userId }, 'LINE has no profile for this user');
        } else {
          this.entries.delete(key);
          this.logger.warn({ accountId: account.id, userId, err: error }, 'could not fetch LINE profile');
        }
        return undefined;
      });
    this.entries.set(key, { expiresAt: this.now() + this.ttlMs, profile });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return profile;
  }

  /** Forgets a user's profile (e.g. after they blocked the account or asked to be forgotten). */
  forget(accountId: string, userId: string): void {
    this.entries.delete(`${accountId}\u0000${userId}`);
  }
}
