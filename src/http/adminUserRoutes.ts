import type { SessionRepository } from '../auth/sessionRepository';
import { UserNotFoundError, type UserRepository } from '../auth/userRepository';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { userSchema } from './schemas/authSchemas';
import { newUserSchema, userIdParamsSchema, userListSchema, userPatchSchema } from './schemas/userSchemas';

const admins = { roles: ['admin'] } as const;

/** `POST /api/admin/users`. */
export const createUser = apiContract({
  method: 'post', path: '/api/admin/users', tags: ['admin'], access: admins,
  summary: 'Add a user',
  body: newUserSchema,
  responses: { 201: { description: 'created', schema: userSchema }, 409: { description: 'the username is taken (`field`: username)' } },
});

/** `GET /api/admin/users`. */
export const listUsers = apiContract({
  method: 'get', path: '/api/admin/users', tags: ['admin'], access: admins,
  summary: 'List users',
  responses: { 200: { description: 'every user', schema: userListSchema } },
});

/** `GET /api/admin/users/:id`. */
export const readUser = apiContract({
  method: 'get', path: '/api/admin/users/:id', tags: ['admin'], access: admins,
  summary: 'Read a user',
  params: userIdParamsSchema,
  responses: { 200: { description: 'the user', schema: userSchema }, 404: { description: 'no such user' } },
});

/** `PATCH /api/admin/users/:id`. */
export const changeUser = apiContract({
  method: 'patch', path: '/api/admin/users/:id', tags: ['admin'], access: admins,
  summary: 'Change roles, display name, disabled or password (a new password or disabling ends the user’s sessions)',
  params: userIdParamsSchema,
  body: userPatchSchema,
  responses: { 200: { description: 'the changed user', schema: userSchema }, 404: { description: 'no such user' }, 409: { description: 'the change would leave no enabled admin' } },
});

/** `DELETE /api/admin/users/:id`. */
export const deleteUser = apiContract({
  method: 'delete', path: '/api/admin/users/:id', tags: ['admin'], access: admins,
  summary: 'Delete a user and end their sessions',
  params: userIdParamsSchema,
  responses: { 204: { description: 'deleted' }, 404: { description: 'no such user' }, 409: { description: 'the last enabled admin cannot be deleted' } },
});

/** What the user-management routes need. */
export interface AdminUserRoutesOptions {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
}

/**
 * User management for admins: add, list, read, change (roles, display name, disabled, password) and delete. A new
 * password, disabling or deleting ends the user's sessions. Password hashes never leave the repository.
 *
 * @example registerAdminUserRoutes(api, { users, sessions });
 */
export function registerAdminUserRoutes(api: ApiRouter, options: AdminUserRoutesOptions): void {
  const { users, sessions } = options;

  api.route(createUser, async ({ body }) => ({ status: 201, body: await users.create(body) }));

  api.route(listUsers, async () => ({ status: 200, body: { items: await users.list() } }));

  api.route(readUser, async ({ params }) => {
    const user = await users.get(params.id);
    if (!user) throw new UserNotFoundError(params.id);
    return { status: 200, body: user };
  });

  api.route(changeUser, async ({ params, body }) => {
    const updated = await users.update(params.id, body);
    if (body.password !== undefined || body.disabled === true) await sessions.revokeAllOf(updated.id);
    return { status: 200, body: updated };
  });

  api.route(deleteUser, async ({ params }) => {
    if (!(await users.delete(params.id))) throw new UserNotFoundError(params.id);
    await sessions.revokeAllOf(params.id);
    return { status: 204 };
  });
}
