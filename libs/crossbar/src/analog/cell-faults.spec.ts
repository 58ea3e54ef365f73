import { describe, expect, it } from 'vitest';
import { Rng } from '../rng/rng.js';
import { randomLayer } from './analog.test-helpers.js';
import { applyCellFaults } from './cell-faults.js';
import { mapLayerDifferential } from './differential.js';
import { ANALOG_MAPPING } from './technology.js';

describe('cell-level stuck-at faults (SPEC §3)', () => {
  const pair = mapLayerDifferential(randomLayer(399, 500, 'faults'), ANALOG_MAPPING); // 400 × 500 × 2 = 400,000 cells

  it('stuck-off / stuck-on frequencies match the rates per cell, each cell of a pair independently (4σ binomial bounds)', () => {
    const rates = { stuckOffRate: 0.0904, stuckOnRate: 0.0175 };
    // Make every cell distinguishable from both stuck states.
    const probe = { ...pair, gPlus: pair.gPlus.map(() => 2 * pair.gMin), gMinus: pair.gMinus.map(() => 2 * pair.gMin) };
    const out = applyCellFaults(probe, rates, Rng.of('spec', 'cell-faults', 1));
    const n = out.gPlus.length;
    const count = { off: 0, on: 0, bothOff: 0 };
    for (let k = 0; k < n; k++) {
      for (const g of [out.gPlus[k], out.gMinus[k]]) {
        if (g === pair.gMin) count.off++;
        if (g === pair.gMax) count.on++;
      }
      if (out.gPlus[k] === pair.gMin && out.gMinus[k] === pair.gMin) count.bothOff++;
    }
    const bound = (p: number, trials: number) => 4 * Math.sqrt((p * (1 - p)) / trials);
    expect(Math.abs(count.off / (2 * n) - rates.stuckOffRate)).toBeLessThan(bound(rates.stuckOffRate, 2 * n));
    expect(Math.abs(count.on / (2 * n) - rates.stuckOnRate)).toBeLessThan(bound(rates.stuckOnRate, 2 * n));
    const pBoth = rates.stuckOffRate ** 2;
    expect(Math.abs(count.bothOff / n - pBoth)).toBeLessThan(bound(pBoth, n));
  });

  it('draws exactly one uniform per cell (positive, then negative) whatever the rates; rates 0 are bit-identical', () => {
    const pair = mapLayerDifferential(randomLayer(30, 20, 'faults-order'), ANALOG_MAPPING);
    for (const rates of [{ stuckOffRate: 0, stuckOnRate: 0 }, { stuckOffRate: 0.3, stuckOnRate: 0.2 }]) {
      const rng = Rng.of('spec', 'cell-faults', 'order');
      const out = applyCellFaults(pair, rates, rng);
      const reference = Rng.of('spec', 'cell-faults', 'order');
      for (let k = 0; k < 2 * pair.gPlus.length; k++) reference.uniform();
      expect(rng.uniform()).toBe(reference.uniform());
      if (rates.stuckOffRate === 0) {
        expect(out.gPlus).toEqual(pair.gPlus);
        expect(out.gMinus).toEqual(pair.gMinus);
        expect(out.gPlus).not.toBe(pair.gPlus);
      }
    }
    const first = Rng.of('spec', 'cell-faults', 'law');
    const out = applyCellFaults(pair, { stuckOffRate: 0.3, stuckOnRate: 0.2 }, Rng.of('spec', 'cell-faults', 'law'));
    const [uPlus, uMinus] = [first.uniform(), first.uniform()];
    const expected = (g: number, u: number) => (u < 0.3 ? pair.gMin : u < 0.5 ? pair.gMax : g);
    expect(out.gPlus[0]).toBe(expected(pair.gPlus[0], uPlus));
    expect(out.gMinus[0]).toBe(expected(pair.gMinus[0], uMinus));
  });
});
