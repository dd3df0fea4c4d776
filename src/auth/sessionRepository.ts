import { createHash, randomBytes } from 'node:crypto';
import type { DocumentCollection, DocumentStore } from '../storage/engine/documentStore';

/** Name of the collection of login sessions. */
export const SESSIONS_COLLECTION = 'sessions';

/** How long a session lasts unless its options say otherwise. */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

type SessionDocument = {
  /** SHA-256 (hex) of the token: a stolen copy of the store yields no usable token. */
  _id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
};

/** A live session. */
export interface Session {
  /** The stored id (the token's hash), never the token. */
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** What {@link SessionRepository.create} hands the user once: the token is not kept anywhere. */
export interface IssuedSession {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Options of {@link SessionRepository.open}. */
export interface SessionRepositoryOptions {
  /** Lifetime of a session from login (not sliding); 12 hours by default. */
  readonly ttlMs?: number;
  /** The clock (tests move it). */
  readonly now?: () => Date;
}

/**
 * Login sessions (collection `sessions`) keyed by the SHA-256 of a random 256-bit bearer token. Expired sessions are
 * refused at once and removed by a TTL index.
 */
export class SessionRepository {
  private constructor(
    private readonly sessions: DocumentCollection<SessionDocument>,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  /** Opens the collection `sessions` of `store`, with its TTL and per-user indexes. */
  static async open(store: DocumentStore, options: SessionRepositoryOptions = {}): Promise<SessionRepository> {
    const sessions = await store.collection<SessionDocument>(SESSIONS_COLLECTION, [{ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }, { keys: { userId: 1 } }]);
    return new SessionRepository(sessions, options.ttlMs ?? DEFAULT_SESSION_TTL_MS, options.now ?? (() => new Date()));
  }

  /** Starts a session for a user and returns its token. */
  async create(userId: string): Promise<IssuedSession> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + this.ttlMs);
    await this.sessions.insertOne({ _id: sessionIdOf(token), userId, createdAt, expiresAt });
    return { token, expiresAt };
  }

  /** The live session of a token, or `undefined` when it is unknown, revoked or expired. */
  async resolve(token: string): Promise<Session | undefined> {
    // The TTL sweep runs about once a minute, so expiry is checked here too.
    const document = await this.sessions.findOne({ _id: sessionIdOf(token), expiresAt: { $gt: this.now() } });
    return document && { id: document._id, userId: document.userId, createdAt: document.createdAt, expiresAt: document.expiresAt };
  }

  /** Ends the session of a token (logout); `false` when there was none. */
  async revoke(token: string): Promise<boolean> {
    return (await this.sessions.deleteOne({ _id: sessionIdOf(token) })) > 0;
  }

  /** Ends every session of a user (password changed, disabled, deleted); returns how many. */
  async revokeAllOf(userId: string): Promise<number> {
    return this.sessions.deleteMany({ userId });
  }
}

function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
