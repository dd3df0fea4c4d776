import { randomUUID } from 'node:crypto';
import type { Filter, FilterValue, Update } from './documentStore';
import { splitPath } from './documentPath';
import { isFilterValue } from './filterMatcher';
import { isPlainObject } from './valueOrder';

/**
 * The equality conditions of a filter, as MongoDB takes them into the document an upsert inserts: top-level
 * `field: value` and `field: { $eq: value }`, including those inside `$and` (never those inside `$or`).
 *
 * @example
 * ```ts
 * filterEqualities({ _id: 'c1', status: { $eq: 'open' }, priority: { $gt: 1 } }); // [['_id', 'c1'], ['status', 'open']]
 * ```
 */
export function filterEqualities(filter: Filter): [string, FilterValue][] {
  const equalities: [string, FilterValue][] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition as readonly Filter[]) equalities.push(...filterEqualities(clause));
    } else if (!key.startsWith('$')) {
      if (isFilterValue(condition)) equalities.push([key, condition]);
      else if (isPlainObject(condition) && isFilterValue(condition.$eq)) equalities.push([key, condition.$eq]);
    }
  }
  return equalities;
}

/**
 * The document an upsert starts from before its update applies: the filter's {@link filterEqualities}, dotted paths
 * expanded into sub-documents (what MongoDB does).
 *
 * @throws {TypeError} when two equalities overlap (`a` and `a.b`).
 */
export function upsertSeed(filter: Filter): Record<string, unknown> {
  const seed: Record<string, unknown> = {};
  for (const [path, value] of filterEqualities(filter)) {
    const parts = splitPath(path);
    let container = seed;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        if (Object.hasOwn(container, part)) throw new TypeError(`conflicting equality conditions on ${path}`);
        container[part] = value instanceof Date ? new Date(value.getTime()) : value;
        return;
      }
      const next = container[part];
      if (next === undefined) container = container[part] = {};
      else if (isPlainObject(next)) container = next;
      else throw new TypeError(`conflicting equality conditions on ${path}`);
    });
  }
  return seed;
}

/**
 * Makes an upsert insert a string `_id` when nothing else chooses one: unless the filter has an `_id` equality or
 * the update sets `_id`, adds `$setOnInsert: { _id: <random UUID> }`. Both backends call it, so an upserted document
 * always has a string `_id` (MongoDB would otherwise generate an ObjectId).
 *
 * @example
 * ```ts
 * withUpsertId({ lineUserId: 'U1' }, { $set: { seenAt } }); // { $set: { seenAt }, $setOnInsert: { _id: '5f0c…' } }
 * ```
 */
export function withUpsertId(filter: Filter, update: Update): Update {
  const chosen = filterEqualities(filter).some(([path]) => path === '_id') || [update.$set, update.$setOnInsert].some((fields) => fields !== undefined && fields._id !== undefined);
  return chosen ? update : { ...update, $setOnInsert: { ...update.$setOnInsert, _id: randomUUID() } };
}
