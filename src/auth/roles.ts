/** Every role a user may hold, least to most privileged. */
export const ROLES = ['agent', 'contacts', 'supervisor', 'admin'] as const;

/**
 * A user's role: `agent` answers customers, `contacts` (given beside `agent`) also reads every contact and the whole
 * history of linked customers, `supervisor` also reads transcripts, `admin` manages everything.
 */
export type Role = (typeof ROLES)[number];

/** The roles that read every contact; an agent without one sees only the contacts of customers they may see. */
export const CONTACT_DIRECTORY_ROLES: readonly Role[] = ['contacts', 'supervisor', 'admin'];

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

/**
 * Whether a user holding `roles` reads every contact (and every linked customer's conversations), not only those of
 * the customers whose conversations they may see.
 *
 * @example
 * ```ts
 * readsAllContacts(['agent']); // false
 * readsAllContacts(['agent', 'contacts']); // true
 * ```
 */
export function readsAllContacts(roles: readonly Role[]): boolean {
  return roles.some((role) => CONTACT_DIRECTORY_ROLES.includes(role));
}
