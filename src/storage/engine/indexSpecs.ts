import type { IndexSpec } from './documentStore';

/**
 * Checks an {@link IndexSpec} the same way on both backends: at least one key, directions 1 or -1, and a TTL
 * (`expireAfterSeconds`) only on a single-field index, with a non-negative whole number of seconds.
 *
 * @example
 * ```ts
 * assertValidIndexSpec({ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }); // ok
 * assertValidIndexSpec({ keys: { a: 1, b: 1 }, expireAfterSeconds: 60 }); // throws TypeError
 * ```
 */
export function assertValidIndexSpec(spec: IndexSpec): void {
  const fields = Object.keys(spec.keys);
  if (fields.length === 0) throw new TypeError('an index needs at least one key');
  for (const [field, direction] of Object.entries(spec.keys)) {
    if (field === '' || field.startsWith('$') || field.split('.').some((part) => part === '')) throw new TypeError(`invalid index key ${JSON.stringify(field)}`);
    if (direction !== 1 && direction !== -1) throw new TypeError(`index direction of ${field} must be 1 or -1`);
  }
  if (spec.expireAfterSeconds !== undefined) {
    if (fields.length !== 1) throw new TypeError('expireAfterSeconds needs a single-field index');
    if (!Number.isInteger(spec.expireAfterSeconds) || spec.expireAfterSeconds < 0) throw new TypeError('expireAfterSeconds must be a non-negative integer');
  }
}

/** A stable text identifying `spec` (keys in order, options), to create each distinct index once per process. */
export function indexSpecKey(spec: IndexSpec): string {
  return JSON.stringify([Object.entries(spec.keys), spec.unique === true, spec.sparse === true, spec.expireAfterSeconds ?? null]);
}
