import { describe, expect, it } from 'vitest';
import wilcoxon from '@stdlib/stats-wilcoxon';
import { comparePaired, exactSignedRankPValue, pairedStatistics, parseArm, type CountedTrialRow } from './paired-comparison.js';

/**
 * Reference numbers from SciPy 1.10.1 (Debian's python3-scipy), on the differences below:
 *   stats.ttest_1samp(d, 0); stats.t.interval(0.95, n-1, loc=mean, scale=stats.sem(d));
 *   stats.wilcoxon(d, method='exact') for A and C, stats.wilcoxon(d, method='approx', correction=False) for B
 *   (SciPy 1.10 also switches B to the approximation itself: "Exact p-value calculation does not work if there are zeros").
 * SciPy reports min(W+, W−) as its Wilcoxon statistic; we report W+ (checked by hand below).
 */
const A = [1, 2, 3, 4, 5, -6].map((c) => c / 100); // no zeros, no ties: exact distribution
const B = [0, 2, 2, 3, 5, 5, 5, 7, -1, 4].map((c) => c / 100); // a zero and ties: normal approximation
const C = [3, 1, 4, 1.5, 5, 9, 2, 6, 5.5, 3.5, 8, 9.7].map((c) => c / 100); // all positive

describe('pairedStatistics', () => {
  it('case A: hand-computable exact Wilcoxon p = 28/64, and SciPy t-test numbers', () => {
    // W+ = 1+2+3+4+5 = 15 of 21. P(W+ ≥ 15) = P(W+ ≤ 6) = 14/64 (subsets of {1..6} with sum ≤ 6: ∅, six singletons,
    // {1,2} {1,3} {1,4} {1,5} {2,3} {2,4}, {1,2,3}); two-sided 28/64 = 0.4375.
    const s = pairedStatistics(A);
    expect(s.n).toBe(6);
    expect(s.meanDifference).toBeCloseTo(0.015, 15);
    expect(s.stdDifference).toBeCloseTo(0.03937003937005905, 14);
    // SciPy 1.10.1's t.interval gives −0.026316322474773994, but its t.ppf(0.975, 5) = 2.5705818366147395 is 4e−10 off:
    // the quantile to 40 digits (mpmath, inverting the regularized incomplete beta) is 2.5705818356363154690, which
    // @stdlib matches to 1e−16. The CI is checked against that quantile.
    const halfWidth = (2.570581835636315469 * 0.03937003937005905) / Math.sqrt(6);
    expect(s.ciLow).toBeCloseTo(0.015 - halfWidth, 14);
    expect(s.ciHigh).toBeCloseTo(0.015 + halfWidth, 14);
    expect(s.ciLow).toBeCloseTo(-0.026316322474773994, 9);
    expect(s.tStatistic).toBeCloseTo(0.9332565252573831, 12);
    expect(s.tPValue).toBeCloseTo(0.3935270470900038, 12);
    expect(s.wilcoxonMethod).toBe('exact');
    expect(s.wilcoxonStatistic).toBe(15);
    expect(s.wilcoxonPValue).toBeCloseTo(0.4375, 14);
    expect(s.verdict).toBe('no significant difference');
  });

  it('case B: zeros dropped, ties: normal approximation as SciPy; both tests reject → method wins', () => {
    const s = pairedStatistics(B);
    expect(s.meanDifference).toBeCloseTo(0.032, 15);
    expect(s.tStatistic).toBeCloseTo(4.07130686246386, 11);
    expect(s.tPValue).toBeCloseTo(0.002794167044546474, 12);
    expect(s.ciLow).toBeCloseTo(0.014219706926266038, 12);
    expect(s.wilcoxonMethod).toBe('normal');
    expect(s.wilcoxonStatistic).toBe(45 - 1); // 9 non-zero differences, rank sum 45; the −1 has rank 1
    expect(s.wilcoxonPValue).toBeCloseTo(0.01051714807334924, 12);
    expect(s.verdict).toBe('method wins');
  });

  it('case C: exact Wilcoxon p = 2/2^12; the mirror image is a baseline win', () => {
    const s = pairedStatistics(C);
    expect(s.tPValue).toBeCloseTo(0.00012077804142501706, 14);
    expect(s.wilcoxonPValue).toBeCloseTo(0.00048828125, 15);
    expect(s.verdict).toBe('method wins');
    const mirrored = pairedStatistics(C.map((d) => -d));
    expect(mirrored.wilcoxonPValue).toBeCloseTo(0.00048828125, 15);
    expect(mirrored.verdict).toBe('baseline wins');
  });

  it('degenerate inputs: one pair, identical arms, a constant shift', () => {
    expect(pairedStatistics([0.1])).toMatchObject({ n: 1, tPValue: NaN, wilcoxonMethod: 'none', verdict: 'no significant difference' });
    expect(pairedStatistics([0, 0, 0])).toMatchObject({ tPValue: 1, wilcoxonPValue: 1, wilcoxonMethod: 'none', verdict: 'no significant difference' });
    const shift = pairedStatistics(Array(10).fill(0.02));
    expect(shift.tPValue).toBe(0);
    expect(shift.wilcoxonMethod).toBe('normal'); // all |d| tied
    expect(shift.wilcoxonPValue).toBeLessThan(0.05);
    expect(shift.verdict).toBe('method wins');
  });
});

describe('exactSignedRankPValue', () => {
  it('matches hand counts and @stdlib\'s exact distribution (n ≤ 50), and is fast at n = 400', () => {
    expect(exactSignedRankPValue(15, 6)).toBeCloseTo(28 / 64, 15);
    expect(exactSignedRankPValue(0, 12)).toBeCloseTo(2 / 4096, 15);
    expect(exactSignedRankPValue(10.5, 6)).toBe(1); // the centre: capped at 1
    for (const n of [5, 13, 30, 50]) {
      const d = Array.from({ length: n }, (_, i) => (i + 1) * (i % 3 === 0 ? -1 : 1));
      const reference = wilcoxon(d, { exact: true, correction: false });
      expect(exactSignedRankPValue(reference.statistic, n)).toBeCloseTo(reference.pValue, 13);
    }
    const start = performance.now();
    expect(exactSignedRankPValue(40_100, 400)).toBeCloseTo(1, 1);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('comparePaired', () => {
  const row = (method: string, dropConnectRate: number | null, faultRate: number, seed: number, trial: number, correct: number): CountedTrialRow => ({
    method, dropConnectRate, faultRate, sigma: 0, crossbarSize: 64, width: 1, seed, trial, correct, total: 100, accuracy: correct / 100,
  });

  it('pairs on (deployment point, seed, trial), per method rate and group; counts unpaired trials', () => {
    const rows: CountedTrialRow[] = [];
    for (const faultRate of [0, 0.1]) {
      for (const seed of [1, 2]) {
        for (let trial = 0; trial < 3; trial++) {
          const chip = 80 - 100 * faultRate + 3 * trial + seed; // what the chip does to every method alike
          rows.push(row('baseline', null, faultRate, seed, trial, chip));
          rows.push(row('drop-connect', 0.2, faultRate, seed, trial, chip + 2 + (trial % 2)));
          rows.push(row('drop-connect', 0.4, faultRate, seed, trial, chip - 1));
        }
      }
    }
    rows.push(row('drop-connect', 0.2, 0.1, 3, 0, 50)); // seed 3 has no baseline: unpaired
    const out = comparePaired(rows, { baseline: { method: 'baseline' }, method: { method: 'drop-connect' }, by: ['faultRate'] });
    expect(out.map((r) => [r.group.faultRate, r.dropConnectRate, r.stats.n, r.unpaired])).toEqual([
      [0, 0.2, 6, 0],
      [0, 0.4, 6, 0],
      [0.1, 0.2, 6, 1],
      [0.1, 0.4, 6, 0],
    ]);
    // The chip term cancels exactly: differences are 0.02, 0.03, 0.02 per seed, and exactly −0.01 for rate 0.4.
    expect(out[0].stats.meanDifference).toBeCloseTo(0.07 / 3, 15);
    expect(out[1].stats).toMatchObject({ meanDifference: -0.01, stdDifference: 0, tPValue: 0, verdict: 'baseline wins' });
  });

  it('parses arms and rejects missing or ambiguous ones', () => {
    expect(parseArm('drop-connect@0.3', '--method')).toEqual({ method: 'drop-connect', dropConnectRate: 0.3 });
    expect(parseArm('baseline', '--baseline')).toEqual({ method: 'baseline' });
    expect(() => parseArm('drop-connect@x', '--method')).toThrow('--method "drop-connect@x": "x" is not a drop-connect rate');
    const rows = [row('drop-connect', 0.2, 0, 1, 0, 50), row('drop-connect', 0.4, 0, 1, 0, 60), row('baseline', null, 0, 1, 0, 40)];
    expect(() => comparePaired(rows, { baseline: { method: 'reliability' }, method: { method: 'drop-connect' }, by: [] })).toThrow(/baseline reliability: no trials \(methods present: drop-connect, baseline\)/);
    expect(() => comparePaired(rows, { baseline: { method: 'drop-connect' }, method: { method: 'baseline' }, by: [] })).toThrow(/several drop-connect rates.*--baseline drop-connect@0.4/);
    const vsRate = comparePaired(rows, { baseline: { method: 'drop-connect', dropConnectRate: 0.2 }, method: { method: 'drop-connect' }, by: [] });
    expect(vsRate.map((r) => [r.dropConnectRate, r.stats.meanDifference])).toEqual([[0.4, 0.1]]);
  });
});
