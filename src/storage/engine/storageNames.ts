/**
 * The names callers choose that become file names (embedded store) or namespaces (MongoDB): checked the same way by
 * both backends, so a name accepted by one is accepted by the other, and none can reach outside the data directory.
 */

const BLOB_ID = /^[A-Za-z0-9._-]{1,200}$/;
const COLLECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;

/** A blob id or collection name that is not allowed; nothing was read or written. */
export class InvalidStorageNameError extends Error {
  readonly code = 'invalid_storage_name';

  constructor(
    readonly kind: 'blob id' | 'collection name',
    readonly value: string,
  ) {
    super(`invalid ${kind} ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`);
    this.name = 'InvalidStorageNameError';
  }
}

/**
 * Throws unless `id` is 1–200 characters of `[A-Za-z0-9._-]` (no path separators, so it is safe as a file name).
 *
 * @example
 * ```ts
 * assertValidBlobId('U1234.jpg'); // ok
 * assertValidBlobId('../etc/passwd'); // throws InvalidStorageNameError
 * ```
 */
export function assertValidBlobId(id: string): void {
  if (typeof id !== 'string' || !BLOB_ID.test(id)) throw new InvalidStorageNameError('blob id', String(id));
}

/**
 * Throws unless `name` starts with a letter or digit and continues with up to 119 of `[A-Za-z0-9._-]`: valid as a
 * MongoDB collection name (outside its reserved `system.` namespace) and as a file name.
 *
 * @example
 * ```ts
 * assertValidCollectionName('conversations'); // ok
 * assertValidCollectionName('$cmd'); // throws InvalidStorageNameError
 * ```
 */
export function assertValidCollectionName(name: string): void {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name) || name.startsWith('system.')) throw new InvalidStorageNameError('collection name', String(name));
}
