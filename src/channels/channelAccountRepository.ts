import type { z } from 'zod';
import { LINE_ACCOUNT_ID_PATTERN, type LineAccount } from '../../adapters/line/lineAccount';
import type { LineAccountDirectory } from '../../adapters/line/lineAdapter';
import { CacheInvalidation } from '../storage/cacheInvalidation';
import type { ChangeFeed } from '../storage/changeFeed';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type IndexSpec } from '../storage/engine/documentStore';
import type { SecretBox } from '../storage/secretBox';
import { generateAccountId, toView, type ChannelAccountDocument, type ChannelAccountPatch, type ChannelAccountView, type NewChannelAccount } from './channelAccount.js';
import { ChannelAccountExistsError, ChannelAccountNotFoundError, parse } from './channelAccountErrors.js';
import { environmentAccountSchema, newAccountSchema, patchSchema } from './channelAccountInput.js';

export type { ChannelAccountOrigin, ChannelAccountPatch, ChannelAccountView, NewChannelAccount } from './channelAccount.js';
export { ChannelAccountExistsError, ChannelAccountNotFoundError, ChannelAccountValidationError } from './channelAccountErrors.js';

/** Topic of the {@link ChangeFeed} that tells other instances an account changed. */
export const CHANNEL_ACCOUNTS_TOPIC = 'channelAccounts';

/** Name of the collection of LINE channel accounts. */
export const CHANNEL_ACCOUNTS_COLLECTION = 'lineChannelAccounts';

/** Id of the account configured from the `LINE_*` environment variables. */
export const ENVIRONMENT_ACCOUNT_ID = 'default';

const DEFAULT_CACHE_TTL_MS = 30_000;
const MAX_CACHED_ACCOUNTS = 500;
const MAX_LISTED_ACCOUNTS = 1_000;
/** Tokens shorter than this show no hint: four characters of a short token would give too much away. */
const MIN_TOKEN_LENGTH_FOR_HINT = 20;

/** Options of {@link ChannelAccountRepository}. */
export interface ChannelAccountRepositoryOptions {
  /**
   * How long a decrypted account is reused by {@link ChannelAccountRepository.get}. This repository's own writes
   * invalidate it at once, other instances' writes through `changes`; the TTL bounds how long another instance's
   * change goes unseen when the feed misses it.
   */
  readonly cacheTtlMs?: number;
  /** The change feed through which writes drop the cached account on every instance. */
  readonly changes?: ChangeFeed;
  /** Clock, for tests. */
  readonly now?: () => Date;
}

const INDEXES: readonly IndexSpec[] = [];

interface CacheEntry {
  readonly account: Promise<LineAccount | undefined>;
  readonly expiresAt: number;
}

/**
 * The LINE channel accounts the server serves, stored in the `lineChannelAccounts` collection with their channel
 * secret and access token sealed by a {@link SecretBox} (never stored in clear).
 *
 * Two views: {@link ChannelAccountRepository.describe} / {@link ChannelAccountRepository.list} for operators (no
 * secrets), and {@link ChannelAccountRepository.get} for the LINE adapter (decrypted credentials, as
 * {@link LineAccountDirectory} asks). The adapter's view is cached in process for a short time, so a webhook does
 * not cost a read and two decryptions; with a change feed, a write on any instance drops it on every instance.
 *
 * @example
 * const accounts = new ChannelAccountRepository(store, box);
 * await accounts.upsertFromEnvironment({ id: 'default', name: 'LINE', channelSecret, channelAccessToken, apiBaseUrl, dataApiBaseUrl });
 * const adapter = new LineAdapter({ accounts });
 */
export class ChannelAccountRepository implements LineAccountDirectory {
  private collectionPromise: Promise<DocumentCollection<ChannelAccountDocument>> | undefined;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly cacheTtlMs: number;
  private readonly now: () => Date;
  private readonly invalidation: CacheInvalidation;

  constructor(
    private readonly store: DocumentStore,
    private readonly box: SecretBox,
    options: ChannelAccountRepositoryOptions = {},
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    this.now = options.now ?? (() => new Date());
    this.invalidation = new CacheInvalidation(options.changes, CHANNEL_ACCOUNTS_TOPIC, (accountId) => this.cache.delete(accountId));
  }

  /**
   * Adds an account.
   *
   * @throws {ChannelAccountValidationError} naming the first invalid field.
   * @throws {ChannelAccountExistsError} when `input.id` is taken.
   * @example await accounts.create({ name: 'Acme Support', channelSecret, channelAccessToken }) // id 'acme-support-k3x9qa'
   */
  async create(input: NewChannelAccount): Promise<ChannelAccountView> {
    const valid = parse(newAccountSchema, input);
    const collection = await this.collection();
    const now = this.now();
    // A generated id can collide only by bad luck; a few fresh suffixes settle it.
    for (let attempt = 1; ; attempt += 1) {
      const id = valid.id ?? generateAccountId(valid.name);
      const document: ChannelAccountDocument = {
        _id: id,
        name: valid.name,
        apiBaseUrl: valid.apiBaseUrl,
        dataApiBaseUrl: valid.dataApiBaseUrl,
        defaultLanguage: valid.defaultLanguage,
        enabled: valid.enabled,
        origin: 'admin',
        createdAt: now,
        updatedAt: now,
      };
      if (valid.channelId !== undefined) document.channelId = valid.channelId;
      Object.assign(document, this.sealSecrets(id, valid).set);
      try {
        await collection.insertOne(document);
        await this.forget(id);
        return toView(document);
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        if (valid.id !== undefined || attempt >= 3) throw new ChannelAccountExistsError(id, error);
      }
    }
  }

  /** The operator's view of an account (no secrets), or `undefined` when there is none. */
  async describe(accountId: string): Promise<ChannelAccountView | undefined> {
    if (!LINE_ACCOUNT_ID_PATTERN.test(accountId)) return undefined;
    const document = await (await this.collection()).findOne({ _id: accountId });
    return document && toView(document);
  }

  /** Every account (at most 1,000), by id. */
  async list(): Promise<ChannelAccountView[]> {
    const documents = await (await this.collection()).find({}, { sort: { _id: 1 }, limit: MAX_LISTED_ACCOUNTS });
    return documents.map(toView);
  }

  /**
   * Changes an account; new secrets are sealed, `updatedAt` moves.
   *
   * @throws {ChannelAccountValidationError} naming the first invalid field.
   * @throws {ChannelAccountNotFoundError} when there is no such account.
   */
  async update(accountId: string, patch: ChannelAccountPatch): Promise<ChannelAccountView> {
    const valid = parse(patchSchema, patch);
    const $set: Record<string, unknown> = { updatedAt: this.now() };
    const $unset: Record<string, true> = {};
    for (const field of ['name', 'apiBaseUrl', 'dataApiBaseUrl', 'defaultLanguage', 'enabled'] as const) {
      if (valid[field] !== undefined) $set[field] = valid[field];
    }
    if (valid.channelId === null) $unset.channelId = true;
    else if (valid.channelId !== undefined) $set.channelId = valid.channelId;
    const sealed = this.sealSecrets(accountId, valid);
    Object.assign($set, sealed.set);
    Object.assign($unset, sealed.unset);

    const collection = await this.collection();
    const updated = LINE_ACCOUNT_ID_PATTERN.test(accountId)
      ? await collection.findOneAndUpdate({ _id: accountId }, Object.keys($unset).length > 0 ? { $set, $unset } : { $set })
      : undefined;
    await this.forget(accountId);
    if (!updated) throw new ChannelAccountNotFoundError(accountId);
    return toView(updated);
  }

  /** Removes an account; `false` when there was none. */
  async delete(accountId: string): Promise<boolean> {
    if (!LINE_ACCOUNT_ID_PATTERN.test(accountId)) return false;
    const deleted = await (await this.collection()).deleteOne({ _id: accountId });
    await this.forget(accountId);
    return deleted > 0;
  }

  /**
   * Creates or re-syncs the account configured from the environment (normally `default`), at every start.
   *
   * The environment owns the credentials, channel id and API base URLs: they are overwritten when they differ, and
   * nothing is written when they do not (so `updatedAt` means a real change). Name, default language and `enabled`
   * are set only when the account is created; operators may change them afterwards.
   *
   * @throws {ChannelAccountValidationError} naming the first invalid field.
   */
  async upsertFromEnvironment(account: LineAccount): Promise<ChannelAccountView> {
    const valid = parse(environmentAccountSchema, account);
    const collection = await this.collection();
    const existing = await collection.findOne({ _id: valid.id });
    if (existing && this.matchesEnvironment(existing, valid)) return toView(existing);

    const now = this.now();
    const sealed = this.sealSecrets(valid.id, valid);
    const $set: Record<string, unknown> = {
      apiBaseUrl: valid.apiBaseUrl,
      dataApiBaseUrl: valid.dataApiBaseUrl,
      origin: 'environment',
      updatedAt: now,
      ...sealed.set,
    };
    const $unset: Record<string, true> = { ...sealed.unset };
    if (valid.channelId !== undefined) $set.channelId = valid.channelId;
    else $unset.channelId = true;
    const update = {
      $set,
      ...(Object.keys($unset).length > 0 ? { $unset } : {}),
      $setOnInsert: { name: valid.name, defaultLanguage: 'en', enabled: true, createdAt: now },
    };
    let stored: ChannelAccountDocument | undefined;
    try {
      stored = await collection.findOneAndUpdate({ _id: valid.id }, update, { upsert: true });
    } catch (error) {
      // Two instances starting together may both try to insert; the loser updates what the winner inserted.
      if (!(error instanceof DuplicateKeyError)) throw error;
      stored = await collection.findOneAndUpdate({ _id: valid.id }, update, { upsert: true });
    }
    await this.forget(valid.id);
    if (!stored) throw new ChannelAccountNotFoundError(valid.id);
    return toView(stored);
  }

  /**
   * The decrypted account the LINE adapter serves, or `undefined` when there is none, it is disabled, or it lacks
   * its channel secret or access token (it could not verify a webhook or answer one).
   *
   * @throws {SecretBoxOpenError} when the stored secrets cannot be opened (SECRETS_KEY changed or data altered):
   *   answering "no such account" would hide the real fault.
   */
  async get(accountId: string): Promise<LineAccount | undefined> {
    if (!LINE_ACCOUNT_ID_PATTERN.test(accountId)) return undefined;
    const now = this.now().getTime();
    const cached = this.cache.get(accountId);
    if (cached && cached.expiresAt > now) return cached.account;

    const account = this.loadAccount(accountId);
    if (this.cache.size >= MAX_CACHED_ACCOUNTS) this.evictExpiredOrOldest(now);
    const entry: CacheEntry = { account, expiresAt: now + this.cacheTtlMs };
    this.cache.set(accountId, entry);
    account.catch(() => {
      if (this.cache.get(accountId) === entry) this.cache.delete(accountId);
    });
    return account;
  }

  /** Drops the cached account here, and on the other instances through the change feed. */
  private async forget(accountId: string): Promise<void> {
    this.cache.delete(accountId);
    await this.invalidation.announce(accountId);
  }

  private async loadAccount(accountId: string): Promise<LineAccount | undefined> {
    const document = await (await this.collection()).findOne({ _id: accountId });
    if (!document || !document.enabled || document.channelSecret === undefined || document.channelAccessToken === undefined) return undefined;
    const account: LineAccount = {
      id: document._id,
      name: document.name,
      channelSecret: this.box.open(document.channelSecret, associatedData(document._id, 'channelSecret')),
      channelAccessToken: this.box.open(document.channelAccessToken, associatedData(document._id, 'channelAccessToken')),
      apiBaseUrl: document.apiBaseUrl,
      dataApiBaseUrl: document.dataApiBaseUrl,
      ...(document.channelId !== undefined ? { channelId: document.channelId } : {}),
    };
    return Object.freeze(account);
  }

  private evictExpiredOrOldest(now: number): void {
    for (const [id, entry] of this.cache) {
      if (entry.expiresAt <= now) this.cache.delete(id);
    }
    // Map iteration follows insertion order, so the first key is the oldest entry.
    const oldest = this.cache.keys().next();
    if (this.cache.size >= MAX_CACHED_ACCOUNTS && !oldest.done) this.cache.delete(oldest.value);
  }

  /** The sealed fields to set, and the fields to remove (a short new token leaves no hint of the old one behind). */
  private sealSecrets(
    accountId: string,
    secrets: { channelSecret?: string | undefined; channelAccessToken?: string | undefined },
  ): { readonly set: Partial<ChannelAccountDocument>; readonly unset: Record<string, true> } {
    const set: Partial<ChannelAccountDocument> = {};
    const unset: Record<string, true> = {};
    if (secrets.channelSecret !== undefined) set.channelSecret = this.box.seal(secrets.channelSecret, associatedData(accountId, 'channelSecret'));
    if (secrets.channelAccessToken !== undefined) {
      set.channelAccessToken = this.box.seal(secrets.channelAccessToken, associatedData(accountId, 'channelAccessToken'));
      if (secrets.channelAccessToken.length >= MIN_TOKEN_LENGTH_FOR_HINT) set.accessTokenLast4 = secrets.channelAccessToken.slice(-4);
      else unset.accessTokenLast4 = true;
    }
    return { set, unset };
  }

  private matchesEnvironment(document: ChannelAccountDocument, account: z.infer<typeof environmentAccountSchema>): boolean {
    if (
      document.origin !== 'environment' ||
      document.apiBaseUrl !== account.apiBaseUrl ||
      document.dataApiBaseUrl !== account.dataApiBaseUrl ||
      document.channelId !== account.channelId ||
      document.channelSecret === undefined ||
      document.channelAccessToken === undefined
    ) {
      return false;
    }
    try {
      return (
        this.box.open(document.channelSecret, associatedData(document._id, 'channelSecret')) === account.channelSecret &&
        this.box.open(document.channelAccessToken, associatedData(document._id, 'channelAccessToken')) === account.channelAccessToken
      );
    } catch {
      // Sealed under another key: the environment's values replace them.
      return false;
    }
  }

  private collection(): Promise<DocumentCollection<ChannelAccountDocument>> {
    this.collectionPromise ??= this.store.collection<ChannelAccountDocument>(CHANNEL_ACCOUNTS_COLLECTION, INDEXES);
    return this.collectionPromise;
  }
}

/** Binds a sealed secret to its account and field, so it cannot be moved to another record and opened there. */
function associatedData(accountId: string, field: 'channelSecret' | 'channelAccessToken'): string {
  return `${CHANNEL_ACCOUNTS_COLLECTION}/${accountId}/${field}`;
}

