import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { BootstrapOutcome, UserRepository } from './userRepository';

/** Why {@link FirstAdminSetup.complete} refused. */
export type FirstAdminSetupRefusal = 'notNeeded' | 'wrongCode';

/**
 * Lets the first administrator be created from the browser, for a server started without `ADMIN_USERNAME`: while no
 * user holds the admin role, a one-time setup code is printed to the server's log at start, and whoever can read
 * the log (the operator) enters it in the dashboard with the username and password they choose. Once an admin exists
 * the setup is closed for good, on every instance.
 *
 * @example
 * const setup = new FirstAdminSetup(users);
 * if (await setup.isNeeded()) logger.warn({ setupCode: setup.code }, 'no admin yet');
 */
export class FirstAdminSetup {
  /** The code to enter: 20 characters, easy to read aloud and type (no 0/O, 1/l). */
  readonly code: string;

  constructor(private readonly users: Pick<UserRepository, 'countAdmins' | 'bootstrapAdmin'>) {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const characters = [...randomBytes(20)].map((byte) => alphabet[byte % alphabet.length] ?? 'A');
    this.code = [0, 5, 10, 15].map((start) => characters.slice(start, start + 5).join('')).join('-');
  }

  /** Whether no admin exists yet. */
  async isNeeded(): Promise<boolean> {
    return (await this.users.countAdmins()) === 0;
  }

  /** Creates the first admin when `code` is this process's setup code and no admin exists yet. */
  async complete(code: string, admin: { readonly username: string; readonly password: string; readonly displayName?: string }): Promise<{ readonly ok: true; readonly outcome: Extract<BootstrapOutcome, { outcome: 'created' }> } | { readonly ok: false; readonly refusal: FirstAdminSetupRefusal }> {
    if (!(await this.isNeeded())) return { ok: false, refusal: 'notNeeded' };
    const given = Buffer.from(code.trim().toUpperCase());
    const expected = Buffer.from(this.code);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, refusal: 'wrongCode' };
    const outcome = await this.users.bootstrapAdmin(admin.username, admin.password, admin.displayName);
    if (outcome.outcome !== 'created') return { ok: false, refusal: 'notNeeded' };
    return { ok: true, outcome };
  }
}
