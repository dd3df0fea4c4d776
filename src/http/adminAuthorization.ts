import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a presented bearer token is the configured `ADMIN_API_KEY`, compared in constant time. With no key
 * configured nothing matches.
 *
 * @example
 * ```ts
 * matchesAdminApiKey('test-admin-key-0123456789', config.adminApiKey);
 * ```
 */
export function matchesAdminApiKey(presented: string, adminApiKey: string | undefined): boolean {
  if (adminApiKey === undefined) return false;
  // Hashing first gives equal lengths, so the comparison leaks nothing about the key's length either.
  return timingSafeEqual(createHash('sha256').update(presented).digest(), createHash('sha256').update(adminApiKey).digest());
}
