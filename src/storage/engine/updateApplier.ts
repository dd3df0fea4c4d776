import type { Update } from './documentStore';
import { isArrayIndex, splitPath } from './documentPath';
import { isFilterValue } from './filterMatcher';
import { compareValues, isPlainObject, typeRank, valuesEqual } from './valueOrder';

const OPERATORS = ['$set', '$unset', '$inc', '$setOnInsert', '$push', '$pull', '$addToSet'] as const;
type UpdateOperator = (typeof OPERATORS)[number];

interface Modification {
  readonly operator: UpdateOperator;
  readonly path: string;
  readonly parts: readonly string[];
  readonly value: unknown;
}

type Container = Record<string, unknown> | unknown[];

/**
 * Checks an {@link Update} the way MongoDB parses one: at least one operator, only the contract's operators, valid
 * paths, and no two paths that overlap (`a` with `a` or `a.b`, across all operators, `$setOnInsert` included).
 * Entries whose value is `undefined` are ignored, as the MongoDB driver does with `ignoreUndefined`.
 *
 * @throws {TypeError} when the update is not valid.
 */
export function assertValidUpdate(update: Update): void {
  parseUpdate(update);
}

/**
 * Applies an {@link Update} to a copy of `document` with MongoDB's semantics and returns the copy: `$set` creates
 * missing sub-documents; `$unset` removes (or, in an array, sets `null`); `$inc` adds to a number or creates it;
 * `$push` (with optional `$each`/`$slice`) and `$addToSet` (with optional `$each`) create the array; `$pull` removes
 * every element equal to a value and ignores a missing field; `$setOnInsert` applies only in `'insert'` mode. Paths
 * apply in lexicographic order, so new fields appear in the order MongoDB gives them.
 *
 * @throws {TypeError} for an invalid update; {@link Error} when it cannot apply to this document (e.g. `$inc` on a
 *   string, a path through a scalar, or a change of `_id`).
 * @example
 * ```ts
 * applyUpdate({ _id: 'c1', unread: 2 }, { $inc: { unread: 1 }, $set: { 'last.at': now } }, 'update');
 * // { _id: 'c1', unread: 3, last: { at: now } }
 * ```
 */
export function applyUpdate(document: Record<string, unknown>, update: Update, mode: 'update' | 'insert'): Record<string, unknown> {
  const modifications = parseUpdate(update);
  const result = structuredClone(document);
  for (const modification of modifications) {
    if (modification.operator === '$setOnInsert' && mode !== 'insert') continue;
    applyModification(result, modification);
  }
  if (Object.hasOwn(document, '_id') && !(typeRank(document._id) === typeRank(result._id) && valuesEqual(document._id, result._id))) {
    throw new Error("an update cannot change a document's _id");
  }
  return result;
}

function parseUpdate(update: Update): Modification[] {
  if (!isPlainObject(update)) throw new TypeError('an update must be an object of update operators');
  const entries = Object.entries(update).filter(([, fields]) => fields !== undefined);
  if (entries.length === 0) throw new TypeError('an update needs at least one update operator');
  const modifications: Modification[] = [];
  for (const [operator, fields] of entries) {
    if (!(OPERATORS as readonly string[]).includes(operator)) throw new TypeError(`unsupported update operator ${operator}`);
    if (!isPlainObject(fields)) throw new TypeError(`${operator} needs an object of fields`);
    for (const [path, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      const parts = splitPath(path);
      if (parts.some((part) => part.startsWith('$'))) throw new TypeError(`unsupported update path ${path}`);
      modifications.push({ operator: operator as UpdateOperator, path, parts, value });
    }
  }
  modifications.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const modification of modifications) {
    const conflict = modifications.find((other) => other !== modification && (other.path === modification.path || modification.path.startsWith(`${other.path}.`)));
    if (conflict) throw new TypeError(`updating the path '${modification.path}' would create a conflict at '${conflict.path}'`);
  }
  return modifications;
}

function applyModification(document: Record<string, unknown>, { operator, path, parts, value }: Modification): void {
  const creates = operator !== '$unset' && operator !== '$pull';
  const container = parentOf(document, parts, creates, path);
  if (!container) return;
  const field = parts[parts.length - 1]!;
  const current = read(container, field);
  switch (operator) {
    case '$set':
    case '$setOnInsert':
      assign(container, field, value, path);
      return;
    case '$unset':
      if (Array.isArray(container)) {
        if (isArrayIndex(field) && Number(field) < container.length) container[Number(field)] = null;
      } else {
        delete container[field];
      }
      return;
    case '$inc':
      if (typeof value !== 'number') throw new TypeError(`$inc on ${path} needs a number`);
      if (current === undefined) assign(container, field, value, path);
      else if (typeof current === 'number') assign(container, field, current + value, path);
      else throw new Error(`cannot apply $inc to the non-number at ${path}`);
      return;
    case '$push':
    case '$addToSet': {
      const { values, slice } = operator === '$push' ? pushArguments(value, path) : { values: addToSetValues(value, path), slice: undefined };
      if (current !== undefined && !Array.isArray(current)) throw new Error(`cannot apply ${operator} to the non-array at ${path}`);
      const array: unknown[] = current === undefined ? [] : current;
      for (const element of values) {
        if (operator === '$push' || !array.some((existing) => typeRank(existing) === typeRank(element) && compareValues(existing, element) === 0)) array.push(element);
      }
      assign(container, field, slice === undefined ? array : sliced(array, slice), path);
      return;
    }
    case '$pull':
      if (!isFilterValue(value)) throw new TypeError(`$pull on ${path} needs a string, number, boolean, Date or null`);
      if (current === undefined) return;
      if (!Array.isArray(current)) throw new Error(`cannot apply $pull to the non-array at ${path}`);
      assign(container, field, current.filter((element) => !(typeRank(element) === typeRank(value) && compareValues(element, value) === 0)), path);
      return;
  }
}

/** The object or array holding the last part of `parts`, creating missing sub-documents when `creates`. */
function parentOf(document: Record<string, unknown>, parts: readonly string[], creates: boolean, path: string): Container | undefined {
  let container: Container = document;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(container) && !isArrayIndex(part)) {
      if (!creates) return undefined;
      throw new Error(`cannot create field '${part}' in an array (${path})`);
    }
    let next = read(container, part);
    if (next === undefined) {
      if (!creates) return undefined;
      next = {};
      assign(container, part, next, path);
    } else if (!isPlainObject(next) && !Array.isArray(next)) {
      if (!creates) return undefined;
      throw new Error(`cannot create a field inside the non-object at '${part}' (${path})`);
    }
    container = next as Container;
  }
  return container;
}

function read(container: Container, field: string): unknown {
  if (Array.isArray(container)) return isArrayIndex(field) ? container[Number(field)] : undefined;
  return Object.hasOwn(container, field) ? container[field] : undefined;
}

function assign(container: Container, field: string, value: unknown, path: string): void {
  if (!Array.isArray(container)) {
    container[field] = value;
    return;
  }
  if (!isArrayIndex(field)) throw new Error(`cannot create field '${field}' in an array (${path})`);
  // MongoDB pads an array with nulls up to a position set beyond its end.
  while (container.length < Number(field)) container.push(null);
  container[Number(field)] = value;
}

function pushArguments(value: unknown, path: string): { values: unknown[]; slice: number | undefined } {
  if (!isPlainObject(value) || !Object.keys(value).some((key) => key.startsWith('$'))) return { values: [value], slice: undefined };
  for (const key of Object.keys(value)) {
    if (key !== '$each' && key !== '$slice') throw new TypeError(`unsupported $push modifier ${key} on ${path}`);
  }
  if (!Array.isArray(value.$each)) throw new TypeError(`$push on ${path} needs $each with an array`);
  if (value.$slice !== undefined && !Number.isInteger(value.$slice)) throw new TypeError(`$slice on ${path} needs an integer`);
  return { values: value.$each, slice: value.$slice as number | undefined };
}

function addToSetValues(value: unknown, path: string): unknown[] {
  if (!isPlainObject(value) || !Object.keys(value).some((key) => key.startsWith('$'))) return [value];
  if (Object.keys(value).some((key) => key !== '$each') || !Array.isArray(value.$each)) throw new TypeError(`$addToSet on ${path} supports only { $each: [...] }`);
  return value.$each;
}

function sliced(array: unknown[], slice: number): unknown[] {
  if (slice === 0) return [];
  return slice > 0 ? array.slice(0, slice) : array.slice(slice);
}
