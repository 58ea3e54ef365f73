import { describe, expect, it } from 'vitest';
import { randomLayer } from './analog.test-helpers.js';
import { assertDifferentialMapping, mapLayerDifferential, readBackDifferential, type DifferentialMapping } from './differential.js';
import { ANALOG_MAPPING, CHAKRABORTY2018_MAPPING, CROSSBAR_TECHNOLOGIES, XIANG2021_MAPPING } from './technology.js';

const analog: DifferentialMapping = { ...ANALOG_MAPPING };

describe('differential mapping (SPEC §2.1)', () => {
  it('puts w ≥ 0 on G⁺ and w < 0 on G⁻, the other cell at Gmin, bias as the last row', () => {
    const layer = { inputs: 1, outputs: 3, weights: new Float32Array([2, -1, 0]), bias: new Float32Array([-4, 4, 1]) };
    const pair = mapLayerDifferential(layer, analog);
    const { gMin, gMax } = pair;
    expect([pair.rows, pair.columns, pair.wMax]).toEqual([2, 3, 4]);
    expect(gMax / gMin).toBeCloseTo(15, 12);
    expect(pair.gPlus[0]).toBeCloseTo(gMin + (gMax - gMin) / 2, 20);
    expect([pair.gMinus[0], pair.gPlus[1], pair.gPlus[2], pair.gMinus[2]]).toEqual([gMin, gMin, gMin, gMin]);
    expect(pair.gMinus[3]).toBeCloseTo(gMax, 20);
    expect(pair.gPlus[4]).toBeCloseTo(gMax, 20);
  });

  it('round trip with analog levels is bit-identical for every |w| ≥ 2⁻²⁴·w_max (here: every weight)', () => {
    const layer = randomLayer(300, 40, 'round-trip');
    const back = readBackDifferential(mapLayerDifferential(layer, analog));
    expect(back.weights).toEqual(layer.weights);
    expect(back.bias).toEqual(layer.bias);
  });

  it('quantizes |w|/w_max to 2^b levels: at most 2^b distinct magnitudes, error ≤ w_max/(2(2^b − 1))', () => {
    const layer = randomLayer(200, 50, 'levels');
    for (const mapping of [CHAKRABORTY2018_MAPPING, XIANG2021_MAPPING]) {
      const pair = mapLayerDifferential(layer, mapping);
      const back = readBackDifferential(pair);
      const levels = mapping.levels!;
      const magnitudes = new Set<number>();
      for (let k = 0; k < layer.weights.length; k++) {
        expect(Math.abs(back.weights[k] - layer.weights[k])).toBeLessThanOrEqual((pair.wMax / (2 * (levels - 1))) * (1 + 1e-6));
        const level = (Math.abs(back.weights[k]) / pair.wMax) * (levels - 1);
        expect(Math.abs(level - Math.round(level))).toBeLessThan(1e-5);
        magnitudes.add(Math.round(level));
      }
      expect(magnitudes.size).toBeLessThanOrEqual(levels);
      expect(magnitudes.size).toBeGreaterThan(levels / 2);
    }
  });

  it('clips at a fixed w_max and maps an all-zero layer to Gmin everywhere', () => {
    const layer = { inputs: 2, outputs: 1, weights: new Float32Array([3, -0.5]), bias: new Float32Array([0]) };
    const back = readBackDifferential(mapLayerDifferential(layer, { ...analog, clip: 1 }));
    expect(Array.from(back.weights)).toEqual([1, -0.5]);
    const zero = mapLayerDifferential({ inputs: 1, outputs: 2, weights: new Float32Array(2), bias: new Float32Array(2) }, analog);
    expect(zero.gPlus.every((g) => g === zero.gMin) && zero.gMinus.every((g) => g === zero.gMin)).toBe(true);
    expect(Array.from(readBackDifferential(zero).weights)).toEqual([0, 0]);
  });

  it('presets: [C] TiO₂ window 40–600 kΩ, 15:1, 4-bit; [X] 8-bit; JSON round-trips', () => {
    expect(CHAKRABORTY2018_MAPPING).toEqual({ kind: 'differential', gMin: 1 / 600e3, gMaxOverGMin: 15, levels: 16, clip: 'layer-max' });
    expect(XIANG2021_MAPPING.levels).toBe(256);
    expect(CROSSBAR_TECHNOLOGIES.taox).toMatchObject({ rMin: 20e3, rMax: 300e3, sourceResistanceRange: [200, 800], neuronResistanceRange: [0, 200] });
    expect(CROSSBAR_TECHNOLOGIES.tio2.rMax).toBe(600e3);
    expect(JSON.parse(JSON.stringify(CHAKRABORTY2018_MAPPING))).toEqual(CHAKRABORTY2018_MAPPING);
  });

  it('rejects bad configs loudly, unknown keys included', () => {
    expect(() => assertDifferentialMapping({ ...analog, gMaxOverGmin: 15 } as unknown as DifferentialMapping)).toThrow(/unknown key "gMaxOverGmin"/);
    expect(() => assertDifferentialMapping({ ...analog, levels: 1 })).toThrow(RangeError);
    expect(() => assertDifferentialMapping({ ...analog, gMaxOverGMin: 1 })).toThrow(RangeError);
    expect(() => assertDifferentialMapping({ ...analog, clip: -1 })).toThrow(RangeError);
  });
});
