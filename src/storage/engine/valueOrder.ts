/**
 * MongoDB's comparison order (BSON canonical type order, then value), restricted to the values documents hold in the
 * embedded store: null, numbers, strings, plain objects, arrays, booleans and Dates. The embedded store sorts, compares
 * and tests equality with it so that its results match MongoDB's.
 */

/** A value at a path the document does not have. MongoDB treats it like `null` when sorting and for `{ field: null }`. */
export const MISSING: unique symbol = Symbol('missing');

/** An object that is neither an array, a Date nor `null`: an embedded document. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * MongoDB's canonical type rank (`null` 5, numbers 10, strings 15, objects 20, arrays 25, booleans 40, dates 45);
 * missing fields rank as `null`.
 */
export function typeRank(value: unknown): number {
  if (value === null || value === undefined || value === MISSING) return 5;
  switch (typeof value) {
    case 'number':
      return 10;
    case 'string':
      return 15;
    case 'boolean':
      return 40;
    default:
      if (Array.isArray(value)) return 25;
      if (value instanceof Date) return 45;
      return 20;
  }
}

/**
 * Compares two values the way MongoDB orders them: by type rank first, then by value (strings by code point, i.e.
 * MongoDB's binary UTF-8 order; objects field by field in their order, comparing type, then name, then value; arrays
 * element by element; shorter first when one is a prefix of the other).
 *
 * @example
 * ```ts
 * compareValues(2, '1'); // < 0: numbers sort before strings
 * compareValues(new Date(1), true); // > 0: dates sort after booleans
 * ```
 */
export function compareValues(a: unknown, b: unknown): number {
  const rankDifference = typeRank(a) - typeRank(b);
  if (rankDifference !== 0) return Math.sign(rankDifference);
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (Array.isArray(a) && Array.isArray(b)) return compareSequences(a.map((value) => ['', value]), b.map((value) => ['', value]));
  if (isPlainObject(a) && isPlainObject(b)) return compareSequences(Object.entries(a), Object.entries(b));
  return 0;
}

/** Whether MongoDB considers the two values equal (same type rank and same value, fields in the same order). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}

function compareNumbers(a: number, b: number): number {
  // MongoDB orders NaN below every other number and equal to itself.
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders strings by Unicode code point, which is the order of their UTF-8 bytes (MongoDB's default, no collation). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return Math.sign(codePointOrderOfUnit(left) - codePointOrderOfUnit(right));
  }
  return Math.sign(a.length - b.length);
}

// UTF-16 order differs from code point order only between surrogates (U+D800–DFFF, which encode code points above
// U+FFFF) and U+E000–FFFF; moving the surrogates above that range restores code point order.
function codePointOrderOfUnit(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

function compareSequences(a: readonly (readonly [string, unknown])[], b: readonly (readonly [string, unknown])[]): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const [leftName, leftValue] = a[index]!;
    const [rightName, rightValue] = b[index]!;
    const rankDifference = typeRank(leftValue) - typeRank(rightValue);
    if (rankDifference !== 0) return Math.sign(rankDifference);
    const nameOrder = compareCodePoints(leftName, rightName);
    if (nameOrder !== 0) return nameOrder;
    const valueOrder = compareValues(leftValue, rightValue);
    if (valueOrder !== 0) return valueOrder;
  }
  return Math.sign(a.length - b.length);
}
