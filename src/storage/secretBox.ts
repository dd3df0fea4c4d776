import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** A secrets key could not be used: wrong length or encoding, or an unreadable key file. */
export class SecretsKeyInvalidError extends Error {
  readonly code = 'secrets_key_invalid';

  /**
   * @param origin where the key came from (`SECRETS_KEY`, or the key file's path); never the key itself.
   */
  constructor(
    readonly origin: string,
    reason: string,
  ) {
    super(`${origin}: ${reason}`);
    this.name = 'SecretsKeyInvalidError';
  }
}

/** Production without `SECRETS_KEY`: secrets would otherwise be stored under a key nobody manages. */
export class SecretsKeyRequiredError extends Error {
  readonly code = 'secrets_key_required';

  constructor() {
    super('refuse to store secrets without SECRETS_KEY: set it to 32 random bytes, base64 or hex (e.g. `openssl rand -base64 32`)');
    this.name = 'SecretsKeyRequiredError';
  }
}

/** Why {@link SecretBox.open} refused a sealed value. */
export type SecretBoxOpenFailure = 'malformed' | 'unsupported_version' | 'authentication_failed';

/**
 * A sealed value could not be opened: it is not one {@link SecretBox.seal} made, was altered, or was sealed under
 * another key (GCM cannot tell those last two apart).
 */
export class SecretBoxOpenError extends Error {
  readonly code = 'secret_box_open_failed';

  constructor(
    readonly reason: SecretBoxOpenFailure,
    cause?: unknown,
  ) {
    super(
      reason === 'authentication_failed'
        ? 'sealed secret failed authentication: it was altered, or sealed under another SECRETS_KEY'
        : `sealed secret is ${reason === 'malformed' ? 'malformed' : 'of an unsupported version'}`,
      { cause },
    );
    this.name = 'SecretBoxOpenError';
  }
}

/**
 * Encrypts secrets at rest (LINE channel secrets, access tokens) with AES-256-GCM.
 *
 * A sealed value is the text `v1.<iv>.<tag>.<ciphertext>` (each part base64url, a fresh 12-byte IV per seal), so it
 * fits a string field of any backend, and the version leaves room for another algorithm or key later.
 *
 * `associatedData`, when given, is authenticated but not stored: the same text must be given to open the value.
 * Binding a secret to where it lives (e.g. `lineChannelAccounts/acme/channelSecret`) stops a sealed value from
 * being copied into another record and opened there.
 *
 * @example
 * const box = SecretBox.fromKeyString(process.env.SECRETS_KEY!);
 * const sealed = box.seal('channel-secret');        // 'v1.3q…'
 * box.open(sealed);                                  // 'channel-secret'
 */
export class SecretBox {
  readonly #key: Buffer;

  /** @throws {SecretsKeyInvalidError} unless `key` is exactly 32 bytes. */
  constructor(key: Uint8Array) {
    if (key.byteLength !== KEY_BYTES) throw new SecretsKeyInvalidError('secrets key', `must be ${KEY_BYTES} bytes, got ${key.byteLength}`);
    this.#key = Buffer.from(key);
  }

  /**
   * Builds a box from a key written as base64 (standard or URL-safe, padding optional) or hex, of exactly 32 bytes.
   * Surrounding whitespace is ignored.
   *
   * @param origin names the key's source in the error message (the key itself never appears in one).
   * @throws {SecretsKeyInvalidError} when `text` is neither.
   * @example SecretBox.fromKeyString('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')
   */
  static fromKeyString(text: string, origin = 'SECRETS_KEY'): SecretBox {
    return new SecretBox(parseKeyString(text, origin));
  }

  /** Generates a random key, in the base64 form {@link SecretBox.fromKeyString} reads. */
  static generateKeyString(): string {
    return randomBytes(KEY_BYTES).toString('base64');
  }

  /** Encrypts `plaintext` under a fresh IV; the result differs at every call. */
  seal(plaintext: string, associatedData?: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /**
   * Decrypts a value {@link SecretBox.seal} made.
   *
   * @throws {SecretBoxOpenError} when it is malformed, altered, sealed under another key or with other associated data.
   */
  open(sealed: string, associatedData?: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4) throw new SecretBoxOpenError('malformed');
    const [version, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
    if (version !== VERSION) throw new SecretBoxOpenError(/^v\d+$/.test(version) ? 'unsupported_version' : 'malformed');
    if (![ivText, tagText, ciphertextText].every((part) => BASE64URL.test(part))) throw new SecretBoxOpenError('malformed');
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxOpenError('malformed');
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SecretBoxOpenError('authentication_failed', error);
    }
  }
}

function parseKeyString(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const unpadded = trimmed.replace(/=+$/, '');
  // Node's base64 decoder skips characters it does not know, so the alphabet and the length are checked first.
  if (/^[A-Za-z0-9+/]+$/.test(unpadded) || /^[A-Za-z0-9_-]+$/.test(unpadded)) {
    const bytes = Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES && bytes.toString('base64').replace(/=+$/, '') === unpadded.replace(/-/g, '+').replace(/_/g, '/')) return bytes;
    throw new SecretsKeyInvalidError(origin, `must decode to exactly ${KEY_BYTES} bytes (base64 of ${KEY_BYTES} bytes is 44 characters, hex 64); got ${bytes.length} bytes`);
  }
  throw new SecretsKeyInvalidError(origin, `must be ${KEY_BYTES} bytes written as base64 (44 characters) or hex (64 characters)`);
}

/** The logging {@link resolveSecretsKey} needs (pino's shape). */
export interface SecretsKeyLogger {
  warn(fields: object, message: string): void;
}

/** Options of {@link resolveSecretsKey}. */
export interface ResolveSecretsKeyOptions {
  /** `SECRETS_KEY` from the configuration; blank counts as absent. */
  readonly secretsKey?: string | undefined;
  readonly env: 'development' | 'production' | 'test';
  /** Where a development key file lives. */
  readonly dataDir: string;
  readonly logger: SecretsKeyLogger;
}

/** Name of the generated key's file inside the data directory. */
export const SECRETS_KEY_FILE_NAME = 'secrets.key';

/**
 * The box secrets are sealed with:
 * - with `secretsKey` → that key (any environment);
 * - without one in development or test → a key generated once and kept in `{dataDir}/secrets.key` (mode 0600),
 *   with a warning at every start, since losing that file makes every stored secret unreadable;
 * - without one in production → refuses.
 *
 * @throws {SecretsKeyRequiredError} in production without a key.
 * @throws {SecretsKeyInvalidError} when the key (or the key file) is not 32 bytes of base64 or hex.
 * @example const box = await resolveSecretsKey({ secretsKey: config.secretsKey, env: config.env, dataDir: config.dataDir, logger });
 */
export async function resolveSecretsKey(options: ResolveSecretsKeyOptions): Promise<SecretBox> {
  const configured = options.secretsKey?.trim();
  if (configured) return SecretBox.fromKeyString(configured, 'SECRETS_KEY');
  if (options.env === 'production') throw new SecretsKeyRequiredError();

  const path = join(options.dataDir, SECRETS_KEY_FILE_NAME);
  const existing = await readKeyFile(path);
  if (existing !== undefined) {
    options.logger.warn({ keyFile: path }, 'SECRETS_KEY is not set: secrets are sealed with the development key in this file; set SECRETS_KEY before production');
    return SecretBox.fromKeyString(existing, path);
  }
  const created = await createKeyFile(options.dataDir, path);
  options.logger.warn(
    { keyFile: path },
    'SECRETS_KEY is not set: generated a development key for sealing secrets; losing this file makes stored secrets unreadable; set SECRETS_KEY before production',
  );
  return SecretBox.fromKeyString(created, path);
}

async function readKeyFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
    throw new SecretsKeyInvalidError(path, `cannot be read (${describeError(error)})`);
  }
}

/**
 * Writes a new key so that two processes starting together end up with the same one: the key is written to a
 * private temporary file first, then linked into place, which fails if another process got there first.
 */
async function createKeyFile(dataDir: string, path: string): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const key = SecretBox.generateKeyString();
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${key}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await chmod(temporary, 0o600);
    await link(temporary, path);
    return key;
  } catch (error) {
    if (isErrnoException(error) && error.code === 'EEXIST') {
      const winner = await readKeyFile(path);
      if (winner !== undefined) return winner;
    }
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
