import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { backoffDelayMs } from '../../shared/retry';
import { ChangeFeedCursor, type SkippedRange } from './changeFeedCursor';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from './engine/documentStore';

/** Collection of the feed's entries. */
export const CHANGE_FEED_COLLECTION = 'changeFeed';
/** Collection holding the feed's sequence counter (one document). */
export const CHANGE_FEED_SEQUENCE_COLLECTION = 'changeFeedSequence';
/** Entries are deleted this long after they were published (a TTL index; fixed, as every instance must agree). */
export const CHANGE_FEED_RETENTION_SECONDS = 60 * 60;

const SEQUENCE_ID = 'changeFeed';
const DEFAULT_POLL_INTERVAL_MS = 200;
const DEFAULT_GAP_WAIT_MS = 1_000;
const DEFAULT_BATCH_SIZE = 200;
const MAX_BACKOFF_MS = 5_000;
/** Skipped sequence numbers are looked for again this long, in case their entry commits late after all. */
const SKIPPED_MEMORY_MS = 60_000;
/** Publishes waiting for a slow store at most; past it new ones are refused rather than held in memory. */
const MAX_PENDING_PUBLISHES = 10_000;
/** Longer skipped runs (a follower far behind, entries expired) are not looked for again. */
const MAX_REMEMBERED_SKIPS = 1_000;

type EntryDocument = { _id: string; seq: number; topic: string; payload: string; publisher: string; createdAt: Date };
type SequenceDocument = { _id: string; value: number };

/** An entry of the feed as subscribers get it. */
export interface ChangeFeedEntry<P = unknown> {
  /** Position in the feed (one sequence for every instance). */
  readonly seq: number;
  readonly topic: string;
  readonly payload: P;
  /** The {@link ChangeFeed.instanceId} of the publisher. */
  readonly publisher: string;
  /** Whether this instance published it (its subscribers may have acted on it already). */
  readonly local: boolean;
  readonly createdAt: Date;
}

/** Options of {@link ChangeFeed}. */
export interface ChangeFeedOptions {
  readonly store: DocumentStore;
  readonly logger: Logger;
  /** How often the feed is read for new entries; default 200 ms. */
  readonly pollIntervalMs?: number;
  /** How long a follower waits for a missing sequence number before it skips it; default 1 s. */
  readonly gapWaitMs?: number;
  /** Most entries read at once; a full batch is followed at once by the next read. Default 200. */
  readonly batchSize?: number;
  /** Clock of entry times and gap waits (tests move it). */
  readonly now?: () => number;
}

/**
 * A change feed shared by every instance of the server through the document store: `publish(topic, payload)` appends
 * an entry, and every instance that {@link start}ed follows the feed by polling it and hands each entry, once and in
 * sequence order, to its local subscribers of that topic. Works the same on the embedded store and on MongoDB (no
 * change stream needed).
 *
 * Each entry takes its sequence number from a counter document (`$inc`), then is inserted; an entry that commits late
 * leaves a gap that followers wait on (see {@link ChangeFeedCursor}) before skipping it with a warning. Publishes of
 * one instance are made one after the other, so they keep their order. A follower starts at the counter's value when
 * it starts: no history is replayed. Entries expire after {@link CHANGE_FEED_RETENTION_SECONDS}. Payloads are JSON.
 * A failing store is logged and retried with a growing delay; it never stops the follower.
 *
 * @example
 * const feed = new ChangeFeed({ store, logger });
 * await feed.start();
 * const stop = feed.subscribe<{ accountId: string }>('channelAccounts', (entry) => cache.delete(entry.payload.accountId));
 * await feed.publish('channelAccounts', { accountId: 'default' });
 * stop();
 * await feed.stop();
 */
export class ChangeFeed {
  /** Identifies this instance's entries in the feed. */
  readonly instanceId = randomUUID();
  private readonly pollIntervalMs: number;
  private readonly gapWaitMs: number;
  private readonly batchSize: number;
  private readonly now: () => number;
  private readonly listeners = new Map<string, Set<(entry: ChangeFeedEntry) => void>>();
  private collections: Promise<{ entries: DocumentCollection<EntryDocument>; sequence: DocumentCollection<SequenceDocument> }> | undefined;
  private cursor: ChangeFeedCursor | undefined;
  /** Skipped sequence numbers → when they were skipped. */
  private readonly skipped = new Map<number, number>();
  private publishing: Promise<unknown> = Promise.resolve();
  private polling: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private pending = 0;
  private failures = 0;
  private publishFailing = false;

  constructor(private readonly options: ChangeFeedOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.gapWaitMs = options.gapWaitMs ?? DEFAULT_GAP_WAIT_MS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.now = options.now ?? Date.now;
  }

  /**
   * Appends an entry; resolves with its sequence number once it is stored. Publishes of this instance are stored in
   * the order they were called.
   *
   * @throws whatever the store throws (logged once per run of failures), or an error once {@link stop} was called.
   */
  publish(topic: string, payload: unknown): Promise<number> {
    // After stop the store is about to close: what is published then would only fail, noisily.
    if (this.stopped) return Promise.reject(new Error('the change feed is stopped'));
    if (this.pending >= MAX_PENDING_PUBLISHES) {
      if (!this.publishFailing) this.options.logger.error({ topic, pending: this.pending }, 'change feed publishes pile up behind a slow store; refusing new ones');
      this.publishFailing = true;
      return Promise.reject(new Error('too many change feed publishes waiting'));
    }
    this.pending += 1;
    const published = this.publishing.then(() => this.append(topic, payload)).finally(() => {
      this.pending -= 1;
    });
    this.publishing = published.catch(() => undefined);
    return published;
  }

  /** Calls `listener` with every entry of `topic` the follower reads from now on; returns the function that stops it. */
  subscribe<P = unknown>(topic: string, listener: (entry: ChangeFeedEntry<P>) => void): () => void {
    const forTopic = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, forTopic);
    const untyped = listener as (entry: ChangeFeedEntry) => void;
    forTopic.add(untyped);
    return () => void forTopic.delete(untyped);
  }

  /**
   * Starts following from the feed's current end (nothing published before is delivered) and polls every
   * `pollIntervalMs` until {@link stop}. Resolves once the starting point is known, or once a failure to read it is
   * logged (it is read again at the next poll).
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.pollNow().catch(() => undefined);
    this.schedule(this.pollIntervalMs);
  }

  /**
   * Reads the feed once and delivers what can be delivered (the poll loop calls it; tests call it to step).
   * @returns how many entries were delivered.
   */
  pollNow(): Promise<number> {
    this.polling ??= this.readAndDeliver().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  /** Stops polling and publishing for good, and waits for the read and publishes under way, so the store can be closed after. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling?.catch(() => undefined);
    await this.publishing;
  }

  /**
   * Rewrites the payloads of `topic` still kept (published within the retention) that `rewrite` changes (returns a
   * new payload for), e.g. to take back a message its sender unsent; subscribers that already had them are not told again.
   * @returns how many entries were rewritten.
   */
  async rewrite(topic: string, rewrite: (payload: unknown) => unknown): Promise<number> {
    const { entries } = await this.collectionsOf();
    const since = new Date(this.now() - CHANGE_FEED_RETENTION_SECONDS * 1000);
    let rewritten = 0;
    for (const entry of await entries.find({ createdAt: { $gte: since } }, { sort: { createdAt: 1 } })) {
      if (entry.topic !== topic) continue;
      const replacement = rewrite(JSON.parse(entry.payload) as unknown);
      if (replacement === undefined) continue;
      await entries.updateOne({ _id: entry._id }, { $set: { payload: JSON.stringify(replacement) } });
      rewritten += 1;
    }
    return rewritten;
  }

  private async append(topic: string, payload: unknown): Promise<number> {
    try {
      const { entries, sequence } = await this.collectionsOf();
      const seq = await nextSequence(sequence);
      await entries.insertOne({ _id: entryId(seq), seq, topic, payload: JSON.stringify(payload ?? null), publisher: this.instanceId, createdAt: new Date(this.now()) });
      if (this.publishFailing) this.options.logger.info({ topic }, 'change feed publishing works again');
      this.publishFailing = false;
      return seq;
    } catch (error) {
      if (!this.publishFailing) this.options.logger.error({ err: error, topic }, 'could not publish to the change feed; other instances miss this change until their caches expire');
      this.publishFailing = true;
      throw error;
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.pollNow()
        // A full batch means more is waiting.
        .then((delivered) => this.schedule(delivered >= this.batchSize ? 0 : this.pollIntervalMs))
        .catch(() => this.schedule(backoffDelayMs(this.failures + 1, { baseDelayMs: this.pollIntervalMs, maxDelayMs: MAX_BACKOFF_MS })));
    }, delayMs);
    this.timer.unref();
  }

  private async readAndDeliver(): Promise<number> {
    try {
      const delivered = await this.readOnce();
      if (this.failures > 0) this.options.logger.info({ failures: this.failures }, 'the change feed can be read again');
      this.failures = 0;
      return delivered;
    } catch (error) {
      if (this.failures === 0) this.options.logger.error({ err: error }, 'could not read the change feed; retrying with backoff');
      this.failures += 1;
      throw error;
    }
  }

  private async readOnce(): Promise<number> {
    const { entries, sequence } = await this.collectionsOf();
    if (this.cursor === undefined) {
      const start = (await sequence.findOne({ _id: SEQUENCE_ID }))?.value ?? 0;
      this.cursor = new ChangeFeedCursor(start, this.gapWaitMs);
    }
    let delivered = await this.deliverLateSkipped(entries);
    const read = await entries.find({ seq: { $gt: this.cursor.position } }, { sort: { seq: 1 }, limit: this.batchSize });
    const advance = this.cursor.advance(read, this.now());
    for (const range of advance.skipped) this.rememberSkipped(range);
    for (const document of advance.deliver) this.deliver(document);
    delivered += advance.deliver.length;
    return delivered;
  }

  /** Entries given up on that committed after all: delivered late (out of order) rather than lost. */
  private async deliverLateSkipped(entries: DocumentCollection<EntryDocument>): Promise<number> {
    if (this.skipped.size === 0) return 0;
    const now = this.now();
    for (const [seq, at] of this.skipped) {
      if (now - at > SKIPPED_MEMORY_MS) this.skipped.delete(seq);
    }
    if (this.skipped.size === 0) return 0;
    const late = await entries.find({ seq: { $in: [...this.skipped.keys()] } }, { sort: { seq: 1 } });
    for (const document of late) {
      this.skipped.delete(document.seq);
      this.options.logger.warn({ seq: document.seq, topic: document.topic }, 'change feed entry committed after it was skipped; delivered late');
      this.deliver(document);
    }
    return late.length;
  }

  private rememberSkipped(range: SkippedRange): void {
    this.options.logger.warn({ from: range.from, to: range.to, waitedMs: this.gapWaitMs }, 'change feed entries missing after waiting; skipped');
    if (range.to - range.from + 1 + this.skipped.size > MAX_REMEMBERED_SKIPS) return;
    for (let seq = range.from; seq <= range.to; seq += 1) this.skipped.set(seq, this.now());
  }

  private deliver(document: EntryDocument): void {
    const listeners = this.listeners.get(document.topic);
    if (listeners === undefined || listeners.size === 0) return;
    let payload: unknown;
    try {
      payload = JSON.parse(document.payload);
    } catch (error) {
      this.options.logger.warn({ err: error, seq: document.seq, topic: document.topic }, 'unreadable change feed entry ignored');
      return;
    }
    const entry: ChangeFeedEntry = { seq: document.seq, topic: document.topic, payload, publisher: document.publisher, local: document.publisher === this.instanceId, createdAt: document.createdAt };
    for (const listener of [...listeners]) {
      try {
        listener(entry);
      } catch (error) {
        // One broken subscriber must not keep the entry from the others.
        this.options.logger.error({ err: error, seq: entry.seq, topic: entry.topic }, 'change feed subscriber failed');
      }
    }
  }

  private collectionsOf(): Promise<{ entries: DocumentCollection<EntryDocument>; sequence: DocumentCollection<SequenceDocument> }> {
    const { store } = this.options;
    this.collections ??= (async () => ({
      entries: await store.collection<EntryDocument>(CHANGE_FEED_COLLECTION, [{ keys: { seq: 1 }, unique: true }, { keys: { createdAt: 1 }, expireAfterSeconds: CHANGE_FEED_RETENTION_SECONDS }]),
      sequence: await store.collection<SequenceDocument>(CHANGE_FEED_SEQUENCE_COLLECTION),
    }))();
    // A failure to open them (store down at start) is retried at the next use.
    this.collections.catch(() => {
      this.collections = undefined;
    });
    return this.collections;
  }
}

/** Takes the next sequence number; two first upserts racing on MongoDB leave one duplicate-key error, retried once. */
async function nextSequence(sequence: DocumentCollection<SequenceDocument>): Promise<number> {
  const increment = async (): Promise<SequenceDocument | undefined> => sequence.findOneAndUpdate({ _id: SEQUENCE_ID }, { $inc: { value: 1 } }, { upsert: true });
  let updated: SequenceDocument | undefined;
  try {
    updated = await increment();
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    updated = await increment();
  }
  if (updated === undefined || typeof updated.value !== 'number') throw new Error('change feed sequence counter not updated');
  return updated.value;
}

/** Ids sort like the sequence numbers, which makes the collection easy to read by hand. */
function entryId(seq: number): string {
  return seq.toString().padStart(16, '0');
}
