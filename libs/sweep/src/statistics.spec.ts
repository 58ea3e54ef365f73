import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import { summarize } from './statistics.js';

describe('summarize', () => {
  it('matches a hand-computed case (t quantile 2.2622 for 9 degrees of freedom)', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const s = summarize(values);
    expect(s.mean).toBe(5.5);
    expect(s.std).toBeCloseTo(3.0276503540974917, 12);
    expect(s.ciHigh - s.mean).toBeCloseTo((2.262157162798205 * 3.0276503540974917) / Math.sqrt(10), 10);
    expect([s.min, s.max, s.median]).toEqual([1, 10, 5.5]);
  });

  it('handles one value and none', () => {
    expect(summarize([0.5])).toMatchObject({ n: 1, mean: 0.5, std: 0, ciLow: 0.5, ciHigh: 0.5 });
    expect(summarize([]).n).toBe(0);
  });
});

describe('aggregate', () => {
  it('groups by the requested columns, nulls first', () => {
    const row = { method: 'baseline', dropConnectRate: null, sigma: 0, crossbarSize: 64, width: 1, seed: 1, trial: 0 };
    const rows = [
      { ...row, faultRate: 0.1, accuracy: 0.8 },
      { ...row, faultRate: 0.1, accuracy: 0.6 },
      { ...row, faultRate: 0, accuracy: 0.9 },
      { ...row, method: 'drop-connect', dropConnectRate: 0.2, faultRate: 0, accuracy: 0.95 },
    ];
    const out = aggregate(rows, ['dropConnectRate', 'faultRate']);
    expect(out.map((r) => [r.group.dropConnectRate, r.group.faultRate, r.summary.n, r.summary.mean])).toEqual([
      [null, 0, 1, 0.9],
      [null, 0.1, 2, 0.7],
      [0.2, 0, 1, 0.95],
    ]);
  });
});
