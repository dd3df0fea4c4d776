import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../auth/passwordLength';
import { ROLES } from '../../auth/roles';
import { dateTimeSchema } from '../api/commonSchemas';

/** Every role a user may hold. */
export const roleSchema = z.enum(ROLES);

/** A user as the API shows it; the password hash is never part of it. */
export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    disabled: z.boolean(),
    createdAt: dateTimeSchema,
    updatedAt: dateTimeSchema,
  })
  .meta({ id: 'User', description: 'A user. The password hash is never returned.' });

/** Body of `POST /api/auth/login`. */
export const loginSchema = z
  .strictObject({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  })
  .meta({ id: 'Login' });

/** Body of `POST /api/auth/setup`: the setup code from the server's log and the first admin. */
export const firstAdminSchema = z.strictObject({
  code: z.string().trim().min(1).max(64),
  username: z.string().trim().min(1).max(64),
  displayName: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/** A new session: the token goes in `Authorization: Bearer <token>` until `expiresAt` or logout. */
export const sessionAnswerSchema = z.object({ token: z.string(), expiresAt: dateTimeSchema, user: userSchema }).meta({ id: 'Session' });

/** Who a token belongs to. */
export const callerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), user: userSchema }),
  z.object({ kind: z.literal('apiKey'), roles: z.array(roleSchema) }),
]);

/** Whether the first admin must still be set up. */
export const setupStateSchema = z.object({ needed: z.boolean() });
