import type { IndexSpec } from './documentStore';
import type { FieldIndexing } from './sqliteQuery';
import { isPlainObject } from './valueOrder';

/** A TTL index of a collection. */
export interface TtlRule {
  readonly path: string;
  readonly expireAfterSeconds: number;
}

/**
 * What the SQLite store knows of one collection's fields, shared by every process through two tables: its indexes
 * (`_store_indexes`) and the indexed fields that have held an array or a sub-document somewhere on their path
 * (`_store_array_paths`, which only grows). Queries use a field's index key only while it has held scalars alone;
 * after that they decide conditions on it from the decoded documents, with MongoDB's array semantics.
 */
export class CollectionLayout implements FieldIndexing {
  readonly indexedPaths = new Set<string>();
  readonly nonScalarPaths = new Set<string>();
  readonly ttlRules: TtlRule[] = [];
  private readonly sparsePaths = new Set<string>();

  /** Takes in an index of the collection. */
  addIndex(spec: IndexSpec): void {
    const paths = Object.keys(spec.keys);
    for (const path of paths) this.indexedPaths.add(path);
    if (spec.sparse === true && paths.length === 1) this.sparsePaths.add(paths[0]!);
    if (spec.expireAfterSeconds !== undefined && paths.length === 1 && !this.ttlRules.some((rule) => rule.path === paths[0])) {
      this.ttlRules.push({ path: paths[0]!, expireAfterSeconds: spec.expireAfterSeconds });
    }
  }

  isScalarKey(path: string): boolean {
    return this.indexedPaths.has(path) && !this.nonScalarPaths.has(path);
  }

  isSparse(path: string): boolean {
    return this.sparsePaths.has(path);
  }

  /** The indexed paths, not yet known to hold non-scalars, where `document` has an array or sub-document. */
  newNonScalarPaths(document: Record<string, unknown>): string[] {
    const found: string[] = [];
    for (const path of this.indexedPaths) if (!this.nonScalarPaths.has(path) && holdsNonScalar(document, path)) found.push(path);
    return found;
  }
}

/** Whether an array lies on the way to `path` in `document`, or an array or sub-document at its end. */
export function holdsNonScalar(document: Record<string, unknown>, path: string): boolean {
  let value: unknown = document;
  for (const part of path.split('.')) {
    if (Array.isArray(value)) return true;
    if (!isPlainObject(value)) return false;
    value = value[part];
  }
  return Array.isArray(value) || isPlainObject(value);
}
