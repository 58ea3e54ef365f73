import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { z } from 'zod';
import { expected, positiveInt as whole } from './schema-fields.js';

/**
 * Adaptive Monte-Carlo (sweep file `montecarlo.adaptive`): a point stops taking chips once the 95 % confidence interval of
 * its mean accuracy is narrow enough.
 *
 * Statistics. Trial k of a point is chip k (its fault map and variations are keyed by the sweep seed, the deployment and
 * k, so they do not depend on which worker ran it). After n trials with accuracies a₀ … aₙ₋₁ the point's estimate is the
 * sample mean ā and its 95 % CI half-width is h(n) = t₀.₉₇₅,ₙ₋₁ · s / √n (Student t, s the sample standard deviation
 * with n − 1 in the denominator: the same interval `summarize` reports). The rule looks at h only at the batch
 * boundaries n = minTrials, minTrials + batch, …, maxTrials, and only once EVERY trial below n is stored (a complete
 * prefix in trial order, never "whichever shards finished first"); it stops at the first boundary with h(n) ≤ halfWidth,
 * or at maxTrials. So the trials kept are always [0, n) for the same n whatever the workers' timing, and the result is a
 * deterministic function of the seed. Trials at or beyond n that ran early (the next batch may run while a boundary
 * waits for its prefix) are discarded, never averaged in.
 *
 * Caveat (documented, not hidden): sequential stopping on the observed s makes the final interval's coverage slightly
 * below the nominal 95 % when n is small; minTrials (≥ 10 is a sensible floor) keeps s from being estimated on a handful
 * of chips, and maxTrials bounds the cost of points whose spread is large.
 */
export interface AdaptiveMonteCarlo {
  /** Target 95 % CI half-width of the mean accuracy (a fraction: 0.005 = ±0.5 percentage points). */
  halfWidth: number;
  /** Trials every point runs before the rule is first checked. A multiple of `batch`. */
  minTrials: number;
  /** Trials a point never exceeds. A multiple of `batch`. */
  maxTrials: number;
  /** Trials between two checks (and the most trials that may run beyond the stop). A multiple of `shardSize`. */
  batch: number;
}


/** `montecarlo:` in a sweep file. */
export const montecarloSchema = z.strictObject({
  adaptive: z
    .strictObject({
      halfWidth: z.number({ error: expected('must be a number') }).gt(0, 'must be greater than 0').max(1, 'must be at most 1'),
      minTrials: whole(100_000).min(2, 'must be at least 2 (a spread needs two trials)'),
      maxTrials: whole(100_000),
      batch: whole(100_000),
    })
    .superRefine((a, ctx) => {
      if (a.maxTrials < a.minTrials) ctx.addIssue({ code: 'custom', path: ['maxTrials'], message: `must be at least minTrials (${a.minTrials})` });
      if (a.minTrials % a.batch !== 0) ctx.addIssue({ code: 'custom', path: ['minTrials'], message: `must be a multiple of batch (${a.batch})` });
      if (a.maxTrials % a.batch !== 0) ctx.addIssue({ code: 'custom', path: ['maxTrials'], message: `must be a multiple of batch (${a.batch})` });
    }),
});

/** 95 % CI half-width of the mean of `values` (Student t, n − 1 degrees of freedom); Infinity below two values. */
export function ciHalfWidth95(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Infinity;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return tQuantile(0.975, n - 1) * Math.sqrt(variance / n);
}

/**
 * What to do with a point, given the accuracies of its complete prefix of trials [0, P) in trial order:
 * - `stop` at `trials` = n: keep trials [0, n), cancel every shard from n on (`reachedTarget` false when n = maxTrials
 *   was reached with the interval still wider than the target);
 * - `continue`: let shards below `releaseUpTo` run (the next batch after the last boundary checked).
 * Pure and deterministic: the same prefix always gives the same answer, and a longer prefix never changes a stop.
 */
export type AdaptiveDecision = { kind: 'stop'; trials: number; halfWidth: number; reachedTarget: boolean } | { kind: 'continue'; releaseUpTo: number };

export function adaptiveDecision(prefix: readonly number[], rule: AdaptiveMonteCarlo): AdaptiveDecision {
  let releaseUpTo = rule.minTrials;
  for (let n = rule.minTrials; n <= rule.maxTrials && n <= prefix.length; n += rule.batch) {
    const halfWidth = ciHalfWidth95(prefix.slice(0, n));
    if (halfWidth <= rule.halfWidth) return { kind: 'stop', trials: n, halfWidth, reachedTarget: true };
    if (n === rule.maxTrials) return { kind: 'stop', trials: n, halfWidth, reachedTarget: false };
    releaseUpTo = n + rule.batch;
  }
  return { kind: 'continue', releaseUpTo };
}
