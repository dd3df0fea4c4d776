import type { FieldOperators, Filter, FilterValue } from './documentStore';
import { reachValues, splitPath } from './documentPath';
import { compareValues, isPlainObject, MISSING, typeRank } from './valueOrder';

/** Tells whether a document matches a compiled {@link Filter}. */
export type DocumentPredicate = (document: Record<string, unknown>) => boolean;

/**
 * Compiles a {@link Filter} into a predicate with MongoDB's semantics for the contract's operators: equality on an
 * array field matches when an element equals the value; `{ field: null }` also matches a missing field; `$ne`/`$nin`
 * are the exact negations of equality/`$in` (so `{ tags: { $ne: 'x' } }` excludes `['x', 'y']`); range operators only
 * compare values of the same type (numbers with numbers, strings by code point, dates, booleans); dotted paths enter
 * arrays of sub-documents. Conditions whose value is `undefined` are ignored, as the MongoDB driver does with
 * `ignoreUndefined`.
 *
 * @throws {TypeError} at once for anything outside the contract (unknown operators, array or sub-document equality).
 * @example
 * ```ts
 * const matches = compileFilter({ status: { $in: ['open', 'pending'] }, 'customer.tier': 'gold' });
 * matches({ _id: '1', status: 'open', customer: { tier: 'gold' } }); // true
 * ```
 */
export function compileFilter(filter: Filter): DocumentPredicate {
  if (!isPlainObject(filter)) throw new TypeError('a filter must be an object');
  const predicates: DocumentPredicate[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key === '$or' || key === '$and') {
      const clauses = compileClauses(key, condition);
      predicates.push(key === '$or' ? (document) => clauses.some((clause) => clause(document)) : (document) => clauses.every((clause) => clause(document)));
    } else if (key.startsWith('$')) {
      throw new TypeError(`unsupported query operator ${key}`);
    } else {
      splitPath(key);
      predicates.push(...compileCondition(key, condition));
    }
  }
  return (document) => predicates.every((predicate) => predicate(document));
}

/** Whether `value` is a {@link FilterValue} (a scalar a condition can compare against). */
export function isFilterValue(value: unknown): value is FilterValue {
  return value === null || value instanceof Date || ['string', 'number', 'boolean'].includes(typeof value);
}

function compileClauses(operator: string, clauses: unknown): DocumentPredicate[] {
  if (!Array.isArray(clauses) || clauses.length === 0) throw new TypeError(`${operator} needs a non-empty array of filters`);
  return clauses.map((clause: unknown) => {
    if (!isPlainObject(clause)) throw new TypeError(`${operator} needs a non-empty array of filters`);
    return compileFilter(clause as Filter);
  });
}

function compileCondition(path: string, condition: unknown): DocumentPredicate[] {
  if (isFilterValue(condition)) return [(document) => equals(reachValues(document, path), condition)];
  if (!isPlainObject(condition)) throw new TypeError(`unsupported condition on ${path}: arrays cannot be compared`);
  const operators = Object.entries(condition).filter(([, operand]) => operand !== undefined);
  if (operators.length === 0) throw new TypeError(`unsupported condition on ${path}: sub-documents cannot be compared`);
  return operators.map(([operator, operand]) => compileOperator(path, operator as keyof FieldOperators, operand));
}

function compileOperator(path: string, operator: keyof FieldOperators, operand: unknown): DocumentPredicate {
  switch (operator) {
    case '$eq':
      return (document) => equals(reachValues(document, path), scalar(path, operator, operand));
    case '$ne':
      return (document) => !equals(reachValues(document, path), scalar(path, operator, operand));
    case '$in': {
      const values = scalars(path, operator, operand);
      return (document) => isIn(reachValues(document, path), values);
    }
    case '$nin': {
      const values = scalars(path, operator, operand);
      return (document) => !isIn(reachValues(document, path), values);
    }
    case '$lt':
    case '$lte':
    case '$gt':
    case '$gte': {
      const bound = scalar(path, operator, operand);
      return (document) => inRange(reachValues(document, path), operator, bound);
    }
    case '$exists':
      if (typeof operand !== 'boolean') throw new TypeError(`$exists on ${path} needs true or false`);
      return (document) => reachValues(document, path).some((value) => value !== MISSING) === operand;
    default:
      throw new TypeError(`unsupported query operator ${String(operator)} on ${path}`);
  }
}

function scalar(path: string, operator: string, operand: unknown): FilterValue {
  if (!isFilterValue(operand)) throw new TypeError(`${operator} on ${path} needs a string, number, boolean, Date or null`);
  return operand;
}

function scalars(path: string, operator: string, operand: unknown): FilterValue[] {
  if (!Array.isArray(operand)) throw new TypeError(`${operator} on ${path} needs an array`);
  return operand.map((value: unknown) => scalar(path, operator, value));
}

function sameValue(candidate: unknown, value: FilterValue): boolean {
  return typeRank(candidate) === typeRank(value) && compareValues(candidate, value) === 0;
}

/** Equality as MongoDB applies it to every reached value: the value itself, or an element of an array value. */
function equals(reached: readonly unknown[], value: FilterValue): boolean {
  if (value === null) {
    return reached.some((candidate) => candidate === MISSING || candidate === null || (Array.isArray(candidate) && candidate.includes(null)));
  }
  return reached.some((candidate) => candidate !== MISSING && (sameValue(candidate, value) || (Array.isArray(candidate) && candidate.some((element) => sameValue(element, value)))));
}

function isIn(reached: readonly unknown[], values: readonly FilterValue[]): boolean {
  return values.some((value) => equals(reached, value));
}

function inRange(reached: readonly unknown[], operator: '$lt' | '$lte' | '$gt' | '$gte', bound: FilterValue): boolean {
  // MongoDB: $lte/$gte null behave as equality with null (missing included); $lt/$gt null match nothing.
  if (bound === null) return operator === '$lte' || operator === '$gte' ? equals(reached, null) : false;
  const satisfies = (candidate: unknown): boolean => {
    if (typeRank(candidate) !== typeRank(bound)) return false;
    const order = compareValues(candidate, bound);
    switch (operator) {
      case '$lt':
        return order < 0;
      case '$lte':
        return order <= 0;
      case '$gt':
        return order > 0;
      case '$gte':
        return order >= 0;
    }
  };
  return reached.some((candidate) => candidate !== MISSING && (satisfies(candidate) || (Array.isArray(candidate) && candidate.some(satisfies))));
}
