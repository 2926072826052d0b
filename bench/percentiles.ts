/** Latency percentiles from per-response timings, at the timings' own (sub-millisecond) resolution. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Nearest-rank percentile of ascending samples: the smallest sample with at least `p`
 * percent of all samples at or below it. NaN when there are no samples.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summarizeLatencies(samplesMs: ReadonlyArray<number>): LatencySummary {
  // A typed array sorts numerically without a comparator, and fast.
  const sorted = Float64Array.from(samplesMs).sort();
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

/** The middle value (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: ReadonlyArray<number>): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return Number.NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
