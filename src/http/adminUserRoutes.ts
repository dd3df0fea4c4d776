import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { ROLES } from '../auth/roles';
import type { SessionRepository } from '../auth/sessionRepository';
import {
  LastAdminError,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  USERNAME_PATTERN,
  UsernameTakenError,
  UserNotFoundError,
  UserValidationError,
  type UserRepository,
} from '../auth/userRepository';
import { readValidJson } from './jsonRequest';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

const password = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const roles = z.array(z.enum(ROLES)).min(1);
const displayName = z.string().trim().min(1).max(100);

/** Body of `POST /api/admin/users`. */
export const newUserSchema = z.strictObject({
  username: z.string().trim().toLowerCase().regex(USERNAME_PATTERN, 'must be 1–64 of a–z, 0–9 and ._@-, starting with a letter or digit'),
  displayName: displayName.optional(),
  roles,
  password,
  disabled: z.boolean().optional(),
});

/** Body of `PATCH /api/admin/users/:id`; every field optional. */
export const userPatchSchema = z.strictObject({
  displayName: displayName.optional(),
  roles: roles.optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
});

/** What the user-management routes need. */
export interface AdminUserRoutesOptions {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly authorizer: RequestAuthorizer;
}

/**
 * User management for admins: add, list, read, change (roles, display name, disabled, password) and delete. A new
 * password, disabling or deleting ends the user's sessions. Password hashes never leave the repository.
 */
export function registerAdminUserRoutes(server: Server, options: AdminUserRoutesOptions): void {
  const { users, sessions } = options;
  const guard = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response): Promise<void> => {
    const authorization = await options.authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    try {
      await handler(req, res);
    } catch (error) {
      sendUserError(res, error);
    }
  };

  server.post('/api/admin/users', guard(async (req, res) => {
    const input = await readValidJson(req, res, newUserSchema);
    if (!input) return;
    res.send(201, await users.create(input));
  }));

  server.get('/api/admin/users', guard(async (_req, res) => {
    res.send(200, { items: await users.list() });
  }));

  server.get('/api/admin/users/:id', guard(async (req, res) => {
    const user = await users.get(String(req.params.id));
    if (!user) return void res.send(404, { message: `no user '${String(req.params.id)}'` });
    res.send(200, user);
  }));

  server.patch('/api/admin/users/:id', guard(async (req, res) => {
    const patch = await readValidJson(req, res, userPatchSchema);
    if (!patch) return;
    const updated = await users.update(String(req.params.id), patch);
    if (patch.password !== undefined || patch.disabled === true) await sessions.revokeAllOf(updated.id);
    res.send(200, updated);
  }));

  server.del('/api/admin/users/:id', guard(async (req, res) => {
    const id = String(req.params.id);
    if (!(await users.delete(id))) return void res.send(404, { message: `no user '${id}'` });
    await sessions.revokeAllOf(id);
    res.send(204);
  }));
}

function sendUserError(res: Response, error: unknown): void {
  if (error instanceof UserValidationError) res.send(400, { message: error.message, field: error.field });
  else if (error instanceof UsernameTakenError) res.send(409, { message: error.message, field: 'username' });
  else if (error instanceof UserNotFoundError) res.send(404, { message: error.message });
  else if (error instanceof LastAdminError) res.send(409, { message: error.message });
  else throw error;
}
