import type { DocumentCollection, Filter, FindOptions, IndexSpec, Sort, StoredDocument, Update, UpdateResult } from './documentStore';
import { DuplicateKeyError } from './documentStore';
import { compileFilter } from './filterMatcher';
import { indexSpecKey } from './indexSpecs';
import { Mutex } from './mutex';
import { isUniqueViolation, rebuildNedbIndex, type NedbDatastore, type NedbQuery } from './nedbDatastore';
import { sortDocuments } from './sortOrder';
import { toStorableDocument } from './storableDocument';
import { isExpired, type TtlIndex } from './ttlExpiry';
import { applyUpdate, assertValidUpdate } from './updateApplier';
import { upsertSeed, withUpsertId } from './upsertDocument';
import { isPlainObject, valuesEqual } from './valueOrder';

const NOTHING_UPDATED: UpdateResult = { matchedCount: 0, modifiedCount: 0, upsertedId: undefined };

/**
 * One collection of the embedded store: a NeDB datastore with MongoDB's query, sort and update semantics on top.
 *
 * NeDB serves as the indexed, persistent document heap (unique and compound unique indexes, the append-only data
 * file); matching, sorting and updating use this module's MongoDB-compatible implementations (`filterMatcher.ts`,
 * `sortOrder.ts`, `updateApplier.ts`) because NeDB's own differ from MongoDB's where repositories would notice
 * (`{ field: null }` on a missing field, `$ne` on arrays, missing-field sort order, `$pull` on a missing field, no
 * `$setOnInsert`). TTL indexes are emulated: expired documents are invisible at once and removed by
 * {@link EmbeddedCollection.removeExpiredDocuments}.
 *
 * Every operation runs under the collection's {@link Mutex}, so each is atomic within the process — including the
 * compound ones (find-then-update, upsert, compare-and-set). The embedded store is single-process by design: two
 * processes must never open the same data directory.
 */
export class EmbeddedCollection<T extends StoredDocument> implements DocumentCollection<T> {
  private readonly mutex = new Mutex();
  private readonly ttlIndexes: TtlIndex[] = [];
  private readonly ensuredIndexes = new Set<string>();

  constructor(
    readonly name: string,
    private readonly datastore: NedbDatastore,
    private readonly assertOpen: () => void,
  ) {}

  async insertOne(document: T): Promise<void> {
    await this.exclusive(async () => {
      const stored = toStorableDocument(document, this.name);
      await this.write(() => this.datastore.insertAsync(stored));
    });
  }

  insertManyIgnoringDuplicates(documents: readonly T[]): Promise<string[]> {
    return this.exclusive(async () => {
      const stored = documents.map((document) => toStorableDocument(document, this.name));
      const duplicates: string[] = [];
      for (const document of stored) {
        try {
          await this.write(() => this.datastore.insertAsync(document));
        } catch (error) {
          if (!(error instanceof DuplicateKeyError)) throw error;
          duplicates.push(document._id);
        }
      }
      return duplicates;
    });
  }

  findOne(filter: Filter, options?: { readonly sort?: Sort }): Promise<T | undefined> {
    return this.exclusive(async () => (await this.firstMatch(filter, options?.sort)) as T | undefined);
  }

  find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.exclusive(async () => {
      const { sort, skip = 0, limit = 0 } = options;
      if (!Number.isSafeInteger(skip) || skip < 0) throw new RangeError('skip must be a non-negative integer');
      if (!Number.isSafeInteger(limit)) throw new RangeError('limit must be an integer');
      // As in MongoDB, a negative limit means the same number of documents, and 0 means no limit.
      const count = Math.abs(limit);
      const query = this.query(filter);
      if (!sort || Object.keys(sort).length === 0) {
        let cursor = this.datastore.findAsync(query);
        if (skip > 0) cursor = cursor.skip(skip);
        if (count > 0) cursor = cursor.limit(count);
        return (await cursor) as T[];
      }
      const sorted = sortDocuments(await this.datastore.findAsync(query), sort);
      return (count > 0 ? sorted.slice(skip, skip + count) : sorted.slice(skip)) as T[];
    });
  }

  countDocuments(filter: Filter): Promise<number> {
    return this.exclusive(async () => await this.datastore.countAsync(this.query(filter)));
  }

  updateOne(filter: Filter, update: Update, options?: { readonly upsert?: boolean }): Promise<UpdateResult> {
    return this.exclusive(async () => {
      assertValidUpdate(update);
      const current = await this.firstMatch(filter);
      if (current) return { matchedCount: 1, modifiedCount: (await this.modify(current, update)).modified ? 1 : 0, upsertedId: undefined };
      if (options?.upsert !== true) return NOTHING_UPDATED;
      const inserted = await this.insertUpserted(filter, update);
      return { matchedCount: 0, modifiedCount: 0, upsertedId: inserted._id };
    });
  }

  updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.exclusive(async () => {
      assertValidUpdate(update);
      const matched = await this.datastore.findAsync(this.query(filter));
      let modifiedCount = 0;
      for (const current of matched) if ((await this.modify(current, update)).modified) modifiedCount += 1;
      return { matchedCount: matched.length, modifiedCount, upsertedId: undefined };
    });
  }

  findOneAndUpdate(filter: Filter, update: Update, options?: { readonly upsert?: boolean; readonly sort?: Sort }): Promise<T | undefined> {
    return this.exclusive(async () => {
      assertValidUpdate(update);
      const current = await this.firstMatch(filter, options?.sort);
      if (current) return (await this.modify(current, update)).document as T;
      if (options?.upsert !== true) return undefined;
      return (await this.insertUpserted(filter, update)) as T;
    });
  }

  replaceOne(filter: Filter, replacement: T, options?: { readonly upsert?: boolean }): Promise<UpdateResult> {
    return this.exclusive(async () => {
      const candidate = toStorableDocument(replacement, this.name);
      const current = await this.firstMatch(filter);
      if (current) {
        if (candidate._id !== current._id) throw new Error(`replaceOne in '${this.name}' cannot change _id '${current._id}' to '${candidate._id}'`);
        if (valuesEqual(current, candidate)) return { matchedCount: 1, modifiedCount: 0, upsertedId: undefined };
        await this.write(() => this.datastore.updateAsync({ _id: current._id }, candidate, { multi: false }));
        return { matchedCount: 1, modifiedCount: 1, upsertedId: undefined };
      }
      if (options?.upsert !== true) return NOTHING_UPDATED;
      const seededId = upsertSeed(filter)._id;
      if (seededId !== undefined && seededId !== candidate._id) throw new Error(`replaceOne in '${this.name}' cannot upsert _id '${candidate._id}' for a filter on _id '${String(seededId)}'`);
      await this.write(() => this.datastore.insertAsync(candidate));
      return { matchedCount: 0, modifiedCount: 0, upsertedId: candidate._id };
    });
  }

  deleteOne(filter: Filter): Promise<number> {
    return this.exclusive(async () => {
      const current = await this.firstMatch(filter);
      return current ? await this.datastore.removeAsync({ _id: current._id }, { multi: false }) : 0;
    });
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.exclusive(async () => {
      const ids = (await this.datastore.findAsync(this.query(filter))).map((document) => document._id);
      return ids.length === 0 ? 0 : await this.datastore.removeAsync({ _id: { $in: ids } }, { multi: true });
    });
  }

  /**
   * Creates the indexes of `specs` not yet created by this process (see `rebuildNedbIndex`) and registers TTL indexes.
   *
   * @throws {DuplicateKeyError} when existing documents break a unique index.
   */
  ensureIndexes(specs: readonly IndexSpec[]): Promise<void> {
    return this.exclusive(async () => {
      for (const spec of specs) {
        const key = indexSpecKey(spec);
        if (this.ensuredIndexes.has(key)) continue;
        try {
          await rebuildNedbIndex(this.datastore, spec);
        } catch (error) {
          throw isUniqueViolation(error) ? new DuplicateKeyError(this.name, error) : error;
        }
        const [path] = Object.keys(spec.keys);
        if (spec.expireAfterSeconds !== undefined && path !== undefined) {
          const existing = this.ttlIndexes.findIndex((index) => index.path === path);
          if (existing >= 0) this.ttlIndexes.splice(existing, 1);
          this.ttlIndexes.push({ path, expireAfterSeconds: spec.expireAfterSeconds });
        }
        this.ensuredIndexes.add(key);
      }
    });
  }

  /** Removes the documents TTL indexes have expired (they are already invisible); returns how many. Works after close. */
  removeExpiredDocuments(): Promise<number> {
    return this.mutex.run(() => this.removeExpired());
  }

  /** Rewrites the data file without superseded lines, once every operation queued so far is done. Works after close. */
  compact(): Promise<void> {
    return this.mutex.run(() => this.datastore.compactDatafileAsync());
  }

  private exclusive<R>(operation: () => Promise<R>): Promise<R> {
    try {
      this.assertOpen();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.mutex.run(operation);
  }

  private query(filter: Filter): NedbQuery {
    const matches = compileFilter(filter);
    const ttlIndexes = [...this.ttlIndexes];
    const now = Date.now();
    const visible = ttlIndexes.length === 0 ? matches : (document: Record<string, unknown>) => !isExpired(document, ttlIndexes, now) && matches(document);
    // The plain conditions let NeDB pick candidates from an index; `$where` then decides with MongoDB's semantics.
    return {
      ...indexablePrefilter(filter),
      $where: function (this: Record<string, unknown>): boolean {
        return visible(this);
      },
    };
  }

  private async firstMatch(filter: Filter, sort?: Sort): Promise<StoredDocument | undefined> {
    const query = this.query(filter);
    if (!sort || Object.keys(sort).length === 0) return (await this.datastore.findAsync(query).limit(1))[0];
    return sortDocuments(await this.datastore.findAsync(query), sort)[0];
  }

  private async modify(current: StoredDocument, update: Update): Promise<{ document: StoredDocument; modified: boolean }> {
    const next = toStorableDocument(applyUpdate(current, update, 'update'), this.name);
    if (valuesEqual(current, next)) return { document: current, modified: false };
    await this.write(() => this.datastore.updateAsync({ _id: current._id }, next, { multi: false }));
    return { document: next, modified: true };
  }

  private async insertUpserted(filter: Filter, update: Update): Promise<StoredDocument> {
    const document = toStorableDocument(applyUpdate(upsertSeed(filter), withUpsertId(filter, update), 'insert'), this.name);
    await this.write(() => this.datastore.insertAsync(document));
    return document;
  }

  /** Runs a NeDB write, turning a unique violation into {@link DuplicateKeyError}. */
  private async write<R>(operation: () => Promise<R>): Promise<R> {
    try {
      return await operation();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // An expired document that is not removed yet may hold the key; MongoDB's TTL monitor would free it soon too.
      if (this.ttlIndexes.length === 0 || (await this.removeExpired()) === 0) throw new DuplicateKeyError(this.name, error);
    }
    try {
      return await operation();
    } catch (error) {
      throw isUniqueViolation(error) ? new DuplicateKeyError(this.name, error) : error;
    }
  }

  private async removeExpired(): Promise<number> {
    if (this.ttlIndexes.length === 0) return 0;
    const ttlIndexes = [...this.ttlIndexes];
    const now = Date.now();
    return this.datastore.removeAsync(
      {
        $where: function (this: Record<string, unknown>): boolean {
          return isExpired(this, ttlIndexes, now);
        },
      },
      { multi: true },
    );
  }
}

/**
 * The top-level conditions NeDB evaluates exactly as MongoDB does (equality or `$in` on an undotted field with
 * strings, finite numbers, booleans or Dates), so NeDB can use an index for them; everything else is left to `$where`.
 */
function indexablePrefilter(filter: Filter): NedbQuery {
  const prefilter: NedbQuery = {};
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$') || field.includes('.')) continue;
    if (isIndexableValue(condition)) prefilter[field] = condition;
    else if (isPlainObject(condition)) {
      if (isIndexableValue(condition.$eq)) prefilter[field] = condition.$eq;
      else if (Array.isArray(condition.$in) && condition.$in.length > 0 && condition.$in.every(isIndexableValue)) prefilter[field] = { $in: [...condition.$in] };
    }
  }
  return prefilter;
}

function isIndexableValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (value instanceof Date && !Number.isNaN(value.getTime()));
}
