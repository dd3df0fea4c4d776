import type { FieldOperators, Filter, FilterValue, Sort } from './documentStore';
import { splitPath } from './documentPath';
import { compileFilter, isFilterValue, type DocumentPredicate } from './filterMatcher';
import { compareValues } from './valueOrder';
import { DATE_HIGH, DATE_LOW, STRING_HIGH, storedScalar } from './sqliteJson';
import { keyExpression, typeExpression } from './sqliteIndexes';

/** A value bound to a statement parameter. */
export type SqlValue = string | number;

/** What the SQLite store knows about a collection's fields when it translates a query. */
export interface FieldIndexing {
  /** Whether `path` has an index key and has only ever held scalars there (no array or sub-document on the way). */
  isScalarKey(path: string): boolean;
  /** Whether a single-field sparse index is on `path` (a query repeats its condition to be able to use it). */
  isSparse(path: string): boolean;
}

/** A filter as SQL plus what SQL does not decide. */
export interface TranslatedFilter {
  /** A condition on the row (`_id` column, `doc` JSON text); `1` when SQL decides nothing. */
  readonly where: string;
  readonly params: readonly SqlValue[];
  /** The conditions left to decide on the decoded document, or `undefined` when SQL decides everything. */
  readonly residual: DocumentPredicate | undefined;
}

/**
 * Translates a {@link Filter} for the SQLite store. Conditions on `_id` and on indexed fields that have only held
 * scalars become SQL over the fields' index keys (so SQLite's indexes serve them), with MongoDB's semantics: `null`
 * matches a missing field, comparisons stay within one type (numbers, strings by code point, dates, booleans). Any
 * other condition — on an unindexed field, or on one that holds arrays or sub-documents somewhere — is left to
 * `filterMatcher.ts` on the decoded documents, because MongoDB's array semantics (an array matches when an element
 * does, dotted paths through arrays of sub-documents) have no index-friendly SQL form; an `$or` with such a branch is
 * left there whole.
 *
 * @throws {TypeError} for anything outside the contract's query language.
 * @example
 * ```ts
 * translateFilter({ state: 'open', tags: 'vip' }, indexing);
 * // { where: "ifnull(json_extract(doc, '$.\"state\"'), -9e999) = ?", params: ['open'], residual: <tags contains 'vip'> }
 * ```
 */
export function translateFilter(filter: Filter, indexing: FieldIndexing): TranslatedFilter {
  const out = new Translation();
  out.add(filter, indexing);
  return {
    where: out.parts.length === 0 ? '1' : out.parts.join(' AND '),
    params: out.params,
    residual: out.residual.length === 0 ? undefined : compileFilter(out.residual.length === 1 ? out.residual[0]! : { $and: out.residual }),
  };
}

/**
 * The `ORDER BY` terms of a sort when every field is `_id` or a scalar index key, else `undefined` (the caller sorts
 * decoded documents with `sortOrder.ts`). An empty sort gives `''`.
 *
 * @throws {TypeError} for an invalid path or direction.
 */
export function translateSort(sort: Sort | undefined, indexing: FieldIndexing): string | undefined {
  const terms: string[] = [];
  for (const [path, direction] of Object.entries(sort ?? {})) {
    splitPath(path);
    if (direction !== 1 && direction !== -1) throw new TypeError(`sort direction of ${path} must be 1 or -1`);
    if (path !== '_id' && !indexing.isScalarKey(path)) return undefined;
    terms.push(`${path === '_id' ? '_id' : keyExpression(path)}${direction === -1 ? ' DESC' : ''}`);
  }
  return terms.join(', ');
}

class Translation {
  readonly parts: string[] = [];
  readonly params: SqlValue[] = [];
  readonly residual: Filter[] = [];

  add(filter: Filter, indexing: FieldIndexing): void {
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) throw new TypeError('a filter must be an object');
    for (const [key, condition] of Object.entries(filter)) {
      if (condition === undefined) continue;
      if (key === '$and') {
        for (const clause of clausesOf(key, condition)) this.add(clause, indexing);
      } else if (key === '$or') {
        const clauses = clausesOf(key, condition);
        const branches = clauses.map((clause) => {
          const branch = new Translation();
          branch.add(clause, indexing);
          return branch;
        });
        if (branches.some((branch) => branch.residual.length > 0)) {
          this.residual.push({ $or: clauses });
        } else {
          this.parts.push(`(${branches.map((branch) => (branch.parts.length === 0 ? '1' : `(${branch.parts.join(' AND ')})`)).join(' OR ')})`);
          for (const branch of branches) this.params.push(...branch.params);
        }
      } else if (key.startsWith('$')) {
        throw new TypeError(`unsupported query operator ${key}`);
      } else {
        splitPath(key);
        if (key === '_id' || indexing.isScalarKey(key)) this.parts.push(this.field(key, condition, indexing));
        else this.residual.push({ [key]: condition } as Filter);
      }
    }
  }

  private field(path: string, condition: unknown, indexing: FieldIndexing): string {
    const field = new FieldSql(path, this.params);
    let conditions: [keyof FieldOperators, unknown][];
    if (isFilterValue(condition)) conditions = [['$eq', condition]];
    else if (typeof condition === 'object' && condition !== null && !Array.isArray(condition) && !(condition instanceof Date)) {
      conditions = Object.entries(condition).filter(([, operand]) => operand !== undefined) as [keyof FieldOperators, unknown][];
      if (conditions.length === 0) throw new TypeError(`unsupported condition on ${path}: sub-documents cannot be compared`);
    } else throw new TypeError(`unsupported condition on ${path}: arrays cannot be compared`);
    const sql = conditions.map(([operator, operand]) => field.operator(operator, operand));
    // A sparse index leaves out documents without the field; naming its condition lets SQLite use it.
    if (path !== '_id' && indexing.isSparse(path) && conditions.every(([operator, operand]) => impliesPresence(operator, operand))) sql.push(`${typeExpression(path)} IS NOT NULL`);
    return sql.length === 1 ? sql[0]! : `(${sql.join(' AND ')})`;
  }
}

function clausesOf(operator: string, clauses: unknown): Filter[] {
  if (!Array.isArray(clauses) || clauses.length === 0 || clauses.some((clause) => typeof clause !== 'object' || clause === null || Array.isArray(clause))) {
    throw new TypeError(`${operator} needs a non-empty array of filters`);
  }
  return clauses as Filter[];
}

function impliesPresence(operator: keyof FieldOperators, operand: unknown): boolean {
  switch (operator) {
    case '$eq':
    case '$gt':
    case '$lt':
    case '$gte':
    case '$lte':
      return operand !== null;
    case '$in':
      return Array.isArray(operand) && !operand.includes(null);
    case '$exists':
      return operand === true;
    default:
      return false;
  }
}

const NUMBER_TYPES = `IN ('integer', 'real')`;
const MISSING_KEY = '-9e999';

/** SQL for the conditions on one field; `_id` is the column (always a string), other fields their index key. */
class FieldSql {
  private readonly key: string;
  private readonly type: string;

  constructor(
    private readonly path: string,
    private readonly params: SqlValue[],
  ) {
    this.key = path === '_id' ? '_id' : keyExpression(path);
    this.type = path === '_id' ? `'text'` : typeExpression(path);
  }

  operator(operator: keyof FieldOperators, operand: unknown): string {
    switch (operator) {
      case '$eq':
        return this.equals(this.scalar(operator, operand));
      case '$ne':
        return `NOT (${this.equals(this.scalar(operator, operand))})`;
      case '$in':
        return this.isIn(this.scalars(operator, operand));
      case '$nin':
        return `NOT ${this.isIn(this.scalars(operator, operand))}`;
      case '$lt':
      case '$lte':
      case '$gt':
      case '$gte':
        return this.range(operator, this.scalar(operator, operand));
      case '$exists':
        if (typeof operand !== 'boolean') throw new TypeError(`$exists on ${this.path} needs true or false`);
        if (this.path === '_id') return operand ? '1' : '0';
        return `${this.type} IS ${operand ? 'NOT ' : ''}NULL`;
      default:
        throw new TypeError(`unsupported query operator ${String(operator)} on ${this.path}`);
    }
  }

  private equals(value: FilterValue): string {
    if (this.path === '_id') return typeof value === 'string' ? `_id = ${this.bind(value)}` : '0';
    if (value === null) return `${this.key} = ${MISSING_KEY}`;
    if (typeof value === 'boolean') return `(${this.key} = ${value ? 1 : 0} AND ${this.type} = '${String(value)}')`;
    if (typeof value === 'number') return `(${this.key} = ${this.bind(value)} AND ${this.type} ${NUMBER_TYPES})`;
    return `${this.key} = ${this.bind(storedScalar(value))}`;
  }

  private isIn(values: FilterValue[]): string {
    const texts = values.filter((value): value is string | Date => typeof value === 'string' || value instanceof Date);
    const others = values.filter((value) => typeof value !== 'string' && !(value instanceof Date));
    const terms: string[] = [];
    if (texts.length > 0 && (this.path !== '_id' || texts.every((value) => typeof value === 'string'))) {
      terms.push(`${this.key} IN (${texts.map((value) => this.bind(this.path === '_id' ? (value as string) : storedScalar(value))).join(', ')})`);
    } else if (texts.length > 0) {
      terms.push(...texts.map((value) => this.equals(value)));
    }
    terms.push(...others.map((value) => this.equals(value)));
    return terms.length === 0 ? '0' : `(${terms.join(' OR ')})`;
  }

  private range(operator: '$lt' | '$lte' | '$gt' | '$gte', bound: FilterValue): string {
    const sign = { $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' }[operator];
    // MongoDB: $lte/$gte null behave as equality with null (missing included); $lt/$gt null match nothing.
    if (bound === null) return operator === '$lte' || operator === '$gte' ? this.equals(null) : '0';
    if (this.path === '_id') return typeof bound === 'string' ? `_id ${sign} ${this.bind(bound)}` : '0';
    if (typeof bound === 'boolean') {
      const satisfying = [false, true].filter((candidate) => {
        const order = compareValues(candidate, bound);
        return operator === '$lt' ? order < 0 : operator === '$lte' ? order <= 0 : operator === '$gt' ? order > 0 : order >= 0;
      });
      return satisfying.length === 0 ? '0' : `${this.type} IN (${satisfying.map((value) => `'${String(value)}'`).join(', ')})`;
    }
    // Each type's bounds keep the comparison inside that type and give SQLite a closed range on the index.
    if (typeof bound === 'number') return `(${this.key} ${sign} ${this.bind(bound)} AND ${this.key} > ${MISSING_KEY} AND ${this.key} < '' AND ${this.type} ${NUMBER_TYPES})`;
    const [low, high] = typeof bound === 'string' ? ['', STRING_HIGH] : [DATE_LOW, DATE_HIGH];
    return `(${this.key} ${sign} ${this.bind(storedScalar(bound))} AND ${this.key} >= ${this.bind(low)} AND ${this.key} < ${this.bind(high)})`;
  }

  private bind(value: SqlValue): string {
    this.params.push(value);
    return '?';
  }

  private scalar(operator: string, operand: unknown): FilterValue {
    if (!isFilterValue(operand)) throw new TypeError(`${operator} on ${this.path} needs a string, number, boolean, Date or null`);
    return operand;
  }

  private scalars(operator: string, operand: unknown): FilterValue[] {
    if (!Array.isArray(operand)) throw new TypeError(`${operator} on ${this.path} needs an array`);
    return operand.map((value: unknown) => this.scalar(operator, value));
  }
}
