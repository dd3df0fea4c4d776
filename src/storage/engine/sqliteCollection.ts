import type { StatementSync } from 'node:sqlite';
import type { DocumentCollection, Filter, FindOptions, Sort, StoredDocument, Update, UpdateResult, WriteOptions } from './documentStore';
import { DuplicateKeyError } from './documentStore';
import type { CollectionLayout } from './sqliteCollectionLayout';
import { isUniqueViolation } from './sqliteErrors';
import { jsonPath, keyExpression, quoteIdentifier } from './sqliteIndexes';
import { DATE_LOW, decodeDocument, encodeDocument, storedScalar } from './sqliteJson';
import { translateFilter, translateSort, type SqlValue } from './sqliteQuery';
import { sortDocuments } from './sortOrder';
import { toStorableDocument } from './storableDocument';
import { applyUpdate, assertValidUpdate } from './updateApplier';
import { upsertSeed, withUpsertId } from './upsertDocument';
import { valuesEqual } from './valueOrder';

/** What a collection needs from its store. */
export interface SqliteContext {
  /** Runs `work` in the next group-commit transaction, or at once when `prompt` (see `sqliteTransactionQueue.ts`); rejects once closed. */
  run<R>(writes: boolean, work: () => R, prompt?: boolean): Promise<R>;
  /** A prepared statement, cached. */
  statement(sql: string): StatementSync;
  /** The collection's indexes and field shapes, as of this transaction. */
  layout(collection: string): CollectionLayout;
  /** Records, in this transaction, that an indexed field of `collection` has held an array or sub-document. */
  noteNonScalarPath(collection: string, path: string): void;
}

interface Row {
  readonly _id: string;
  readonly doc: string;
}

const NOTHING_UPDATED: UpdateResult = { matchedCount: 0, modifiedCount: 0, upsertedId: undefined };

/**
 * One collection of the SQLite store: a table `(_id TEXT PRIMARY KEY, doc TEXT)` holding each document as JSON text
 * (`sqliteJson.ts`), queried through `sqliteQuery.ts`, updated with `updateApplier.ts`. Every operation runs inside a
 * transaction of the store's group commit, so find-then-write operations (updates, upserts, compare-and-set) are
 * atomic across processes. Documents past a TTL index's expiry are invisible at once and deleted by the store's sweep.
 */
export class SqliteCollection<T extends StoredDocument> implements DocumentCollection<T> {
  private readonly table: string;

  constructor(
    readonly name: string,
    private readonly context: SqliteContext,
  ) {
    this.table = quoteIdentifier(name);
  }

  async insertOne(document: T): Promise<void> {
    const stored = toStorableDocument(document, this.name);
    return this.context.run(true, () => this.insert(stored));
  }

  async insertManyIgnoringDuplicates(documents: readonly T[], options?: WriteOptions): Promise<string[]> {
    const stored = documents.map((document) => toStorableDocument(document, this.name));
    return this.context.run(true, () => {
      const duplicates: string[] = [];
      for (const document of stored) {
        try {
          this.insert(document);
        } catch (error) {
          if (!(error instanceof DuplicateKeyError)) throw error;
          duplicates.push(document._id);
        }
      }
      return duplicates;
    }, options?.promptly === true);
  }

  async findOne(filter: Filter, options?: { readonly sort?: Sort }): Promise<T | undefined> {
    return this.context.run(false, () => this.select(filter, { ...(options?.sort ? { sort: options.sort } : {}), limit: 1 })[0] as T | undefined);
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.context.run(false, () => this.select(filter, options) as T[]);
  }

  async countDocuments(filter: Filter): Promise<number> {
    return this.context.run(false, () => {
      const query = this.where(filter);
      if (query.residual) return this.select(filter, {}).length;
      return (this.context.statement(`SELECT count(*) AS n FROM ${this.table} WHERE ${query.where}`).get(...query.params) as { n: number }).n;
    });
  }

  async updateOne(filter: Filter, update: Update, options?: { readonly upsert?: boolean }): Promise<UpdateResult> {
    assertValidUpdate(update);
    return this.context.run(true, () => {
      const [current] = this.select(filter, { limit: 1 });
      if (current) return { matchedCount: 1, modifiedCount: this.modify(current, update).modified ? 1 : 0, upsertedId: undefined };
      if (options?.upsert !== true) return NOTHING_UPDATED;
      return { matchedCount: 0, modifiedCount: 0, upsertedId: this.insertUpserted(filter, update)._id };
    });
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    assertValidUpdate(update);
    return this.context.run(true, () => {
      const matched = this.select(filter, {});
      let modifiedCount = 0;
      for (const current of matched) if (this.modify(current, update).modified) modifiedCount += 1;
      return { matchedCount: matched.length, modifiedCount, upsertedId: undefined };
    });
  }

  async findOneAndUpdate(filter: Filter, update: Update, options?: { readonly upsert?: boolean; readonly sort?: Sort }): Promise<T | undefined> {
    assertValidUpdate(update);
    return this.context.run(true, () => {
      const [current] = this.select(filter, { ...(options?.sort ? { sort: options.sort } : {}), limit: 1 });
      if (current) return this.modify(current, update).document as T;
      if (options?.upsert !== true) return undefined;
      return this.insertUpserted(filter, update) as T;
    });
  }

  async replaceOne(filter: Filter, replacement: T, options?: { readonly upsert?: boolean }): Promise<UpdateResult> {
    const candidate = toStorableDocument(replacement, this.name);
    return this.context.run(true, () => {
      const [current] = this.select(filter, { limit: 1 });
      if (current) {
        if (candidate._id !== current._id) throw new Error(`replaceOne in '${this.name}' cannot change _id '${current._id}' to '${candidate._id}'`);
        if (valuesEqual(current, candidate)) return { matchedCount: 1, modifiedCount: 0, upsertedId: undefined };
        this.write(candidate, 'update');
        return { matchedCount: 1, modifiedCount: 1, upsertedId: undefined };
      }
      if (options?.upsert !== true) return NOTHING_UPDATED;
      const seededId = upsertSeed(filter)._id;
      if (seededId !== undefined && seededId !== candidate._id) throw new Error(`replaceOne in '${this.name}' cannot upsert _id '${candidate._id}' for a filter on _id '${String(seededId)}'`);
      this.insert(candidate);
      return { matchedCount: 0, modifiedCount: 0, upsertedId: candidate._id };
    });
  }

  async deleteOne(filter: Filter): Promise<number> {
    return this.context.run(true, () => {
      const [current] = this.select(filter, { limit: 1 });
      return current ? this.deleteById(current._id) : 0;
    });
  }

  async deleteMany(filter: Filter): Promise<number> {
    return this.context.run(true, () => {
      const query = this.where(filter);
      if (!query.residual) return Number(this.context.statement(`DELETE FROM ${this.table} WHERE ${query.where}`).run(...query.params).changes);
      return this.select(filter, {}).reduce((deleted, document) => deleted + this.deleteById(document._id), 0);
    });
  }

  /** Deletes the documents TTL indexes have expired (already invisible); returns how many. Runs inside a transaction. */
  removeExpired(): number {
    let removed = 0;
    for (const rule of this.context.layout(this.name).ttlRules) {
      const { sql, params } = this.expiredCondition(rule.path, rule.expireAfterSeconds);
      removed += Number(this.context.statement(`DELETE FROM ${this.table} WHERE ${sql}`).run(...params).changes);
    }
    return removed;
  }

  /** The matching, visible documents in `options.sort` order, skipped and limited. Runs inside a transaction. */
  private select(filter: Filter, options: FindOptions): StoredDocument[] {
    const { sort, skip = 0, limit = 0 } = options;
    if (!Number.isSafeInteger(skip) || skip < 0) throw new RangeError('skip must be a non-negative integer');
    if (!Number.isSafeInteger(limit)) throw new RangeError('limit must be an integer');
    // As in MongoDB, a negative limit means the same number of documents, and 0 means no limit.
    const count = Math.abs(limit);
    const query = this.where(filter);
    const orderBy = translateSort(sort, this.context.layout(this.name));
    const ordered = orderBy ? ` ORDER BY ${orderBy}` : '';
    if (orderBy !== undefined && !query.residual) {
      const paged = count > 0 || skip > 0 ? ' LIMIT ? OFFSET ?' : '';
      const rows = this.context.statement(`SELECT _id, doc FROM ${this.table} WHERE ${query.where}${ordered}${paged}`).all(...query.params, ...(paged ? [count > 0 ? count : -1, skip] : [])) as unknown as Row[];
      return rows.map((row) => decodeDocument(row.doc));
    }
    const rows = this.context.statement(`SELECT _id, doc FROM ${this.table} WHERE ${query.where}${ordered}`).iterate(...query.params) as IterableIterator<Row>;
    if (orderBy === undefined) {
      const matching: StoredDocument[] = [];
      for (const row of rows) {
        const document = decodeDocument(row.doc);
        if (!query.residual || query.residual(document)) matching.push(document);
      }
      const sorted = sortDocuments(matching, sort ?? {});
      return count > 0 ? sorted.slice(skip, skip + count) : sorted.slice(skip);
    }
    const page: StoredDocument[] = [];
    let skipped = 0;
    for (const row of rows) {
      const document = decodeDocument(row.doc);
      if (query.residual && !query.residual(document)) continue;
      if (skipped < skip) skipped += 1;
      else page.push(document);
      if (count > 0 && page.length >= count) break;
    }
    return page;
  }

  /** The filter as SQL, with TTL expiry hiding expired documents. */
  private where(filter: Filter): { where: string; params: SqlValue[]; residual: ((document: Record<string, unknown>) => boolean) | undefined } {
    const layout = this.context.layout(this.name);
    const translated = translateFilter(filter, layout);
    const parts = [translated.where];
    const params = [...translated.params];
    for (const rule of layout.ttlRules) {
      const expired = this.expiredCondition(rule.path, rule.expireAfterSeconds);
      parts.push(`NOT (${expired.sql})`);
      params.push(...expired.params);
    }
    return { where: parts.join(' AND '), params, residual: translated.residual };
  }

  /** Documents whose earliest Date at `path` plus `expireAfterSeconds` lies in the past (MongoDB's TTL rule). */
  private expiredCondition(path: string, expireAfterSeconds: number): { sql: string; params: SqlValue[] } {
    const params = [DATE_LOW, storedScalar(new Date(Date.now() - expireAfterSeconds * 1000))];
    if (this.context.layout(this.name).isScalarKey(path)) return { sql: `(${keyExpression(path)} >= ? AND ${keyExpression(path)} < ?)`, params };
    return { sql: `EXISTS (SELECT 1 FROM json_each(doc, '${jsonPath(path)}') WHERE value >= ? AND value < ?)`, params };
  }

  private modify(current: StoredDocument, update: Update): { document: StoredDocument; modified: boolean } {
    const next = toStorableDocument(applyUpdate(current, update, 'update'), this.name);
    if (valuesEqual(current, next)) return { document: current, modified: false };
    this.write(next, 'update');
    return { document: next, modified: true };
  }

  private insertUpserted(filter: Filter, update: Update): StoredDocument {
    const document = toStorableDocument(applyUpdate(upsertSeed(filter), withUpsertId(filter, update), 'insert'), this.name);
    this.insert(document);
    return document;
  }

  private insert(document: StoredDocument): void {
    this.write(document, 'insert');
  }

  /** Inserts or rewrites `document`, turning a broken unique constraint into {@link DuplicateKeyError}. */
  private write(document: StoredDocument, mode: 'insert' | 'update'): void {
    const layout = this.context.layout(this.name);
    for (const path of layout.newNonScalarPaths(document)) this.context.noteNonScalarPath(this.name, path);
    const text = encodeDocument(document);
    const run = (): void => {
      if (mode === 'insert') this.context.statement(`INSERT INTO ${this.table} (_id, doc) VALUES (?, ?)`).run(document._id, text);
      else this.context.statement(`UPDATE ${this.table} SET doc = ? WHERE _id = ?`).run(text, document._id);
    };
    try {
      run();
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // An expired document not swept yet may hold the key; MongoDB's TTL monitor would free it soon too.
      if (this.removeExpired() === 0) throw new DuplicateKeyError(this.name, error);
    }
    try {
      run();
    } catch (error) {
      throw isUniqueViolation(error) ? new DuplicateKeyError(this.name, error) : error;
    }
  }

  private deleteById(id: string): number {
    return Number(this.context.statement(`DELETE FROM ${this.table} WHERE _id = ?`).run(id).changes);
  }
}
