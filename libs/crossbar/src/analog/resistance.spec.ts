import { describe, expect, it } from 'vitest';
import { randomLayer } from './analog.test-helpers.js';
import { fitResistanceMapping, resistancesToWeights, resistanceToWeight, weightsToResistances, weightToResistance } from './resistance.js';

describe('resistance mapping [K] (SPEC §2.3)', () => {
  const weights = randomLayer(100, 30, 'resistance').weights;

  it.each(['symmetric', 'min-max'] as const)('%s: the weight range fills [R_min, R_max] and round-trips', (range) => {
    const mapping = fitResistanceMapping(weights, { kind: 'resistance-window', rMin: 20e3, rMax: 300e3, range });
    const resistances = weightsToResistances(weights, mapping);
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of resistances) [lo, hi] = [Math.min(lo, r), Math.max(hi, r)];
    expect(lo).toBeGreaterThanOrEqual(20e3);
    expect(hi).toBeLessThanOrEqual(300e3);
    if (range === 'min-max') {
      expect(lo / 20e3).toBeCloseTo(1, 9);
      expect(hi / 300e3).toBeCloseTo(1, 9);
    } else {
      expect(Math.min(lo / 20e3, 300e3 / hi)).toBeCloseTo(1, 9);
      expect(1 / mapping.referenceResistance).toBeCloseTo((1 / 20e3 + 1 / 300e3) / 2, 15);
    }
    const back = resistancesToWeights(resistances, mapping);
    for (let k = 0; k < weights.length; k++) expect(Math.abs(back[k] - weights[k])).toBeLessThan(1e-6 * (1 + Math.abs(weights[k])));
    expect(resistanceToWeight(mapping.referenceResistance, mapping)).toBeCloseTo(0, 12);
    expect(weightToResistance(0, mapping)).toBeCloseTo(mapping.referenceResistance, 6);
  });

  it('widens a degenerate range and rejects an inverted window', () => {
    const mapping = fitResistanceMapping(new Float32Array(4), { kind: 'resistance-window', rMin: 1e3, rMax: 1e4, range: 'min-max' });
    expect(Number.isFinite(mapping.alpha) && Number.isFinite(mapping.referenceResistance)).toBe(true);
    expect(() => fitResistanceMapping(weights, { kind: 'resistance-window', rMin: 2e4, rMax: 1e4, range: 'symmetric' })).toThrow(RangeError);
  });
});
