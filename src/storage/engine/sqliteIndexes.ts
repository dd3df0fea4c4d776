import { createHash } from 'node:crypto';
import type { IndexSpec } from './documentStore';
import { indexSpecKey } from './indexSpecs';

/**
 * SQL for the indexes of the SQLite store. Every indexed field is read through one expression, its *key*
 * (`ifnull(json_extract(doc, '$."a"."b"'), -9e999)`): queries and sorts on the field use the very same text, which is
 * what lets SQLite use the index. A missing field and `null` both become -∞ (a number no document can hold, since
 * only finite numbers are stored), so they sort first and count as equal for a unique index — both as in MongoDB.
 */

/** The JSON path of a dotted field path, each part quoted. */
export function jsonPath(path: string): string {
  const parts = path.split('.');
  for (const part of parts) {
    if (part === '' || /["\\']/.test(part)) throw new TypeError(`the embedded store cannot index the field path ${JSON.stringify(path)}`);
  }
  return `$.${parts.map((part) => `"${part}"`).join('.')}`;
}

/** The key expression of an indexed field (see the module comment). */
export function keyExpression(path: string): string {
  return `ifnull(json_extract(doc, '${jsonPath(path)}'), -9e999)`;
}

/** `json_type` of a field: NULL when missing, `'null'`, `'true'`, `'false'`, `'integer'`, `'real'`, `'text'`, … */
export function typeExpression(path: string): string {
  return `json_type(doc, '${jsonPath(path)}')`;
}

/** A quoted SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The name of the SQLite index for `spec` on `collection`: stable, and different when the spec differs. */
export function indexName(collection: string, spec: IndexSpec): string {
  const fields = Object.keys(spec.keys).join('+');
  const hash = createHash('sha256').update(indexSpecKey(spec)).digest('hex').slice(0, 10);
  return `${collection}:${fields}:${hash}`;
}

/**
 * `CREATE INDEX` for `spec`: unique when asked; sparse as a partial index over the documents that have the field
 * (queries name the same condition to use it); a TTL index is an ordinary index on its date field.
 */
export function createIndexSql(collection: string, spec: IndexSpec): string {
  const columns = Object.entries(spec.keys).map(([path, direction]) => `${keyExpression(path)}${direction === -1 ? ' DESC' : ''}`);
  // MongoDB's sparse index holds the documents that have at least one of its fields.
  const where = spec.sparse === true ? ` WHERE ${Object.keys(spec.keys).map((path) => `${typeExpression(path)} IS NOT NULL`).join(' OR ')}` : '';
  return `CREATE ${spec.unique === true ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quoteIdentifier(indexName(collection, spec))} ON ${quoteIdentifier(collection)} (${columns.join(', ')})${where}`;
}

/** What to do with a declared index when the collection has indexes on the same keys with other options. */
export type ChangedIndexResolution =
  | { readonly kind: 'create' }
  | { readonly kind: 'replaceTtl'; readonly replaced: readonly string[] }
  | { readonly kind: 'keepExisting'; readonly existing: { readonly name: string; readonly spec: IndexSpec } };

/**
 * The embedded store's answer to a changed index definition, the same as on MongoDB (see `mongoIndexes.ts`): when
 * only `expireAfterSeconds` differs, the old index is replaced (MongoDB's `collMod`); when anything else differs
 * (`unique`, `sparse`, a TTL added or removed), the existing index is kept and the new definition is not created.
 *
 * @example
 * ```ts
 * changedIndexResolution([{ name: 'old', spec: { keys: { at: 1 }, expireAfterSeconds: 60 } }], { keys: { at: 1 }, expireAfterSeconds: 90 });
 * // { kind: 'replaceTtl', replaced: ['old'] }
 * ```
 */
export function changedIndexResolution(existing: readonly { readonly name: string; readonly spec: IndexSpec }[], spec: IndexSpec): ChangedIndexResolution {
  const keys = JSON.stringify(Object.entries(spec.keys));
  const sameKeys = existing.filter((index) => JSON.stringify(Object.entries(index.spec.keys)) === keys);
  if (sameKeys.length === 0) return { kind: 'create' };
  const onlyTtlDiffers = (other: IndexSpec): boolean =>
    (other.unique === true) === (spec.unique === true) && (other.sparse === true) === (spec.sparse === true) && other.expireAfterSeconds !== undefined && spec.expireAfterSeconds !== undefined;
  const conflicting = sameKeys.find((index) => !onlyTtlDiffers(index.spec));
  if (conflicting) return { kind: 'keepExisting', existing: conflicting };
  return { kind: 'replaceTtl', replaced: sameKeys.map((index) => index.name) };
}
