import type { ChangeFeed } from './changeFeed';

/**
 * Tells the other instances of the server that something one of them caches changed, through the {@link ChangeFeed}:
 * {@link announce} after a write, and `onChange` runs on every other instance (not this one: the writer drops its own
 * cache itself) when the feed delivers it, usually within the feed's poll interval.
 *
 * @example
 * const invalidation = new CacheInvalidation(feed, 'channelAccounts', (accountId) => cache.delete(accountId));
 * await accounts.deleteOne({ _id: 'acme' });
 * cache.delete('acme');
 * await invalidation.announce('acme');
 */
export class CacheInvalidation {
  constructor(
    private readonly feed: ChangeFeed | undefined,
    private readonly topic: string,
    onChange: (key: string) => void,
  ) {
    feed?.subscribe<{ key?: unknown } | null>(topic, (entry) => {
      const key = entry.payload?.key;
      if (!entry.local && typeof key === 'string') onChange(key);
    });
  }

  /**
   * Announces that `key` changed; resolves once the feed stored it. Never rejects: the write is done, and a feed
   * that cannot be written is logged by the feed (other instances then see the change when their cache expires).
   */
  async announce(key: string): Promise<void> {
    await this.feed?.publish(this.topic, { key }).catch(() => undefined);
  }
}
