import { setTimeout as sleep } from 'node:timers/promises';
import type { LoginRateLimiter } from '../auth/loginRateLimiter';
import { LoginFailedError, SetupNotNeededError, TooManyAttemptsError, WrongSetupCodeError } from '../auth/loginRefusals';
import { ROLES } from '../auth/roles';
import type { SessionRepository } from '../auth/sessionRepository';
import type { FirstAdminSetup } from '../auth/firstAdminSetup';
import { UserValidationError, type UserRepository } from '../auth/userRepository';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import type { ClientAddressResolver } from './clientAddress';
import { bearerTokenOf } from './requestAuthorization';
import { callerSchema, firstAdminSchema, loginSchema, sessionAnswerSchema, setupStateSchema } from './schemas/authSchemas';

export { LOGIN_FAILED_MESSAGE } from '../auth/loginRefusals';

/** The rate limiter's "username" for setup attempts: wrong codes are counted like failed logins. */
const SETUP_LIMITER_KEY = '\u0000first-admin-setup';

const tooMany = { description: 'too many failed attempts from this address (or for this username from it)', headers: { 'Retry-After': 'seconds to wait' } };

/** `GET /api/auth/setup`. */
export const setupState = apiContract({
  method: 'get', path: '/api/auth/setup', tags: ['auth'], access: 'public',
  summary: 'Whether the first admin must still be set up',
  responses: { 200: { description: '`needed` is true while no admin exists', schema: setupStateSchema } },
});

/** `POST /api/auth/setup`. */
export const completeSetup = apiContract({
  method: 'post', path: '/api/auth/setup', tags: ['auth'], access: 'public',
  summary: 'Create the first admin with the setup code from the server’s log, and sign them in',
  body: firstAdminSchema,
  responses: { 201: { description: 'created and signed in', schema: sessionAnswerSchema }, 403: { description: 'wrong setup code (counted like a failed login)' }, 409: { description: 'an admin exists already' }, 429: tooMany },
});

/** `POST /api/auth/login`. */
export const login = apiContract({
  method: 'post', path: '/api/auth/login', tags: ['auth'], access: 'public',
  summary: 'Log in; the token goes in `Authorization: Bearer <token>` until it expires or is logged out',
  body: loginSchema,
  responses: { 200: { description: 'logged in', schema: sessionAnswerSchema }, 401: { description: 'invalid username or password (the same answer for an unknown user)' }, 429: tooMany },
});

/** `POST /api/auth/logout`. */
export const logout = apiContract({
  method: 'post', path: '/api/auth/logout', tags: ['auth'], access: { roles: ROLES },
  summary: 'End the presented session',
  responses: { 204: { description: 'logged out (nothing to end for the API key)' } },
});

/** `GET /api/auth/me`. */
export const whoAmI = apiContract({
  method: 'get', path: '/api/auth/me', tags: ['auth'], access: { roles: ROLES },
  summary: 'Who the token belongs to',
  responses: { 200: { description: 'a user, or the API key (every role)', schema: callerSchema } },
});

/** What the login routes need. */
export interface AuthRoutesOptions {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly rateLimiter: LoginRateLimiter;
  /** The client's address the limits key on (the socket's peer, or `X-Forwarded-For` behind a trusted proxy). */
  readonly clientAddress: ClientAddressResolver;
  readonly setup: FirstAdminSetup;
}

/**
 * Login, logout, who am I, and the first admin's setup. Failed logins and wrong setup codes are limited per address
 * and per username from it (429 with `Retry-After`, see {@link LoginRateLimiter}).
 *
 * @example registerAuthRoutes(api, { users, sessions, rateLimiter, clientAddress, setup });
 */
export function registerAuthRoutes(api: ApiRouter, options: AuthRoutesOptions): void {
  const { users, sessions, rateLimiter, clientAddress, setup } = options;

  api.route(setupState, async () => ({ status: 200, body: { needed: await setup.isNeeded() } }));

  api.route(completeSetup, async ({ req, body }) => {
    const address = clientAddress.of(req);
    const decision = await rateLimiter.begin(SETUP_LIMITER_KEY, address);
    if (!decision.allowed) throw new TooManyAttemptsError('too many wrong setup codes; try again later', decision.retryAfterSeconds);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    let result: Awaited<ReturnType<FirstAdminSetup['complete']>>;
    try {
      result = await setup.complete(body.code, { username: body.username, password: body.password, ...(body.displayName ? { displayName: body.displayName } : {}) });
    } catch (error) {
      // The code was right (it is checked first); only the form was refused.
      if (error instanceof UserValidationError) await rateLimiter.recordSuccess(SETUP_LIMITER_KEY, address);
      throw error;
    }
    if (!result.ok) {
      if (result.refusal === 'notNeeded') throw new SetupNotNeededError();
      await rateLimiter.recordFailure(SETUP_LIMITER_KEY, address);
      throw new WrongSetupCodeError();
    }
    await rateLimiter.recordSuccess(SETUP_LIMITER_KEY, address);
    const session = await sessions.create(result.outcome.user.id);
    return { status: 201, body: { token: session.token, expiresAt: session.expiresAt, user: result.outcome.user } };
  });

  api.route(login, async ({ req, body }) => {
    const address = clientAddress.of(req);
    const decision = await rateLimiter.begin(body.username, address);
    if (!decision.allowed) throw new TooManyAttemptsError('too many failed logins; try again later', decision.retryAfterSeconds);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    const user = await users.authenticate(body.username, body.password);
    if (!user) {
      await rateLimiter.recordFailure(body.username, address);
      throw new LoginFailedError();
    }
    await rateLimiter.recordSuccess(body.username, address);
    const session = await sessions.create(user.id);
    return { status: 200, body: { token: session.token, expiresAt: session.expiresAt, user } };
  });

  api.route(logout, async ({ req, principal }) => {
    // The API key is not a session; there is nothing to end for it.
    const token = bearerTokenOf(req);
    if (principal?.kind === 'user' && token !== undefined) await sessions.revoke(token);
    return { status: 204 };
  });

  api.route(whoAmI, async ({ principal, userId }) => {
    if (principal?.kind !== 'user' || userId === undefined) return { status: 200, body: { kind: 'apiKey' as const, roles: ['admin' as const] } };
    const user = await users.get(userId);
    if (!user) throw new LoginFailedError();
    return { status: 200, body: { kind: 'user' as const, user } };
  });
}
