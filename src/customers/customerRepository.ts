import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type Filter, type Update } from '../storage/engine/documentStore';
import { CONTACT_ID, CONTACT_INDEXES, contactPatchSchema, newContactId, newContactSchema, searchKey, toContact, type Contact, type ContactDocument, type ContactPatch, type NewContact } from './contact.js';
import { CUSTOMER_INDEXES, sightingSchema, toCustomer, type Customer, type CustomerDocument, type CustomerSighting } from './customer.js';
import { ContactExternalIdTakenError, ContactNotFoundError, CustomerAlreadyLinkedError, CustomerNotFoundError, CustomerValidationError, parseInput } from './customerErrors.js';

export type { Contact, ContactPatch, NewContact } from './contact.js';
export { isCustomerId, type Customer, type CustomerSighting } from './customer.js';
export { ContactExternalIdTakenError, ContactNotFoundError, CustomerAlreadyLinkedError, CustomerNotFoundError, CustomerValidationError } from './customerErrors.js';

/** Name of the collection of customers (one per channel user). */
export const CUSTOMERS_COLLECTION = 'customers';
/** Name of the collection of contacts (people, as the business knows them). */
export const CONTACTS_COLLECTION = 'contacts';

const MAX_SEARCH_LIMIT = 100;
const DEFAULT_SEARCH_SCAN_LIMIT = 2_000;
const MAX_CUSTOMERS_PER_CONTACT = 1_000;

/** Options of {@link CustomerRepository}. */
export interface CustomerRepositoryOptions {
  /** Clock of `createdAt`/`updatedAt`, for tests. */
  readonly now?: () => Date;
  /** How many recently updated contacts a substring search reads at most (see {@link CustomerRepository.searchContacts}). */
  readonly searchScanLimit?: number;
  /** Seconds a customer of `channelId` is kept after last seen; kept forever when `undefined` (the default). */
  readonly ttlSecondsOf?: (channelId: string) => number | undefined;
}

/**
 * Customers (each user of each channel, `customers`) and the contacts they may be linked to (`contacts`).
 *
 * A customer is recorded as events arrive ({@link CustomerRepository.recordSeen}); a contact is what an operator
 * (or a CRM sync) knows about the person. Erasing a person is the caller's composition: delete the customer, its
 * attachments and its transcripts, then the contact.
 *
 * @example
 * const customers = new CustomerRepository(store);
 * await customers.recordSeen({ channelId: 'line', userId, accountId: 'default', displayName: 'Aiko', at: activity.timestamp });
 * const contact = await customers.createContactFromCustomer(`line:${userId}`, { email: 'aiko@example.com' });
 */
export class CustomerRepository {
  private customersPromise: Promise<DocumentCollection<CustomerDocument>> | undefined;
  private contactsPromise: Promise<DocumentCollection<ContactDocument>> | undefined;
  private readonly now: () => Date;
  private readonly searchScanLimit: number;
  private readonly ttlSecondsOf: (channelId: string) => number | undefined;

  constructor(
    private readonly store: DocumentStore,
    options: CustomerRepositoryOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.searchScanLimit = options.searchScanLimit ?? DEFAULT_SEARCH_SCAN_LIMIT;
    this.ttlSecondsOf = options.ttlSecondsOf ?? (() => undefined);
  }

  /**
   * Records that a user was seen: creates the customer the first time, keeps `firstSeenAt` the earliest and
   * `lastSeenAt` the latest of the times given (events may be processed out of order), adds the account to
   * `accountIds`, and sets the profile fields that are given (a profile is fetched when the event is handled, so
   * the last one given is the freshest).
   *
   * @throws {CustomerValidationError} naming the invalid field.
   */
  async recordSeen(sighting: CustomerSighting): Promise<Customer> {
    const valid = parseInput(sightingSchema, sighting);
    const customers = await this.customers();
    const id = `${valid.channelId}:${valid.userId}`;
    const profile: Record<string, unknown> = {};
    for (const field of ['displayName', 'pictureUrl', 'language'] as const) {
      if (valid[field] !== undefined) profile[field] = valid[field];
    }
    // Kept for a while after the latest sighting: set with lastSeenAt, never from an older one.
    const ttlSeconds = this.ttlSecondsOf(valid.channelId);
    const expiry = ttlSeconds === undefined ? {} : { expiresAt: new Date(valid.at.getTime() + ttlSeconds * 1000) };
    const addAccount: Pick<Update, '$addToSet'> = valid.accountId !== undefined ? { $addToSet: { accountIds: valid.accountId } } : {};

    // The usual case, a returning customer seen later than before, costs one write.
    // A channel without a lifetime drops one an earlier version stamped, which would delete an active customer.
    const dropExpiry: Pick<Update, '$unset'> = ttlSeconds === undefined ? { $unset: { expiresAt: true } } : {};
    const advanced = await customers.findOneAndUpdate({ _id: id, lastSeenAt: { $lt: valid.at } }, { $set: { ...profile, lastSeenAt: valid.at, ...expiry }, ...dropExpiry, ...addAccount });
    if (advanced) return toCustomer(advanced);

    const upsert: Update = {
      ...(Object.keys(profile).length > 0 ? { $set: profile } : {}),
      $setOnInsert: {
        channelId: valid.channelId,
        userId: valid.userId,
        firstSeenAt: valid.at,
        lastSeenAt: valid.at,
        ...expiry,
        ...(valid.accountId === undefined ? { accountIds: [] } : {}),
      },
      ...addAccount,
    };
    let current: CustomerDocument | undefined;
    try {
      current = await customers.findOneAndUpdate({ _id: id }, upsert, { upsert: true });
    } catch (error) {
      // Two first events of one user handled together: one inserts, the other finds it on a second try.
      if (!(error instanceof DuplicateKeyError)) throw error;
      return this.recordSeen(sighting);
    }
    if (!current) throw new CustomerNotFoundError(id);
    if (current.lastSeenAt.getTime() < valid.at.getTime()) {
      // Inserted concurrently by an earlier event between the two writes above.
      current = (await customers.findOneAndUpdate({ _id: id, lastSeenAt: { $lt: valid.at } }, { $set: { lastSeenAt: valid.at, ...expiry } })) ?? current;
    }
    if (current.firstSeenAt.getTime() > valid.at.getTime()) {
      current = (await customers.findOneAndUpdate({ _id: id, firstSeenAt: { $gt: valid.at } }, { $set: { firstSeenAt: valid.at } })) ?? current;
    }
    return toCustomer(current);
  }

  /** The customer `{channelId}:{userId}`, or `undefined`. */
  async get(customerId: string): Promise<Customer | undefined> {
    const document = await (await this.customers()).findOne({ _id: customerId });
    return document && toCustomer(document);
  }

  /** The customers among `customerIds` that exist, in one read (the handoff's lists show many at once). */
  async getMany(customerIds: readonly string[]): Promise<Customer[]> {
    if (customerIds.length === 0) return [];
    return (await (await this.customers()).find({ _id: { $in: [...new Set(customerIds)] } })).map(toCustomer);
  }

  /**
   * Links a customer to a contact (replacing any earlier link).
   *
   * @throws {ContactNotFoundError} when the contact does not exist (also when it was deleted while linking).
   * @throws {CustomerNotFoundError} when the customer does not exist.
   */
  async linkContact(customerId: string, contactId: string): Promise<Customer> {
    if (!(await this.getContact(contactId))) throw new ContactNotFoundError(contactId);
    const customers = await this.customers();
    const linked = await customers.findOneAndUpdate({ _id: customerId }, { $set: { contactId } });
    if (!linked) throw new CustomerNotFoundError(customerId);
    // A contact deleted between the check and the link must not leave a dangling link behind.
    if (!(await this.getContact(contactId))) {
      await customers.updateOne({ _id: customerId, contactId }, { $unset: { contactId: true } });
      throw new ContactNotFoundError(contactId);
    }
    return toCustomer(linked);
  }

  /**
   * Replaces a customer's tags (trimmed, lower-cased, duplicates dropped).
   *
   * @throws {CustomerValidationError} when a tag is empty or longer than 50 characters, or there are more than 50.
   * @throws {CustomerNotFoundError} when the customer does not exist.
   */
  async setTags(customerId: string, tags: readonly string[]): Promise<Customer> {
    const normalized = [...new Set(tags.map((tag) => tag.trim().toLowerCase()))];
    if (normalized.length > 50) throw new CustomerValidationError('tags', 'at most 50 tags');
    const bad = normalized.find((tag) => tag.length === 0 || tag.length > 50);
    if (bad !== undefined) throw new CustomerValidationError('tags', 'a tag is 1 to 50 characters');
    const updated = await (await this.customers()).findOneAndUpdate({ _id: customerId }, { $set: { tags: normalized } });
    if (!updated) throw new CustomerNotFoundError(customerId);
    return toCustomer(updated);
  }

  /** Removes a customer's link to its contact; `false` when it had none (or there is no such customer). */
  async unlinkContact(customerId: string): Promise<boolean> {
    const result = await (await this.customers()).updateOne({ _id: customerId, contactId: { $exists: true } }, { $unset: { contactId: true } });
    return result.modifiedCount > 0;
  }

  /** The id of the contact a customer is linked to, or `undefined`. */
  async contactIdOf(customerId: string): Promise<string | undefined> {
    return (await (await this.customers()).findOne({ _id: customerId }))?.contactId;
  }

  /** The distinct contacts the given customers are linked to (customers without a contact add none). */
  async contactIdsOf(customerIds: readonly string[]): Promise<string[]> {
    if (customerIds.length === 0) return [];
    const documents = await (await this.customers()).find({ _id: { $in: [...customerIds] }, contactId: { $exists: true } });
    return [...new Set(documents.flatMap((document) => (document.contactId === undefined ? [] : [document.contactId])))];
  }

  /** The customers linked to a contact (at most 1,000), earliest first. */
  async customersOfContact(contactId: string): Promise<Customer[]> {
    const documents = await (await this.customers()).find({ contactId }, { sort: { firstSeenAt: 1 }, limit: MAX_CUSTOMERS_PER_CONTACT });
    return documents.map(toCustomer);
  }

  /** Deletes a customer record (not its contact); `false` when there was none. */
  async delete(customerId: string): Promise<boolean> {
    return (await (await this.customers()).deleteOne({ _id: customerId })) > 0;
  }

  /**
   * Adds a contact.
   *
   * @throws {CustomerValidationError} naming the invalid field.
   * @throws {ContactExternalIdTakenError} when another contact has `externalId`.
   */
  async createContact(input: NewContact): Promise<Contact> {
    const valid = parseInput(newContactSchema, input);
    const now = this.now();
    const document: ContactDocument = { _id: newContactId(), name: valid.name, nameKey: searchKey('name', valid.name), createdAt: now, updatedAt: now };
    if (valid.email !== undefined) Object.assign(document, { email: valid.email, emailKey: searchKey('email', valid.email) });
    if (valid.phone !== undefined) Object.assign(document, { phone: valid.phone, phoneKey: searchKey('phone', valid.phone) });
    if (valid.externalId !== undefined) Object.assign(document, { externalId: valid.externalId, externalIdKey: searchKey('externalId', valid.externalId) });
    if (valid.notes !== undefined) document.notes = valid.notes;
    try {
      await (await this.contacts()).insertOne(document);
    } catch (error) {
      if (error instanceof DuplicateKeyError && valid.externalId !== undefined) throw new ContactExternalIdTakenError(valid.externalId, error);
      throw error;
    }
    return toContact(document);
  }

  /**
   * Creates a contact from a customer's profile (its display name, unless `overrides.name` is given) and links the
   * customer to it.
   *
   * @throws {CustomerNotFoundError} when there is no such customer.
   * @throws {CustomerAlreadyLinkedError} when the customer is linked to a contact already.
   * @throws {CustomerValidationError} naming the invalid field of `overrides`.
   */
  async createContactFromCustomer(customerId: string, overrides: Partial<NewContact> = {}): Promise<Contact> {
    const customers = await this.customers();
    const customer = await customers.findOne({ _id: customerId });
    if (!customer) throw new CustomerNotFoundError(customerId);
    if (customer.contactId !== undefined) throw new CustomerAlreadyLinkedError(customerId, customer.contactId);
    const name = overrides.name ?? (customer.displayName?.trim() || `${customer.channelId} user …${customer.userId.slice(-6)}`);
    const contact = await this.createContact({ ...overrides, name });
    const linked = await customers.updateOne({ _id: customerId, contactId: { $exists: false } }, { $set: { contactId: contact.id } });
    if (linked.matchedCount === 0) {
      // Linked (or deleted) by someone else meanwhile: the new contact would be an orphan.
      await (await this.contacts()).deleteOne({ _id: contact.id });
      const contactId = await this.contactIdOf(customerId);
      if (contactId === undefined) throw new CustomerNotFoundError(customerId);
      throw new CustomerAlreadyLinkedError(customerId, contactId);
    }
    return contact;
  }

  /** The contact, or `undefined`. */
  async getContact(contactId: string): Promise<Contact | undefined> {
    if (!CONTACT_ID.test(contactId)) return undefined;
    const document = await (await this.contacts()).findOne({ _id: contactId });
    return document && toContact(document);
  }

  /**
   * Changes a contact; `updatedAt` moves.
   *
   * @throws {CustomerValidationError} naming the invalid field.
   * @throws {ContactNotFoundError} when there is no such contact.
   * @throws {ContactExternalIdTakenError} when another contact has the new `externalId`.
   */
  async updateContact(contactId: string, patch: ContactPatch): Promise<Contact> {
    const valid = parseInput(contactPatchSchema, patch);
    const contacts = await this.contacts();
    const current = CONTACT_ID.test(contactId) ? await contacts.findOne({ _id: contactId }) : undefined;
    if (!current) throw new ContactNotFoundError(contactId);

    // Only the patched fields (and their search keys) are written, so concurrent edits of other fields survive.
    const $set: Record<string, unknown> = { updatedAt: this.now() };
    const $unset: Record<string, true> = {};
    if (valid.name !== undefined) Object.assign($set, { name: valid.name, nameKey: searchKey('name', valid.name) });
    for (const field of ['email', 'phone', 'externalId', 'notes'] as const) {
      const value = valid[field];
      if (value === null) {
        $unset[field] = true;
        if (field !== 'notes') $unset[`${field}Key`] = true;
      } else if (value !== undefined) {
        $set[field] = value;
        if (field !== 'notes') $set[`${field}Key`] = searchKey(field, value);
      }
    }
    let updated: ContactDocument | undefined;
    try {
      updated = await contacts.findOneAndUpdate({ _id: contactId }, Object.keys($unset).length > 0 ? { $set, $unset } : { $set });
    } catch (error) {
      if (error instanceof DuplicateKeyError && typeof valid.externalId === 'string') throw new ContactExternalIdTakenError(valid.externalId, error);
      throw error;
    }
    if (!updated) throw new ContactNotFoundError(contactId);
    return toContact(updated);
  }

  /**
   * Contacts matching `query` (case-insensitive), at most `limit` (1–100):
   * 1. those whose name, email, external id or phone digits *start with* the query — an index range over the whole
   *    collection, sorted by name;
   * 2. then those that merely *contain* it, among the `searchScanLimit` (default 2,000) most recently updated
   *    contacts only — a substring search on a larger collection would read it all, so older contacts are found
   *    by prefix only.
   * An empty query lists the most recently updated contacts. With `among`, only those contacts are searched.
   */
  async searchContacts(query: string, limit = 20, options: { readonly among?: readonly string[] } = {}): Promise<Contact[]> {
    const bounded = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.floor(limit) || 1));
    const contacts = await this.contacts();
    const needle = query.trim().toLowerCase();
    const scope: Filter = options.among === undefined ? {} : { _id: { $in: [...options.among] } };
    if (needle === '') return (await contacts.find(scope, { sort: { updatedAt: -1 }, limit: bounded })).map(toContact);

    const digits = needle.replace(/\D/g, '');
    // U+10FFFF is the highest code point: the range holds every string starting with `value`, in code-point order.
    const prefix = (value: string): { $gte: string; $lt: string } => ({ $gte: value, $lt: `${value}\u{10FFFF}` });
    const ranges: Filter[] = [{ nameKey: prefix(needle) }, { emailKey: prefix(needle) }, { externalIdKey: prefix(needle) }];
    // Only a query that is mostly a phone number is compared with phone digits, or "a1" would match every 1….
    if (digits.length >= 3 && /^[+0-9 ()-]+$/.test(needle)) ranges.push({ phoneKey: prefix(digits) });
    const found = await contacts.find({ ...scope, $or: ranges }, { sort: { nameKey: 1 }, limit: bounded });

    if (found.length < bounded) {
      const seen = new Set(found.map((contact) => contact._id));
      const recent = await contacts.find(scope, { sort: { updatedAt: -1 }, limit: this.searchScanLimit });
      for (const contact of recent) {
        if (found.length >= bounded) break;
        if (seen.has(contact._id)) continue;
        const haystacks = [contact.nameKey, contact.emailKey, contact.externalIdKey];
        const matches = haystacks.some((value) => value?.includes(needle)) || (digits.length >= 3 && /^[+0-9 ()-]+$/.test(needle) && contact.phoneKey?.includes(digits));
        if (matches) found.push(contact);
      }
    }
    return found.map(toContact);
  }

  /** Deletes a contact and unlinks the customers that pointed at it; `false` when there was none. */
  async deleteContact(contactId: string): Promise<boolean> {
    if (!CONTACT_ID.test(contactId)) return false;
    const customers = await this.customers();
    await customers.updateMany({ contactId }, { $unset: { contactId: true } });
    const deleted = await (await this.contacts()).deleteOne({ _id: contactId });
    // A link made between the two writes above would otherwise point at nothing.
    await customers.updateMany({ contactId }, { $unset: { contactId: true } });
    return deleted > 0;
  }

  private customers(): Promise<DocumentCollection<CustomerDocument>> {
    this.customersPromise ??= this.store.collection<CustomerDocument>(CUSTOMERS_COLLECTION, CUSTOMER_INDEXES);
    return this.customersPromise;
  }

  private contacts(): Promise<DocumentCollection<ContactDocument>> {
    this.contactsPromise ??= this.store.collection<ContactDocument>(CONTACTS_COLLECTION, CONTACT_INDEXES);
    return this.contactsPromise;
  }
}

