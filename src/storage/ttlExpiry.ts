import { reachValues } from './documentPath';

/** A TTL index as the embedded store emulates it. */
export interface TtlIndex {
  readonly path: string;
  readonly expireAfterSeconds: number;
}

/**
 * Whether a TTL index has expired `document` at `now` (ms): as in MongoDB, when the earliest Date at the indexed path
 * (a Date, or Dates in an array) plus `expireAfterSeconds` lies before `now`; documents without a Date there never
 * expire.
 *
 * @example
 * ```ts
 * isExpired({ _id: 's', expiresAt: new Date(0) }, [{ path: 'expiresAt', expireAfterSeconds: 0 }], Date.now()); // true
 * ```
 */
export function isExpired(document: Record<string, unknown>, ttlIndexes: readonly TtlIndex[], now: number): boolean {
  return ttlIndexes.some(({ path, expireAfterSeconds }) => {
    const times = reachValues(document, path)
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .filter((value): value is Date => value instanceof Date)
      .map((date) => date.getTime());
    return times.length > 0 && Math.min(...times) + expireAfterSeconds * 1000 < now;
  });
}
