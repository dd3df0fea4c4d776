/** Every role a user may hold, least to most privileged. */
export const ROLES = ['agent', 'supervisor', 'admin'] as const;

/** A user's role: `agent` answers customers, `supervisor` also reads transcripts, `admin` manages everything. */
export type Role = (typeof ROLES)[number];

/**
 * Whether `value` names a role.
 *
 * @example
 * ```ts
 * isRole('admin'); // true
 * isRole('root'); // false
 * ```
 */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
