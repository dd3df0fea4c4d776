/** Percentiles of a set of latencies, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Summarises latencies with the nearest-rank method (p99 of 100 samples is the 99th smallest).
 * Empty input gives `NaN` percentiles, which the report prints as `n/a`.
 *
 * @example summarise([3, 1, 2]) // { count: 3, p50: 2, p99: 3, max: 3 }
 */
export function summarise(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? NaN) : NaN };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? NaN;
}
