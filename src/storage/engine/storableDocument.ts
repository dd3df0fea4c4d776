import type { StoredDocument } from './documentStore';

/**
 * A deep copy of `document` as the embedded store keeps it, with what MongoDB does to the same value applied
 * (`_id` first, `undefined` fields dropped, `undefined` array elements stored as `null`, as the driver does with
 * `ignoreUndefined`), or a clear refusal for what the embedded store's JSON cannot keep faithfully: only `null`, strings, booleans, finite
 * numbers, valid Dates, arrays and plain objects; field names must not start with `$` or contain `.` (store free-form
 * payloads as JSON strings).
 *
 * @throws {TypeError} naming the offending path.
 * @example
 * ```ts
 * toStorableDocument({ _id: 'm1', at: new Date(), note: undefined }, 'messages'); // { _id: 'm1', at: Date }
 * ```
 */
export function toStorableDocument(document: Record<string, unknown>, collection: string): StoredDocument {
  const copy = storable(document, '', collection);
  if (typeof copy !== 'object' || copy === null || Array.isArray(copy) || typeof (copy as Record<string, unknown>)._id !== 'string') {
    throw new TypeError(`documents in '${collection}' need a string _id`);
  }
  // MongoDB always stores `_id` first; doing the same keeps field order, and so equality of sub-documents, alike.
  const { _id, ...fields } = copy as StoredDocument;
  return { _id, ...fields };
}

function storable(value: unknown, path: string, collection: string): unknown {
  const where = (): string => `${path === '' ? 'the document' : path} in '${collection}'`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${where()} is ${value}: the embedded store keeps finite numbers only`);
    return value;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`${where()} is an invalid Date`);
    return new Date(value.getTime());
  }
  if (Array.isArray(value)) return value.map((element: unknown, index) => (element === undefined ? null : storable(element, `${path}${path === '' ? '' : '.'}${index}`, collection)));
  if (typeof value === 'object') {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new TypeError(`${where()} is a ${value.constructor?.name ?? 'non-plain object'}: the embedded store keeps JSON values and Dates only`);
    }
    const copy: Record<string, unknown> = {};
    for (const [field, fieldValue] of Object.entries(value)) {
      if (fieldValue === undefined) continue;
      if (field.startsWith('$') || field.includes('.') || field === '__proto__') {
        throw new TypeError(`field name ${JSON.stringify(field)} at ${where()} is not allowed by the embedded store (no leading '$', no '.'): store free-form payloads as JSON strings`);
      }
      copy[field] = storable(fieldValue, `${path}${path === '' ? '' : '.'}${field}`, collection);
    }
    return copy;
  }
  throw new TypeError(`${where()} is a ${typeof value}: the embedded store keeps JSON values and Dates only`);
}
