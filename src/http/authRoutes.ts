import type { Server } from 'restify';
import { z } from 'zod';
import type { LoginRateLimiter } from '../auth/loginRateLimiter';
import { ROLES } from '../auth/roles';
import type { SessionRepository } from '../auth/sessionRepository';
import { MAX_PASSWORD_LENGTH, type UserRepository } from '../auth/userRepository';
import { readValidJson } from './jsonRequest';
import { bearerTokenOf, sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/** Body of `POST /api/auth/login`. */
export const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/** One message for an unknown user, a wrong password and a disabled user, so logins reveal no usernames. */
export const LOGIN_FAILED_MESSAGE = 'invalid username or password';

/** What the login routes need. */
export interface AuthRoutesOptions {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly authorizer: RequestAuthorizer;
  readonly rateLimiter: LoginRateLimiter;
}

/**
 * `POST /api/auth/login` → `{ token, expiresAt, user }` (401 on bad credentials, 429 with `Retry-After` after too many
 * failures), `POST /api/auth/logout` (ends the presented session), `GET /api/auth/me` (who the token belongs to).
 */
export function registerAuthRoutes(server: Server, options: AuthRoutesOptions): void {
  const { users, sessions, rateLimiter } = options;

  server.post('/api/auth/login', async (req, res) => {
    const credentials = await readValidJson(req, res, loginSchema);
    if (!credentials) return;
    // The socket's address, not X-Forwarded-For: a client could forge that header to dodge the per-address limit.
    const address = req.socket.remoteAddress ?? 'unknown';
    const decision = rateLimiter.check(credentials.username, address);
    if (!decision.allowed) {
      res.header('Retry-After', String(decision.retryAfterSeconds));
      res.send(429, { message: 'too many failed logins; try again later' });
      return;
    }
    const user = await users.authenticate(credentials.username, credentials.password);
    if (!user) {
      rateLimiter.recordFailure(credentials.username, address);
      res.header('WWW-Authenticate', 'Bearer');
      res.send(401, { message: LOGIN_FAILED_MESSAGE });
      return;
    }
    rateLimiter.recordSuccess(credentials.username);
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
