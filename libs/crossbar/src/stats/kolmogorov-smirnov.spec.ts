import { describe, expect, it } from 'vitest';
import { kolmogorovSmirnov, kolmogorovSurvival } from './kolmogorov-smirnov.js';
import { normalCdf } from './normal.js';

describe('kolmogorovSurvival', () => {
  // Reference: scipy.special.kolmogorov 1.17.1; 1.2238 / 1.3581 / 1.6276 / 1.9495 are the 10 / 5 / 1 / 0.1 % critical values.
  const reference: Array<[number, number]> = [
    [0.3, 0.9999906941986655],
    [0.5, 0.9639452436648751],
    [0.8, 0.5441424115741981],
    [1.0, 0.26999967167735456],
    [1.17, 0.12939004218561884],
    [1.19, 0.11774229287977166],
    [1.2238, 0.10002342783567782],
    [1.3581, 0.0499996304316674],
    [1.6276, 0.010001537333060776],
    [1.9495, 0.0009998019790258981],
    [3, 3.045995948942526e-8],
  ];
  it.each(reference)('P(K > %d) matches scipy', (lambda, expected) => {
    expect(Math.abs(kolmogorovSurvival(lambda) - expected) / expected).toBeLessThan(1e-10);
  });

  it('is 1 at 0, continuous across the series switch at 1.18', () => {
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(1.18 - 1e-12)).toBeCloseTo(kolmogorovSurvival(1.18), 11);
  });
});

describe('kolmogorovSmirnov', () => {
  it('computes the statistic as scipy.stats.kstest does', () => {
    const normalSample = new Float64Array([0.1, -0.4, 1.3, 2.2, -1.7, 0.05, 0.9]);
    expect(kolmogorovSmirnov(normalSample, normalCdf).statistic).toBeCloseTo(0.24451130322466907, 14);
    const uniformSample = new Float64Array([0.02, 0.11, 0.35, 0.5, 0.61, 0.77, 0.93, 0.99]);
    expect(kolmogorovSmirnov(uniformSample, (x) => Math.min(1, Math.max(0, x))).statistic).toBeCloseTo(0.18, 14);
  });

  it('does not mutate the sample and rejects empty or NaN samples', () => {
    const sample = new Float64Array([0.9, 0.1, 0.5]);
    kolmogorovSmirnov(sample, (x) => x);
    expect(Array.from(sample)).toEqual([0.9, 0.1, 0.5]);
    expect(() => kolmogorovSmirnov(new Float64Array(0), (x) => x)).toThrow(RangeError);
    expect(() => kolmogorovSmirnov(new Float64Array([0.1, NaN]), (x) => x)).toThrow(RangeError);
  });

  it('accepts a perfect sample and has power against a small shift at 1,000,000 points', () => {
    // A regular grid is a "perfect" U[0, 1) sample: D = 1/(2n). Shifting the hypothesised CDF by 0.003 must be rejected.
    const n = 1_000_000;
    const grid = new Float64Array(n);
    for (let i = 0; i < n; i++) grid[i] = (i + 0.5) / n;
    const uniformFit = kolmogorovSmirnov(grid, (x) => x);
    expect(uniformFit.statistic).toBeCloseTo(0.5 / n, 12);
    expect(uniformFit.pValue).toBe(1);
    const shifted = kolmogorovSmirnov(grid, (x) => Math.max(0, x - 0.003));
    expect(shifted.statistic).toBeCloseTo(0.003 + 0.5 / n, 12);
    expect(shifted.pValue).toBeLessThan(1e-6);
  });
});
