import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwordLength';
import { randomBytes, randomUUID } from 'node:crypto';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../storage/engine/documentStore';
import { DEFAULT_SCRYPT_PARAMETERS, hashPassword, verifyPassword, type ScryptParameters } from './passwordHash';
import { isRole, ROLES, type Role } from './roles';
import { DomainError } from '../domainError';

/** Name of the collection of users. */
export const USERS_COLLECTION = 'users';

import { USERNAME_PATTERN } from './usernamePattern';

export { USERNAME_PATTERN };

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwordLength';

type UserDocument = {
  _id: string;
  username: string;
  displayName: string;
  roles: Role[];
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};

/** A user as anyone outside this repository sees one: never the password hash. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly disabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What {@link UserRepository.create} needs. */
export interface NewUser {
  readonly username: string;
  /** Defaults to the username. */
  readonly displayName?: string;
  readonly roles: readonly Role[];
  readonly password: string;
  readonly disabled?: boolean;
}

/** The changes {@link UserRepository.update} accepts; absent fields stay. */
export interface UserPatch {
  readonly displayName?: string;
  readonly roles?: readonly Role[];
  readonly disabled?: boolean;
  readonly password?: string;
}

/** What {@link UserRepository.bootstrapAdmin} did. */
export type BootstrapOutcome =
  | { readonly outcome: 'created'; readonly user: User }
  | { readonly outcome: 'adminExists' }
  /** No admin exists, but the username belongs to a user without the admin role; nothing was changed. */
  | { readonly outcome: 'usernameTaken' };

/** A field of a user is invalid; nothing was written. */
export class UserValidationError extends DomainError {
  constructor(
    override readonly field: 'username' | 'displayName' | 'roles' | 'password',
    message: string,
  ) {
    super('invalid_user', 400, `${field}: ${message}`, { field });
  }
}

/** Another user has this username. */
export class UsernameTakenError extends DomainError {
  constructor(readonly username: string) {
    super('username_taken', 409, `the username '${username}' is taken`, { field: 'username' });
  }
}

/** No user has this id. */
export class UserNotFoundError extends DomainError {
  constructor(readonly id: string) {
    super('user_not_found', 404, `no user '${id}'`);
  }
}

/** The change would leave no enabled admin (only `ADMIN_API_KEY` could then manage users). */
export class LastAdminError extends DomainError {
  constructor(readonly id: string) {
    super('last_admin', 409, 'the last enabled admin cannot be disabled, deleted or lose the admin role');
  }
}

/** Options of {@link UserRepository.open}. */
export interface UserRepositoryOptions {
  /** scrypt cost of new hashes (tests lower it); stored hashes keep their own. */
  readonly hashParameters?: ScryptParameters;
}

/**
 * The people who use the service (collection `users`): unique lower-cased usernames, roles, scrypt password hashes.
 * Public methods never return the hash.
 */
export class UserRepository {
  private dummyHash: Promise<string> | undefined;

  private constructor(
    private readonly users: DocumentCollection<UserDocument>,
    private readonly hashParameters: ScryptParameters,
  ) {}

  /** Opens the collection `users` of `store`, with its unique username index. */
  static async open(store: DocumentStore, options: UserRepositoryOptions = {}): Promise<UserRepository> {
    const users = await store.collection<UserDocument>(USERS_COLLECTION, [{ keys: { username: 1 }, unique: true }, { keys: { roles: 1 } }]);
    return new UserRepository(users, options.hashParameters ?? DEFAULT_SCRYPT_PARAMETERS);
  }

  /**
   * Adds a user.
   * @throws {UserValidationError} naming the invalid field.
   * @throws {UsernameTakenError} when the (lower-cased) username is taken.
   */
  async create(input: NewUser): Promise<User> {
    const username = checkedUsername(input.username);
    const roles = checkedRoles(input.roles);
    const now = new Date();
    const document: UserDocument = {
      _id: randomUUID(),
      username,
      displayName: checkedDisplayName(input.displayName ?? username),
      roles,
      passwordHash: await hashPassword(checkedPassword(input.password), this.hashParameters),
      disabled: input.disabled ?? false,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.users.insertOne(document);
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new UsernameTakenError(username);
      throw error;
    }
    return toUser(document);
  }

  async get(id: string): Promise<User | undefined> {
    const document = await this.users.findOne({ _id: id });
    return document && toUser(document);
  }

  /** The user with this username (compared lower-cased), if any. */
  async findByUsername(username: string): Promise<User | undefined> {
    const document = await this.users.findOne({ username: username.trim().toLowerCase() });
    return document && toUser(document);
  }

  /** Every user, by username. */
  async list(): Promise<User[]> {
    return (await this.users.find({}, { sort: { username: 1 } })).map(toUser);
  }

  /**
   * The enabled user with these credentials, or `undefined` — the same for an unknown user, a wrong password and a
   * disabled user, and in about the same time (an unknown user is checked against a dummy hash).
   */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const document = await this.users.findOne({ username: username.trim().toLowerCase() });
    const matches = await verifyPassword(password, document?.passwordHash ?? (await this.dummyPasswordHash()));
    return document && matches && !document.disabled ? toUser(document) : undefined;
  }

  /**
   * Changes a user.
   * @throws {UserValidationError} naming the invalid field.
   * @throws {UserNotFoundError} when there is no such user.
   * @throws {LastAdminError} when this would leave no enabled admin.
   */
  async update(id: string, patch: UserPatch): Promise<User> {
    const set: Partial<UserDocument> = { updatedAt: new Date() };
    if (patch.displayName !== undefined) set.displayName = checkedDisplayName(patch.displayName);
    if (patch.roles !== undefined) set.roles = checkedRoles(patch.roles);
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    if (patch.password !== undefined) set.passwordHash = await hashPassword(checkedPassword(patch.password), this.hashParameters);
    if (set.disabled === true || (set.roles !== undefined && !set.roles.includes('admin'))) await this.refuseIfLastAdmin(id);
    const updated = await this.users.findOneAndUpdate({ _id: id }, { $set: set });
    if (!updated) throw new UserNotFoundError(id);
    return toUser(updated);
  }

  /**
   * Deletes a user; `false` when there was none.
   * @throws {LastAdminError} when this is the last enabled admin.
   */
  async delete(id: string): Promise<boolean> {
    await this.refuseIfLastAdmin(id);
    return (await this.users.deleteOne({ _id: id })) > 0;
  }

  /**
   * Creates the first admin from the configuration, only while no user holds the admin role: safe at every start
   * and when several instances start at once (the unique username decides).
   */
  async bootstrapAdmin(username: string, password: string, displayName?: string): Promise<BootstrapOutcome> {
    if ((await this.countAdmins()) > 0) return { outcome: 'adminExists' };
    try {
      return { outcome: 'created', user: await this.create({ username, roles: ['admin'], password, ...(displayName ? { displayName } : {}) }) };
    } catch (error) {
      if (!(error instanceof UsernameTakenError)) throw error;
      // Another instance may have created this very admin a moment ago.
      return (await this.countAdmins()) > 0 ? { outcome: 'adminExists' } : { outcome: 'usernameTaken' };
    }
  }

  /** How many users hold the admin role (disabled ones included: they can be enabled again). */
  async countAdmins(): Promise<number> {
    return this.users.countDocuments({ roles: 'admin' });
  }

  // Not atomic across concurrent requests; it guards against the common mistake, and ADMIN_API_KEY remains a way back.
  private async refuseIfLastAdmin(id: string): Promise<void> {
    const target = await this.users.findOne({ _id: id });
    if (!target || target.disabled || !target.roles.includes('admin')) return;
    const others = await this.users.countDocuments({ roles: 'admin', disabled: false, _id: { $ne: id } });
    if (others === 0) throw new LastAdminError(id);
  }

  private dummyPasswordHash(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'), this.hashParameters);
    return this.dummyHash;
  }
}

function toUser(document: UserDocument): User {
  return {
    id: document._id,
    username: document.username,
    displayName: document.displayName,
    roles: [...document.roles],
    disabled: document.disabled,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}

function checkedUsername(username: string): string {
  const normalised = username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(normalised)) throw new UserValidationError('username', 'must be 1–64 of a–z, 0–9 and ._@-, starting with a letter or digit');
  return normalised;
}

function checkedDisplayName(displayName: string): string {
  const trimmed = displayName.trim();
  if (trimmed.length < 1 || trimmed.length > 100) throw new UserValidationError('displayName', 'must be 1–100 characters');
  return trimmed;
}

function checkedRoles(roles: readonly Role[]): Role[] {
  if (roles.length === 0 || !roles.every(isRole)) throw new UserValidationError('roles', `must be a non-empty list of ${ROLES.join(', ')}`);
  return ROLES.filter((role) => roles.includes(role));
}

function checkedPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new UserValidationError('password', `must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`);
  }
  return password;
}
