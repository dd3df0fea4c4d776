import { isPlainObject, MISSING } from './valueOrder';

/**
 * The values a dotted `path` reaches in `document`, the way MongoDB's queries see them: an array met before the last
 * part is entered element by element (and a numeric part also picks that element); the value at the end is returned
 * as is, so a field holding an array yields the array. A branch where the path stops (an absent field, or a scalar
 * where a sub-document was expected) yields {@link MISSING}; when nothing is reached at all, the result is
 * `[MISSING]`.
 *
 * @example
 * ```ts
 * reachValues({ items: [{ sku: 'a' }, { sku: 'b' }, {}] }, 'items.sku'); // ['a', 'b', MISSING]
 * reachValues({ tags: ['x', 'y'] }, 'tags'); // [['x', 'y']]
 * ```
 */
export function reachValues(document: unknown, path: string): unknown[] {
  const reached: unknown[] = [];
  walk(document, splitPath(path), 0, reached);
  return reached.length === 0 ? [MISSING] : reached;
}

/** Splits a dotted path, refusing empty parts (`a..b`, `.a`) the way MongoDB does. */
export function splitPath(path: string): string[] {
  const parts = path.split('.');
  if (parts.some((part) => part === '')) throw new TypeError(`invalid field path ${JSON.stringify(path)}`);
  return parts;
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/** Whether a path part names an array position. */
export function isArrayIndex(part: string): boolean {
  return ARRAY_INDEX.test(part);
}

function walk(value: unknown, parts: readonly string[], position: number, reached: unknown[]): void {
  if (position === parts.length) {
    reached.push(value === undefined ? MISSING : value);
    return;
  }
  const part = parts[position]!;
  if (Array.isArray(value)) {
    if (isArrayIndex(part) && Number(part) < value.length) walk(value[Number(part)], parts, position + 1, reached);
    // Only sub-documents are entered; scalars and nested arrays inside the array do not have the field.
    for (const element of value) if (isPlainObject(element)) walk(element, parts, position, reached);
    return;
  }
  if (isPlainObject(value) && Object.hasOwn(value, part)) {
    walk(value[part], parts, position + 1, reached);
    return;
  }
  reached.push(MISSING);
}
