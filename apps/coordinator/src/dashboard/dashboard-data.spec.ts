import { describe, expect, it } from 'vitest';
import { summarize } from '@memsweep/sweep';
import { pooledSummary } from './dashboard-data.js';

describe('pooledSummary: a chart cell from per-point (n, mean, std) equals the summary over all its trials', () => {
  it('matches summarize() over the union of the points\' trials', () => {
    const points = [
      [0.81, 0.79, 0.8, 0.83],
      [0.6, 0.65],
      [0.7],
      [0.9, 0.88, 0.91, 0.87, 0.9, 0.86],
    ];
    const parts = points.map((values) => {
      const s = summarize(values);
      return { n: s.n, mean: s.mean, std: s.std };
    });
    const all = summarize(points.flat());
    const pooled = pooledSummary(parts);
    expect(pooled.n).toBe(all.n);
    expect(pooled.mean).toBeCloseTo(all.mean, 12);
    expect(pooled.ciLow).toBeCloseTo(all.ciLow, 12);
    expect(pooled.ciHigh).toBeCloseTo(all.ciHigh, 12);
  });

  it('has no interval for one trial and nothing for none', () => {
    expect(pooledSummary([{ n: 1, mean: 0.5, std: 0 }])).toEqual({ n: 1, mean: 0.5, ciLow: 0.5, ciHigh: 0.5 });
    expect(pooledSummary([]).n).toBe(0);
  });
});
