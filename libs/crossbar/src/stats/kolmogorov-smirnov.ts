/** One-sample Kolmogorov–Smirnov goodness-of-fit test against a fully specified continuous distribution. */

/**
 * Survival function of the Kolmogorov distribution, P(K > λ), K = sup|B(t)| of a Brownian bridge (the limit law of
 * √n·D). Two series, each fast where it is used (Numerical Recipes 3rd ed. §6.14):
 *   λ < 1.18:  P(K ≤ λ) = √(2π)/λ · Σₖ≥₁ exp(−(2k−1)²π²/(8λ²))
 *   λ ≥ 1.18:  P(K > λ) = 2 Σₖ≥₁ (−1)^(k−1) exp(−2k²λ²)
 */
export function kolmogorovSurvival(lambda: number): number {
  if (Number.isNaN(lambda)) return NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    const base = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let k = 1; k < 100; k++) {
      const term = Math.exp(-(2 * k - 1) * (2 * k - 1) * base);
      sum += term;
      if (term <= 1e-17 * sum) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term <= 1e-17 * sum) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Result of a KS test: D = sup|F_n − F| and the p-value of observing a D at least this large under the null. */
export interface KolmogorovSmirnovResult {
  /** D = supₓ |F_n(x) − F(x)|, in [0, 1]. */
  statistic: number;
  /** P(D_n ≥ statistic) under the null hypothesis that the sample comes from `cdf`, asymptotic (see below). */
  pValue: number;
}

/**
 * One-sample Kolmogorov–Smirnov test of `sample` against the continuous distribution function `cdf`.
 * The p-value comes from the asymptotic Kolmogorov distribution evaluated at λ = (√n + 0.12 + 0.11/√n)·D (Stephens'
 * small-sample correction, Numerical Recipes §14.3.3; it tends to √n·D), good for n ≳ 4 and exact in the limit.
 * The sample is copied before sorting, never mutated. Throws a `RangeError` on an empty sample or a NaN.
 */
export function kolmogorovSmirnov(sample: Float64Array, cdf: (x: number) => number): KolmogorovSmirnovResult {
  const n = sample.length;
  if (n === 0) throw new RangeError('kolmogorovSmirnov: the sample is empty');
  const sorted = Float64Array.from(sample).sort();
  if (Number.isNaN(sorted[n - 1])) throw new RangeError('kolmogorovSmirnov: the sample contains NaN');
  let statistic = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    // The empirical CDF jumps from i/n to (i+1)/n at sorted[i]: the sup is attained at one side of a jump.
    statistic = Math.max(statistic, f - i / n, (i + 1) / n - f);
  }
  const rootN = Math.sqrt(n);
  return { statistic, pValue: kolmogorovSurvival((rootN + 0.12 + 0.11 / rootN) * statistic) };
}
