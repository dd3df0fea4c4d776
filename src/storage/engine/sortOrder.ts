import type { Sort } from './documentStore';
import { reachValues, splitPath } from './documentPath';
import { compareValues, MISSING } from './valueOrder';

/** Sorts below `null` in ascending order, as MongoDB sorts an empty array. */
const EMPTY_ARRAY: unique symbol = Symbol('empty array');

/**
 * Sorts documents by a {@link Sort} with MongoDB's rules: fields compared in key order with MongoDB's type order
 * ({@link compareValues}); a missing field sorts as `null`; an array field sorts by its smallest element ascending and
 * its largest descending, an empty array below `null`. Documents that tie keep their input order; MongoDB leaves ties
 * unordered, so a sort that must be deterministic on both backends needs a unique last key (such as `_id`).
 *
 * @example
 * ```ts
 * sortDocuments(messages, { sentAt: -1, _id: 1 });
 * ```
 */
export function sortDocuments<T extends Record<string, unknown>>(documents: readonly T[], sort: Sort): T[] {
  const fields = Object.entries(sort);
  for (const [path, direction] of fields) {
    splitPath(path);
    if (direction !== 1 && direction !== -1) throw new TypeError(`sort direction of ${path} must be 1 or -1`);
  }
  const keyed = documents.map((document) => ({ document, keys: fields.map(([path, direction]) => sortKey(document, path, direction)) }));
  keyed.sort((a, b) => {
    for (let index = 0; index < fields.length; index += 1) {
      const order = compareSortKeys(a.keys[index], b.keys[index]);
      if (order !== 0) return order * fields[index]![1];
    }
    return 0;
  });
  return keyed.map(({ document }) => document);
}

function sortKey(document: Record<string, unknown>, path: string, direction: 1 | -1): unknown {
  const candidates: unknown[] = [];
  for (const value of reachValues(document, path)) {
    if (value === MISSING) candidates.push(null);
    else if (Array.isArray(value)) candidates.push(...(value.length === 0 ? [EMPTY_ARRAY] : value));
    else candidates.push(value);
  }
  return candidates.reduce((best, candidate) => (compareSortKeys(candidate, best) * direction < 0 ? candidate : best));
}

function compareSortKeys(a: unknown, b: unknown): number {
  if (a === EMPTY_ARRAY || b === EMPTY_ARRAY) return a === b ? 0 : a === EMPTY_ARRAY ? -1 : 1;
  return compareValues(a, b);
}
