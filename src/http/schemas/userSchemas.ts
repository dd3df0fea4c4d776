import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth/passwordLength';
import { ROLES } from '../../auth/roles';
import { USERNAME_PATTERN } from '../../auth/usernamePattern';
import { userSchema } from './authSchemas';

const password = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const roles = z.array(z.enum(ROLES)).min(1);
const displayName = z.string().trim().min(1).max(100);

/** Body of `POST /api/admin/users`. */
export const newUserSchema = z
  .strictObject({
    username: z.string().trim().toLowerCase().regex(USERNAME_PATTERN, 'must be 1–64 of a–z, 0–9 and ._@-, starting with a letter or digit'),
    displayName: displayName.optional(),
    roles,
    password,
    disabled: z.boolean().optional(),
  })
  .meta({ id: 'NewUser' });

/** Body of `PATCH /api/admin/users/:id`; every field optional. */
export const userPatchSchema = z
  .strictObject({
    displayName: displayName.optional(),
    roles: roles.optional(),
    disabled: z.boolean().optional(),
    password: password.optional(),
  })
  .meta({ id: 'UserPatch' });

/** `GET /api/admin/users`. */
export const userListSchema = z.object({ items: z.array(userSchema) });

/** The `:id` of a user's routes. */
export const userIdParamsSchema = z.object({ id: z.string() });
