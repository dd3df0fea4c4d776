import type { z } from 'zod';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type Filter, type IndexSpec, type Sort, type StoredDocument } from '../../storage/engine/documentStore';
import { HandoffConfigExistsError, HandoffConfigNotFoundError, type HandoffConfigKind } from './handoffConfigErrors';

/**
 * The stored CRUD of one kind of configuration item: the item's `id` is the document's `_id`, the
 * rest is stored as is. What is read back is parsed with the kind's schema, so a document that no
 * longer fits it fails loudly instead of reaching the router malformed.
 *
 * @example
 * const queues = await ConfigItemCollection.open(store, 'handoffQueues', 'queue', queueSchema, { _id: 1 });
 * await queues.create({ id: 'ja-billing', name: 'Billing (ja)', languages: ['ja'], priority: 5, distribution: 'push' });
 */
export class ConfigItemCollection<T extends { readonly id: string }> {
  private constructor(
    private readonly documents: DocumentCollection<StoredDocument>,
    private readonly kind: HandoffConfigKind,
    private readonly schema: z.ZodType<T>,
    private readonly sort: Sort,
  ) {}

  /** Opens collection `name` of `store`; `list` returns items in `sort` order. */
  static async open<T extends { readonly id: string }>(store: DocumentStore, name: string, kind: HandoffConfigKind, schema: z.ZodType<T>, sort: Sort, indexes: readonly IndexSpec[] = []): Promise<ConfigItemCollection<T>> {
    // The listing's order comes from an index (the `_id` one serves a sort on `_id` alone).
    const sortIndex: IndexSpec[] = Object.keys(sort).some((field) => field !== '_id') ? [{ keys: sort }] : [];
    return new ConfigItemCollection(await store.collection<StoredDocument>(name, [...sortIndex, ...indexes]), kind, schema, sort);
  }

  /** @throws {HandoffConfigExistsError} when an item has this id. */
  async create(item: T): Promise<T> {
    try {
      await this.documents.insertOne(toDocument(item));
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new HandoffConfigExistsError(this.kind, item.id);
      throw error;
    }
    return item;
  }

  /** The item with `id`, or `undefined`. */
  async get(id: string): Promise<T | undefined> {
    const document = await this.documents.findOne({ _id: id });
    return document && this.fromDocument(document);
  }

  /** Items matching `filter` (every item without one), in the collection's order. */
  async list(filter: Filter = {}): Promise<T[]> {
    return (await this.documents.find(filter, { sort: this.sort })).map((document) => this.fromDocument(document));
  }

  /** @throws {HandoffConfigNotFoundError} when no item has `item.id`. */
  async replace(item: T): Promise<T> {
    const result = await this.documents.replaceOne({ _id: item.id }, toDocument(item));
    if (result.matchedCount === 0) throw new HandoffConfigNotFoundError(this.kind, item.id);
    return item;
  }

  /** @throws {HandoffConfigNotFoundError} when no item has `id`. */
  async delete(id: string): Promise<void> {
    if ((await this.documents.deleteOne({ _id: id })) === 0) throw new HandoffConfigNotFoundError(this.kind, id);
  }

  private fromDocument(document: StoredDocument): T {
    const { _id, ...rest } = document;
    return this.schema.parse({ id: _id, ...rest });
  }
}

function toDocument(item: { readonly id: string }): StoredDocument {
  const { id, ...rest } = item;
  // A parsed request's absent optional fields arrive as undefined; storing them would read back as null.
  return { _id: id, ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) };
}
