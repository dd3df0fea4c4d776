import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from 'restify';
import { z } from 'zod';
import type { LoginRateLimiter } from '../auth/loginRateLimiter';
import { ROLES } from '../auth/roles';
import type { SessionRepository } from '../auth/sessionRepository';
import type { FirstAdminSetup } from '../auth/firstAdminSetup';
import { MAX_PASSWORD_LENGTH, UserValidationError, type UserRepository } from '../auth/userRepository';
import type { ClientAddressResolver } from './clientAddress';
import { readValidJson } from './jsonRequest';
import { bearerTokenOf, sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/** Body of `POST /api/auth/login`. */
export const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/** Body of `POST /api/auth/setup`. */
export const firstAdminSchema = z.strictObject({
  code: z.string().trim().min(1).max(64),
  username: z.string().trim().min(1).max(64),
  displayName: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/** The rate limiter's "username" for setup attempts: wrong codes are counted like failed logins. */
const SETUP_LIMITER_KEY = '\u0000first-admin-setup';

/** One message for an unknown user, a wrong password and a disabled user, so logins reveal no usernames. */
export const LOGIN_FAILED_MESSAGE = 'invalid username or password';

/** What the login routes need. */
export interface AuthRoutesOptions {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly authorizer: RequestAuthorizer;
  readonly rateLimiter: LoginRateLimiter;
  /** The client's address the limits key on (the socket's peer, or `X-Forwarded-For` behind a trusted proxy). */
  readonly clientAddress: ClientAddressResolver;
  readonly setup: FirstAdminSetup;
}

/**
 * `POST /api/auth/login` → `{ token, expiresAt, user }` (401 on bad credentials, 429 with `Retry-After` while the
 * client's address, or this username from this address, has failed too often: see {@link LoginRateLimiter}),
 * `POST /api/auth/logout` (ends the presented session), `GET /api/auth/me` (who the token belongs to).
 * While no admin exists: `GET /api/auth/setup` → `{ needed }`, and `POST /api/auth/setup` `{ code, username, password,
 * displayName? }` creates the first admin with the setup code from the server's log and signs them in (201, as a
 * login answers); 403 for a wrong code (counted like failed logins), 409 once an admin exists.
 */
export function registerAuthRoutes(server: Server, options: AuthRoutesOptions): void {
  const { users, sessions, rateLimiter, clientAddress, setup } = options;

  server.get('/api/auth/setup', async (_req, res) => {
    res.send(200, { needed: await setup.isNeeded() });
  });

  server.post('/api/auth/setup', async (req, res) => {
    const body = await readValidJson(req, res, firstAdminSchema);
    if (!body) return;
    const address = clientAddress.of(req);
    const decision = await rateLimiter.begin(SETUP_LIMITER_KEY, address);
    if (!decision.allowed) {
      res.header('Retry-After', String(decision.retryAfterSeconds));
      res.send(429, { message: 'too many wrong setup codes; try again later' });
      return;
    }
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    let result: Awaited<ReturnType<FirstAdminSetup['complete']>>;
    try {
      result = await setup.complete(body.code, { username: body.username, password: body.password, ...(body.displayName ? { displayName: body.displayName } : {}) });
    } catch (error) {
      // The code was right (it is checked first); only the form was refused.
      if (error instanceof UserValidationError) {
        await rateLimiter.recordSuccess(SETUP_LIMITER_KEY, address);
        return void res.send(400, { message: error.message, field: error.field });
      }
      throw error;
    }
    if (!result.ok) {
      if (result.refusal === 'notNeeded') return void res.send(409, { message: 'an administrator exists already; sign in instead' });
      await rateLimiter.recordFailure(SETUP_LIMITER_KEY, address);
      return void res.send(403, { message: 'wrong setup code: use the code the server printed in its log at start' });
    }
    await rateLimiter.recordSuccess(SETUP_LIMITER_KEY, address);
    const session = await sessions.create(result.outcome.user.id);
    res.send(201, { token: session.token, expiresAt: session.expiresAt, user: result.outcome.user });
  });

  server.post('/api/auth/login', async (req, res) => {
    const credentials = await readValidJson(req, res, loginSchema);
    if (!credentials) return;
    const address = clientAddress.of(req);
    const decision = await rateLimiter.begin(credentials.username, address);
    if (!decision.allowed) {
      res.header('Retry-After', String(decision.retryAfterSeconds));
      res.send(429, { message: 'too many failed logins; try again later' });
      return;
    }
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    const user = await users.authenticate(credentials.username, credentials.password);
    if (!user) {
      await rateLimiter.recordFailure(credentials.username, address);
      res.header('WWW-Authenticate', 'Bearer');
      res.send(401, { message: LOGIN_FAILED_MESSAGE });
      return;
    }
    await rateLimiter.recordSuccess(credentials.username, address);
    const session = await sessions.create(user.id);
    res.send(200, { token: session.token, expiresAt: session.expiresAt, user });
  });

  server.post('/api/auth/logout', async (req, res) => {
    const authorization = await options.authorizer.authorize(req, ROLES);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    // The API key is not a session; there is nothing to end for it.
    const token = bearerTokenOf(req);
    if (authorization.principal.kind === 'user' && token !== undefined) await sessions.revoke(token);
    res.send(204);
  });

  server.get('/api/auth/me', async (req, res) => {
    const authorization = await options.authorizer.authorize(req, ROLES);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const { principal } = authorization;
    if (principal.kind === 'apiKey') return void res.send(200, { kind: 'apiKey', roles: ['admin'] });
    res.send(200, { kind: 'user', user: await users.get(principal.userId) });
  });
}
