import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../storage/engine/documentStore';
import type { SecretBox } from '../storage/secretBox';
import type { BootstrapOutcome, UserRepository } from './userRepository';

/** Why {@link FirstAdminSetup.complete} refused. */
export type FirstAdminSetupRefusal = 'notNeeded' | 'wrongCode';

/** Collection of the setup code (one document); it expires on its own (TTL index on `expiresAt`). */
export const SETUP_CODES_COLLECTION = 'setupCodes';

/** How long a setup code stays valid; the next start after that prints a new one. */
export const SETUP_CODE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const SETUP_CODE_ID = 'firstAdmin';
// A claim lasts as long as creating one user; a claimant that died leaves the code usable again after this.
const CLAIM_TIMEOUT_MS = 60_000;

type SetupCodeDocument = {
  _id: string;
  /** The code sealed with the secrets key, so every instance can print it and a copy of the database alone cannot. */
  sealedCode: string;
  /** Hex SHA-256 of the code, what an entered code is compared with. */
  codeHash: string;
  expiresAt: Date;
  /** Set while one instance creates the admin with this code. */
  claimedAt?: Date;
};

/** Options of {@link FirstAdminSetup.open}. */
export interface FirstAdminSetupOptions {
  readonly store: DocumentStore;
  readonly users: Pick<UserRepository, 'countAdmins' | 'bootstrapAdmin'>;
  /** Seals the stored code (the box of `SECRETS_KEY`, shared by every instance). */
  readonly box: SecretBox;
  /** The clock (tests move it). */
  readonly now?: () => Date;
}

/**
 * Lets the first administrator be created from the browser, for a server started without `ADMIN_USERNAME`: while no
 * user holds the admin role, a one-time setup code is printed to the server's log at start, and whoever can read
 * the log (the operator) enters it in the dashboard with the username and password they choose.
 *
 * The code lives in the shared store (sealed, with its hash), created by the first instance that starts and printed
 * by every instance, so any instance accepts it. Using it deletes it for every instance, and once an admin exists
 * the setup is closed for good. An unused code expires after {@link SETUP_CODE_LIFETIME_MS}; the next start then
 * prints a new one.
 *
 * @example
 * const setup = await FirstAdminSetup.open({ store, users, box });
 * if (setup.code !== undefined) logger.warn({ setupCode: setup.code }, 'no admin yet');
 */
export class FirstAdminSetup {
  private readonly now: () => Date;

  private constructor(
    private readonly collection: DocumentCollection<SetupCodeDocument>,
    private readonly options: FirstAdminSetupOptions,
    /** The code to enter while no admin exists (as printed at start): 20 characters, no 0/O, 1/l; else `undefined`. */
    readonly code: string | undefined,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Opens the setup: while no admin exists, reads the cluster's setup code, or creates it when there is none. */
  static async open(options: FirstAdminSetupOptions): Promise<FirstAdminSetup> {
    const collection = await options.store.collection<SetupCodeDocument>(SETUP_CODES_COLLECTION, [{ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }]);
    const now = options.now ?? (() => new Date());
    const code = (await options.users.countAdmins()) === 0 ? await sharedCode(collection, options.box, now()) : undefined;
    return new FirstAdminSetup(collection, options, code);
  }

  /** Whether no admin exists yet. */
  async isNeeded(): Promise<boolean> {
    return (await this.options.users.countAdmins()) === 0;
  }

  /** Creates the first admin when `code` is the cluster's current setup code and no admin exists yet. */
  async complete(code: string, admin: { readonly username: string; readonly password: string; readonly displayName?: string }): Promise<{ readonly ok: true; readonly outcome: Extract<BootstrapOutcome, { outcome: 'created' }> } | { readonly ok: false; readonly refusal: FirstAdminSetupRefusal }> {
    if (!(await this.isNeeded())) return { ok: false, refusal: 'notNeeded' };
    const now = this.now();
    const stored = await this.collection.findOne({ _id: SETUP_CODE_ID, expiresAt: { $gt: now } });
    const given = Buffer.from(hashOf(code.trim().toUpperCase()), 'hex');
    if (!stored || !timingSafeEqual(given, Buffer.from(stored.codeHash, 'hex'))) return { ok: false, refusal: 'wrongCode' };
    // Claimed by one request at a time, so two instances cannot each create an admin with the same code.
    const claimed = await this.collection.findOneAndUpdate(
      { _id: SETUP_CODE_ID, codeHash: stored.codeHash, $or: [{ claimedAt: { $exists: false } }, { claimedAt: { $lt: new Date(now.getTime() - CLAIM_TIMEOUT_MS) } }] },
      { $set: { claimedAt: now } },
    );
    if (!claimed) return { ok: false, refusal: 'notNeeded' };
    let outcome: BootstrapOutcome;
    try {
      outcome = await this.options.users.bootstrapAdmin(admin.username, admin.password, admin.displayName);
    } catch (error) {
      await this.collection.updateOne({ _id: SETUP_CODE_ID, codeHash: stored.codeHash }, { $unset: { claimedAt: true } });
      throw error;
    }
    if (outcome.outcome !== 'created') {
      await this.collection.updateOne({ _id: SETUP_CODE_ID, codeHash: stored.codeHash }, { $unset: { claimedAt: true } });
      return { ok: false, refusal: 'notNeeded' };
    }
    await this.collection.deleteOne({ _id: SETUP_CODE_ID, codeHash: stored.codeHash });
    return { ok: true, outcome };
  }
}

async function sharedCode(collection: DocumentCollection<SetupCodeDocument>, box: SecretBox, now: Date): Promise<string> {
  const associatedData = `${SETUP_CODES_COLLECTION}/${SETUP_CODE_ID}`;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const existing = await collection.findOne({ _id: SETUP_CODE_ID, expiresAt: { $gt: now } });
    if (existing) return box.open(existing.sealedCode, associatedData);
    // An expired code the TTL monitor has not deleted yet is replaced.
    await collection.deleteOne({ _id: SETUP_CODE_ID, expiresAt: { $lte: now } });
    const code = newCode();
    try {
      await collection.insertOne({ _id: SETUP_CODE_ID, sealedCode: box.seal(code, associatedData), codeHash: hashOf(code), expiresAt: new Date(now.getTime() + SETUP_CODE_LIFETIME_MS) });
      return code;
    } catch (error) {
      // Another instance created it first: print theirs.
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }
  throw new Error('could not read or create the first-admin setup code');
}

function newCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const characters = [...randomBytes(20)].map((byte) => alphabet[byte % alphabet.length] ?? 'A');
  return [0, 5, 10, 15].map((start) => characters.slice(start, start + 5).join('')).join('-');
}

function hashOf(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
