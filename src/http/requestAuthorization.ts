import type { Request } from 'restify';
import type { Role } from '../auth/roles';
import type { SessionRepository } from '../auth/sessionRepository';
import type { UserRepository } from '../auth/userRepository';
import { matchesAdminApiKey } from './adminAuthorization';

/** Who is calling: automation holding `ADMIN_API_KEY` (every role), or a logged-in user with their current roles. */
export type Principal = { readonly kind: 'apiKey' } | { readonly kind: 'user'; readonly userId: string; readonly roles: readonly Role[] };

/** Why a request is refused: 401 when the caller is not known, 403 when they lack the role. */
export interface AuthorizationRefusal {
  readonly status: 401 | 403;
  readonly message: string;
}

/** The outcome of {@link RequestAuthorizer.authorize}. */
export type AuthorizationResult = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly refusal: AuthorizationRefusal };

/** What a {@link RequestAuthorizer} checks against. */
export interface RequestAuthorizerOptions {
  readonly adminApiKey: string | undefined;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
}

/**
 * The token of an `Authorization: Bearer <token>` header, or `undefined`.
 *
 * @example
 * ```ts
 * bearerTokenOf(req); // 'q3v…' for `Authorization: Bearer q3v…`
 * ```
 */
export function bearerTokenOf(req: Request): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
  return match?.[1]?.trim() || undefined;
}

/**
 * Authorizes every call of the management API: `Authorization: Bearer <ADMIN_API_KEY>` counts as an admin; any other
 * bearer token must be a live session of an enabled user holding one of the allowed roles. Roles and the disabled
 * flag are read at each call, so changes apply at once.
 *
 * @example
 * ```ts
 * const result = await authorizer.authorize(req, ['admin', 'supervisor']);
 * if (!result.ok) throw new NotAuthenticatedError(result.refusal.message); // ApiRouter does this for every contract
 * ```
 */
export class RequestAuthorizer {
  constructor(private readonly options: RequestAuthorizerOptions) {}

  /** The caller, when they hold one of `allowedRoles`; a refusal otherwise. */
  async authorize(req: Request, allowedRoles: readonly Role[]): Promise<AuthorizationResult> {
    const token = bearerTokenOf(req);
    if (token === undefined) return refused(401, 'missing bearer token');
    if (matchesAdminApiKey(token, this.options.adminApiKey)) return { ok: true, principal: { kind: 'apiKey' } };
    const session = await this.options.sessions.resolve(token);
    const user = session && (await this.options.users.get(session.userId));
    if (!user || user.disabled) {
      return refused(401, this.options.adminApiKey === undefined ? 'invalid or expired token (ADMIN_API_KEY is not set, so only user sessions are accepted)' : 'invalid or expired token');
    }
    if (!user.roles.some((role) => allowedRoles.includes(role))) return refused(403, `this needs one of the roles ${allowedRoles.join(', ')}`);
    return { ok: true, principal: { kind: 'user', userId: user.id, roles: user.roles } };
  }
}

function refused(status: 401 | 403, message: string): AuthorizationResult {
  return { ok: false, refusal: { status, message } };
}
