import type { Filter, IndexSpec, Sort } from '../../src/storage/engine/documentStore';

/** The shape of a query as an index sees it: equality fields, range fields, sort. */
export interface QueryShape {
  readonly equality: readonly string[];
  readonly range: readonly string[];
  readonly sort: readonly (readonly [string, 1 | -1])[];
}

const RANGE_OPERATORS = ['$lt', '$lte', '$gt', '$gte', '$ne', '$nin', '$exists'];

/** The shapes of a filter: one per `$or` branch (each combined with the rest of the filter). */
export function queryShapes(filter: Filter, sort: Sort | undefined): QueryShape[] {
  const equality: string[] = [];
  const range: string[] = [];
  let branches: QueryShape[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (field === '$and') {
      for (const clause of condition as readonly Filter[]) {
        const [inner] = queryShapes(clause, undefined);
        if (inner) equality.push(...inner.equality), range.push(...inner.range);
      }
    } else if (field === '$or') {
      branches = (condition as readonly Filter[]).flatMap((clause) => queryShapes(clause, undefined));
    } else if (condition !== null && typeof condition === 'object' && !(condition instanceof Date)) {
      const operators = Object.keys(condition);
      // $in is an equality on several values for the index bounds, as MongoDB plans it.
      if (operators.some((operator) => operator === '$eq' || operator === '$in')) equality.push(field);
      else if (operators.some((operator) => RANGE_OPERATORS.includes(operator))) range.push(field);
    } else {
      equality.push(field);
    }
  }
  const sortEntries = Object.entries(sort ?? {}) as [string, 1 | -1][];
  if (branches.length === 0) return [{ equality, range, sort: sortEntries }];
  return branches.map((branch) => ({ equality: [...equality, ...branch.equality], range: [...range, ...branch.range], sort: sortEntries }));
}

/**
 * Whether an index serves a query shape, by MongoDB's prefix and equality-sort-range rules: the index's leading keys
 * are equality fields of the query (as many as it has, in any order); then, when the query sorts (on fields not
 * fixed by an equality), the next keys are the sort fields in order, all in the sort's directions or all reversed;
 * without a sort the index must at least begin with an equality or a range field. An equality on `_id` is served by
 * the `_id` index.
 */
export function indexServes(spec: IndexSpec, shape: QueryShape): boolean {
  const keys = Object.entries(spec.keys) as [string, 1 | -1][];
  let position = 0;
  while (position < keys.length && shape.equality.includes(keys[position]![0])) position += 1;
  const sort = shape.sort.filter(([field]) => !shape.equality.includes(field));
  if (sort.length > 0) {
    const next = keys.slice(position, position + sort.length);
    if (next.length < sort.length || next.some(([field], index) => field !== sort[index]![0])) return false;
    const same = next.every(([, direction], index) => direction === sort[index]![1]);
    const reversed = next.every(([, direction], index) => direction === -sort[index]![1]);
    return same || reversed;
  }
  if (position > 0) return true;
  return keys.length > 0 && shape.range.includes(keys[0]![0]);
}

/**
 * Whether some index of `specs`, or the `_id` index, serves `shape`. A query without any condition or sort reads the
 * whole collection on purpose (the small configuration collections' listings) and counts as served.
 */
export function isServed(specs: readonly IndexSpec[], shape: QueryShape): boolean {
  if (shape.equality.includes('_id')) return true;
  if (shape.equality.length === 0 && shape.range.length === 0 && shape.sort.length === 0) return true;
  // MongoDB indexes `_id` in every collection: it serves `_id` sorts and ranges (paging by id) as any single-field index.
  return specs.some((spec) => indexServes(spec, shape)) || indexServes({ keys: { _id: 1 } }, shape);
}
