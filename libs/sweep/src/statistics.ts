import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Summary of a point's Monte-Carlo distribution (SPEC §9). CI: Student-t 95 % interval of the mean. */
export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 denominator); 0 when n = 1. */
  std: number;
  ciLow: number;
  ciHigh: number;
  min: number;
  max: number;
  median: number;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n: 0, mean: NaN, std: NaN, ciLow: NaN, ciHigh: NaN, min: NaN, max: NaN, median: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  const std = Math.sqrt(variance);
  const halfWidth = n > 1 ? tQuantile(0.975, n - 1) * (std / Math.sqrt(n)) : 0;
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n, mean, std, ciLow: mean - halfWidth, ciHigh: mean + halfWidth, min: sorted[0], max: sorted[n - 1], median };
}
