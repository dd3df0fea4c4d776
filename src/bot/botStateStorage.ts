import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type Update } from '../storage/engine/documentStore.js';

/** One state item. Its data is a JSON string: bot state is free-form and its keys may contain `.` or start with `$`. */
type BotStateDocument = {
  _id: string;
  etag: string;
  data: string;
  updatedAt: Date;
  /**
   * The channel of the item, the part of its key before the first `/` (`emulator` in `emulator/users/u1`, as botbuilder
   * builds keys); the retention sweep ages items per channel by it. Absent on keys without `/` and on items written
   * by earlier versions.
   */
  channelId?: string;
  /** When the item is deleted unless written again (items without it are kept). */
  expiresAt?: Date;
};

/** Options of {@link BotStateStorage.open}. */
export interface BotStateStorageOptions {
  /** Seconds an item of `key` is kept after its last write; kept forever when `undefined` (the default). */
  readonly ttlSecondsOf?: (key: string) => number | undefined;
}

/**
 * A write carried an `eTag` that is no longer the item's: someone else wrote it since it was read. The message is
 * botbuilder `MemoryStorage`'s.
 *
 * @example
 * try {
 *   await storage.write({ [key]: { ...item, eTag: itemRead.eTag } });
 * } catch (err) {
 *   if (err instanceof ETagConflictError) return retryFromRead(err.key);
 *   throw err;
 * }
 */
export class ETagConflictError extends Error {
  readonly code = 'etag_conflict';

  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/**
 * Bot Framework state (`ConversationState`, `UserState`, …) on a {@link DocumentStore}, with real optimistic
 * concurrency: every write gives the item a fresh `eTag`, and a write that carries an `eTag` succeeds only while it is
 * still the item's current one. An item written with `eTag: '*'` or none (what `BotState` does) overwrites
 * unconditionally. As with botbuilder's `MemoryStorage`, an `eTag` on an item that does not exist (any more) is no
 * conflict: the item is created. Items given a lifetime by `options.ttlSecondsOf` are deleted that long after their
 * last write.
 *
 * @example
 * const storage = await BotStateStorage.open(store, { ttlSecondsOf: (key) => (key.startsWith('line/') ? undefined : 86_400) });
 * const conversationState = new ConversationState(storage);
 */
export class BotStateStorage implements Storage {
  private constructor(
    private readonly items: DocumentCollection<BotStateDocument>,
    private readonly options: BotStateStorageOptions,
  ) {}

  /** Opens the collection `botState` of `store`, with the TTL index that deletes expired items. */
  static async open(store: DocumentStore, options: BotStateStorageOptions = {}): Promise<BotStateStorage> {
    return new BotStateStorage(await store.collection<BotStateDocument>('botState', [{ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }]), options);
  }

  /** The stored items among `keys`, each with its current `eTag`; missing keys are absent from the result. */
  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const result: StoreItems = {};
    if (keys.length === 0) return result;
    const documents = await this.items.find({ _id: { $in: keys } });
    for (const document of documents) {
      result[document._id] = { ...(JSON.parse(document.data) as StoreItem), eTag: document.etag };
    }
    return result;
  }

  /**
   * Writes every item, each under a fresh `eTag`. All items are attempted; then the first failure is thrown.
   * @throws {ETagConflictError} when an item's `eTag` is not the stored item's.
   */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const outcomes = await Promise.allSettled(Object.entries(changes).map(([key, item]) => this.writeItem(key, item as StoreItem)));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Removes the items; keys that are not stored are ignored. */
  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.items.deleteMany({ _id: { $in: keys } });
  }

  private async writeItem(key: string, item: StoreItem): Promise<void> {
    const { eTag, ...state } = item;
    const updatedAt = new Date();
    const ttlSeconds = this.options.ttlSecondsOf?.(key);
    const fields: Omit<BotStateDocument, '_id'> = { etag: randomUUID(), data: JSON.stringify(state), updatedAt };
    const slash = key.indexOf('/');
    if (slash > 0) fields.channelId = key.slice(0, slash);
    if (ttlSeconds !== undefined) fields.expiresAt = new Date(updatedAt.getTime() + ttlSeconds * 1000);
    if (typeof eTag !== 'string' || eTag === '' || eTag === '*') {
      await this.upsert(key, fields);
      return;
    }
    const swapped = await this.items.updateOne({ _id: key, etag: eTag }, updateOf(fields));
    if (swapped.matchedCount > 0) return;
    try {
      await this.items.insertOne({ _id: key, ...fields });
    } catch (err) {
      // The item exists under another eTag.
      if (err instanceof DuplicateKeyError) throw new ETagConflictError(key);
      throw err;
    }
  }

  private async upsert(key: string, fields: Omit<BotStateDocument, '_id'>): Promise<void> {
    try {
      await this.items.updateOne({ _id: key }, updateOf(fields), { upsert: true });
    } catch (err) {
      // Two upserts of a new key raced and this one lost the insert; the item exists now, so update it.
      if (!(err instanceof DuplicateKeyError)) throw err;
      await this.items.updateOne({ _id: key }, updateOf(fields));
    }
  }
}

/** The write of an item's fields; an item now without a lifetime loses one an earlier write stamped. */
function updateOf(fields: Omit<BotStateDocument, '_id'>): Update {
  return fields.expiresAt === undefined ? { $set: fields, $unset: { expiresAt: true } } : { $set: fields };
}
