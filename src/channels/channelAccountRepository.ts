import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { LINE_ACCOUNT_ID_PATTERN, type LineAccount } from '../../adapters/line/lineAccount';
import type { LineAccountDirectory } from '../../adapters/line/lineAdapter';
import { CacheInvalidation } from '../storage/cacheInvalidation';
import type { ChangeFeed } from '../storage/changeFeed';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type IndexSpec } from '../storage/engine/documentStore';
import type { SecretBox } from '../storage/secretBox';
import { DomainError } from '../domainError';

/** Topic of the {@link ChangeFeed} that tells other instances an account changed. */
export const CHANNEL_ACCOUNTS_TOPIC = 'channelAccounts';

/** Name of the collection of LINE channel accounts. */
export const CHANNEL_ACCOUNTS_COLLECTION = 'lineChannelAccounts';

/** Id of the account configured from the `LINE_*` environment variables. */
export const ENVIRONMENT_ACCOUNT_ID = 'default';

const DEFAULT_API_BASE_URL = 'https://api.line.me';
const DEFAULT_DATA_API_BASE_URL = 'https://api-data.line.me';
const DEFAULT_CACHE_TTL_MS = 30_000;
const MAX_CACHED_ACCOUNTS = 500;
const MAX_LISTED_ACCOUNTS = 1_000;
/** Tokens shorter than this show no hint: four characters of a short token would give too much away. */
const MIN_TOKEN_LENGTH_FOR_HINT = 20;

/** How an account is stored. Secrets are sealed ({@link SecretBox}); nothing here is a secret in clear. */
type ChannelAccountDocument = {
  _id: string;
  name: string;
  channelId?: string;
  /** Sealed channel secret. */
  channelSecret?: string;
  /** Sealed channel access token. */
  channelAccessToken?: string;
  /** The token's last four characters, so operators can tell tokens apart without seeing them. */
  accessTokenLast4?: string;
  apiBaseUrl: string;
  dataApiBaseUrl: string;
  defaultLanguage: string;
  enabled: boolean;
  origin: ChannelAccountOrigin;
  createdAt: Date;
  updatedAt: Date;
};

/** Where an account came from: the `LINE_*` environment (re-synced at every start) or the admin API. */
export type ChannelAccountOrigin = 'environment' | 'admin';

/** What operators may see of an account: everything but its secrets. */
export interface ChannelAccountView {
  readonly id: string;
  readonly name: string;
  readonly channelId: string | undefined;
  readonly hasSecret: boolean;
  readonly hasAccessToken: boolean;
  /** Last four characters of the access token (only for tokens long enough that this reveals little). */
  readonly accessTokenLast4: string | undefined;
  readonly apiBaseUrl: string;
  readonly dataApiBaseUrl: string;
  /** BCP-47 tag, canonicalised (e.g. `en`, `ja`, `zh-TW`). */
  readonly defaultLanguage: string;
  readonly enabled: boolean;
  readonly origin: ChannelAccountOrigin;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Input of {@link ChannelAccountRepository.create}. */
export interface NewChannelAccount {
  /** Generated from `name` when absent (slug plus a random suffix). */
  readonly id?: string;
  readonly name: string;
  readonly channelId?: string;
  readonly channelSecret?: string;
  readonly channelAccessToken?: string;
  /** Defaults to `https://api.line.me`. */
  readonly apiBaseUrl?: string;
  /** Defaults to `https://api-data.line.me`. */
  readonly dataApiBaseUrl?: string;
  /** Defaults to `en`. */
  readonly defaultLanguage?: string;
  /** Defaults to `true`. */
  readonly enabled?: boolean;
}

/** Changes of {@link ChannelAccountRepository.update}; absent fields stay as they are, `channelId: null` clears it. */
export interface ChannelAccountPatch {
  readonly name?: string;
  readonly channelId?: string | null;
  readonly channelSecret?: string;
  readonly channelAccessToken?: string;
  readonly apiBaseUrl?: string;
  readonly dataApiBaseUrl?: string;
  readonly defaultLanguage?: string;
  readonly enabled?: boolean;
}

/** An account with this id exists already (409). */
export class ChannelAccountExistsError extends DomainError {
  constructor(
    readonly accountId: string,
    cause?: unknown,
  ) {
    super('channel_account_exists', 409, `LINE channel account '${accountId}' exists already`, { cause });
  }
}

/** No account has this id (404). */
export class ChannelAccountNotFoundError extends DomainError {
  constructor(readonly accountId: string) {
    super('channel_account_not_found', 404, `no LINE channel account '${accountId}'`);
  }
}

/** An input field is invalid; `field` names it (e.g. `apiBaseUrl`). The value is never echoed: it may be a secret (400). */
export class ChannelAccountValidationError extends DomainError {
  constructor(
    override readonly field: string,
    readonly reason: string,
  ) {
    super('channel_account_invalid', 400, `invalid LINE channel account ${field}: ${reason}`, { field });
  }
}

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

const httpUrl = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
  .transform((value) => value.replace(/\/+$/, ''));

const languageTag = z
  .string()
  .trim()
  .min(1)
  .max(35)
  .transform((value, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      if (canonical !== undefined) return canonical;
    } catch {
      // Reported below as an invalid tag.
    }
    ctx.addIssue({ code: 'custom', message: 'must be a BCP-47 language tag such as en, ja or zh-TW' });
    return z.NEVER;
  });

const secret = z.string().trim().min(1, 'must not be empty').max(4096);

const fieldSchemas = {
  id: z.string().regex(LINE_ACCOUNT_ID_PATTERN, 'must be 1–63 lower-case letters, digits or dashes, starting with a letter or digit'),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  channelId: z.string().trim().min(1, 'must not be empty').max(64),
  channelSecret: secret,
  channelAccessToken: secret,
  apiBaseUrl: httpUrl,
  dataApiBaseUrl: httpUrl,
  defaultLanguage: languageTag,
  enabled: z.boolean(),
};

const newAccountSchema = z.object({
  id: fieldSchemas.id.optional(),
  name: fieldSchemas.name,
  channelId: fieldSchemas.channelId.optional(),
  channelSecret: fieldSchemas.channelSecret.optional(),
  channelAccessToken: fieldSchemas.channelAccessToken.optional(),
  apiBaseUrl: fieldSchemas.apiBaseUrl.default(DEFAULT_API_BASE_URL),
  dataApiBaseUrl: fieldSchemas.dataApiBaseUrl.default(DEFAULT_DATA_API_BASE_URL),
  defaultLanguage: fieldSchemas.defaultLanguage.default('en'),
  enabled: fieldSchemas.enabled.default(true),
});

const patchSchema = z.object({
  name: fieldSchemas.name.optional(),
  channelId: fieldSchemas.channelId.nullable().optional(),
  channelSecret: fieldSchemas.channelSecret.optional(),
  channelAccessToken: fieldSchemas.channelAccessToken.optional(),
  apiBaseUrl: fieldSchemas.apiBaseUrl.optional(),
  dataApiBaseUrl: fieldSchemas.dataApiBaseUrl.optional(),
  defaultLanguage: fieldSchemas.defaultLanguage.optional(),
  enabled: fieldSchemas.enabled.optional(),
});

const environmentAccountSchema = z.object({
  id: fieldSchemas.id,
  name: fieldSchemas.name,
  channelId: fieldSchemas.channelId.optional(),
  channelSecret: fieldSchemas.channelSecret,
  channelAccessToken: fieldSchemas.channelAccessToken,
  apiBaseUrl: fieldSchemas.apiBaseUrl,
  dataApiBaseUrl: fieldSchemas.dataApiBaseUrl,
});

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

function toView(document: ChannelAccountDocument): ChannelAccountView {
  return {
    id: document._id,
    name: document.name,
    channelId: document.channelId,
    hasSecret: document.channelSecret !== undefined,
    hasAccessToken: document.channelAccessToken !== undefined,
    accessTokenLast4: document.accessTokenLast4,
    apiBaseUrl: document.apiBaseUrl,
    dataApiBaseUrl: document.dataApiBaseUrl,
    defaultLanguage: document.defaultLanguage,
    enabled: document.enabled,
    origin: document.origin,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}

/** A readable id from a name: `Acme Support (TH)` → `acme-support-th-k3x9qa`. */
function generateAccountId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${slug || 'account'}-${randomSuffix(6)}`;
}

function randomSuffix(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  // 252 is the largest multiple of 36 below 256: rejecting bytes above it keeps the letters uniform.
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 252 && out.length < length) out += alphabet.charAt(byte % 36);
    }
  }
  return out;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ChannelAccountValidationError(issue?.path.map(String).join('.') || 'input', issue?.message ?? 'invalid');
}
