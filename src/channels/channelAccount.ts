import { randomBytes } from 'node:crypto';

/** How an account is stored. Secrets are sealed ({@link SecretBox}); nothing here is a secret in clear. */
export type ChannelAccountDocument = {
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

/** The operators' view of a stored account (no secrets). */
export function toView(document: ChannelAccountDocument): ChannelAccountView {
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
export function generateAccountId(name: string): string {
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

/** `length` random lower-case letters and digits, uniformly drawn. */
export function randomSuffix(length: number): string {
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
