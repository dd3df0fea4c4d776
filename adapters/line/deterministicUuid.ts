import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, name-based on SHA-256) that is always the same for the same `name`.
 *
 * Used as the `X-Line-Retry-Key` of pushes made while processing a webhook event: if the turn runs
 * again after a crash, its pushes carry the same keys and LINE refuses them as already accepted
 * (409) instead of delivering them twice.
 *
 * @example deterministicUuid('default|01HZX…|0') // the same UUID on every call
 */
export function deterministicUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
