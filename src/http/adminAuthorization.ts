import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';

/** Why a request may not use the admin API, or `undefined` when it may. */
export type AdminRefusal = { readonly status: 401; readonly message: string } | undefined;

/**
 * Checks `Authorization: Bearer <ADMIN_API_KEY>` in constant time. With no key configured the
 * admin API is closed to everyone (nothing is open by default).
 */
export function refuseUnlessAdmin(req: Request, adminApiKey: string | undefined): AdminRefusal {
  if (adminApiKey === undefined) return { status: 401, message: 'the admin API is disabled: set ADMIN_API_KEY' };
  const match = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
  const presented = match?.[1]?.trim();
  if (!presented) return { status: 401, message: 'missing bearer token' };
  // Hashing first gives equal lengths, so the comparison leaks nothing about the key's length either.
  const equal = timingSafeEqual(createHash('sha256').update(presented).digest(), createHash('sha256').update(adminApiKey).digest());
  return equal ? undefined : { status: 401, message: 'invalid bearer token' };
}
