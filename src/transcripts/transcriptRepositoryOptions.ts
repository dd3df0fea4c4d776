import type { IdleExpiringMapOptions } from '../storage/idleExpiringMap.js';

/** Options of `TranscriptRepository.open`. */
export interface TranscriptRepositoryOptions {
  /** Activities (and idle conversations) are deleted this many days after their timestamp; kept forever when absent. */
  readonly retentionDays?: number;
  /**
   * Seconds the conversations of `channelId` are kept: each activity this long after it was sent, the conversation
   * this long after its last activity (the earlier of this and `retentionDays` applies). Kept by `retentionDays` alone
   * when `undefined` (the default).
   */
  readonly ttlSecondsOf?: (channelId: string) => number | undefined;
  /** Bounds of the facts remembered per conversation (they save a read per activity); 10 minutes idle, 10,000 by default. */
  readonly conversationCache?: IdleExpiringMapOptions;
  /**
   * The contact a customer is linked to; asked once per new conversation so that a linked customer's later
   * conversations are linked too. A rejection fails the write (the caller retries), so the link is never skipped.
   */
  readonly resolveContactId?: (customerId: string) => Promise<string | undefined>;
  /** The word index of message texts, written with each batch of activities and purged with the customer's data. */
  readonly termIndex?: TranscriptTermIndex;
}

/** What `TranscriptRepository` needs of the text index (`transcriptTermRepository.ts`). */
export interface TranscriptTermIndex {
  record(channelId: string, conversationId: string, customerId: string | undefined, texts: readonly { readonly text: string; readonly timestamp: Date }[]): Promise<void>;
  purge(customerId: string | undefined, conversations: readonly { readonly channelId: string; readonly conversationId: string }[]): Promise<number>;
  /** Forgets the terms of `removed` (a message unsent at `at`) that none of `remaining` (that day's other messages) has. */
  forget(channelId: string, conversationId: string, at: Date, removed: string, remaining: readonly string[]): Promise<void>;
}

/** What `TranscriptRepository.purgeCustomer` deleted. */
export interface PurgeResult {
  readonly activities: number;
  readonly conversations: number;
}
