import { describe, expect, it } from 'vitest';
import { Rng } from '../rng/rng.js';
import { applyLogNormal } from '../variation/lognormal.js';
import { randomLayer } from './analog.test-helpers.js';
import { mapLayerDifferential } from './differential.js';
import { ANALOG_MAPPING } from './technology.js';
import { addColumnNoise, applyChipCorner, applyConductanceLogNormal, assertChipCorner, NO_CHIP_CORNER, type ChipCorner } from './variation.js';

const pair = mapLayerDifferential(randomLayer(63, 32, 'variation'), ANALOG_MAPPING);

describe('device-to-device log-normal variation on conductances', () => {
  it("follows applyLogNormal's rule, pair-interleaved: g̃ = g·exp(σz), one normal per cell", () => {
    const out = applyConductanceLogNormal(pair, 0.7, Rng.of('spec', 'd2d'));
    const interleaved = new Float32Array(2 * pair.gPlus.length).fill(1);
    const factors = applyLogNormal(interleaved, 0.7, Rng.of('spec', 'd2d'));
    for (let k = 0; k < pair.gPlus.length; k++) {
      expect(out.gPlus[k] / pair.gPlus[k]).toBeCloseTo(factors[2 * k], 5);
      expect(out.gMinus[k] / pair.gMinus[k]).toBeCloseTo(factors[2 * k + 1], 5);
    }
  });

  it('σ = 0 is bit-identical and still consumes the draws', () => {
    const rng = Rng.of('spec', 'd2d', 'zero');
    const out = applyConductanceLogNormal(pair, 0, rng);
    expect(out.gPlus).toEqual(pair.gPlus);
    expect(out.gMinus).toEqual(pair.gMinus);
    const reference = Rng.of('spec', 'd2d', 'zero');
    for (let k = 0; k < 2 * pair.gPlus.length; k++) reference.normal();
    expect(rng.normal()).toBe(reference.normal());
  });
});

describe('chip-to-chip corner [C §III-C]', () => {
  it.each([
    ['linear', 2, 0.1, 1.2],
    ['linear', -2, 0.1, 0.8],
    ['exponential', -2, 0.1, Math.exp(-0.2)],
  ] as const)('%s, k = %d, σ_chip = %d scales every cell of both arrays by %d', (mode, corner, sigmaChip, factor) => {
    const out = applyChipCorner(pair, { kind: 'chip-corner', corner, sigmaChip, mode });
    for (let k = 0; k < pair.gPlus.length; k++) {
      expect(out.gPlus[k] / pair.gPlus[k]).toBeCloseTo(factor, 14);
      expect(out.gMinus[k] / pair.gMinus[k]).toBeCloseTo(factor, 14);
    }
  });

  it('k = 0 is bit-identical; a linear corner that would make G ≤ 0 is rejected', () => {
    const out = applyChipCorner(pair, { ...NO_CHIP_CORNER, sigmaChip: 0.3 });
    expect(out.gPlus).toEqual(pair.gPlus);
    expect(() => assertChipCorner({ kind: 'chip-corner', corner: -2, sigmaChip: 0.5, mode: 'linear' })).toThrow(RangeError);
    expect(() => assertChipCorner({ kind: 'chip-corner', corner: -2, sigmaChip: 0.5, mode: 'exponential' })).not.toThrow();
    expect(() => assertChipCorner({ ...NO_CHIP_CORNER, sigma: 1 } as unknown as ChipCorner)).toThrow(/unknown key/);
  });
});

describe('column read noise [Y]', () => {
  it('σ_n = 0 returns an exact copy; otherwise mean 0 and standard deviation σ_n (4σ bounds)', () => {
    const currents = new Float64Array(200_000).fill(3);
    expect(addColumnNoise(currents, 0, Rng.of('unused'))).toEqual(currents);
    const noisy = addColumnNoise(currents, 0.5, Rng.of('spec', 'noise'));
    let sum = 0;
    let squares = 0;
    for (const x of noisy) {
      sum += x - 3;
      squares += (x - 3) ** 2;
    }
    const n = noisy.length;
    expect(Math.abs(sum / n)).toBeLessThan(4 * 0.5 / Math.sqrt(n));
    expect(Math.abs(squares / n - 0.25)).toBeLessThan(4 * 0.25 * Math.sqrt(2 / n));
    expect(addColumnNoise(new Float32Array([1, 2]), 0.1, Rng.of('x'))).toBeInstanceOf(Float32Array);
  });
});
