import { describe, expect, it } from 'vitest';
import { randomLayer } from './analog.test-helpers.js';
import { mapLayerDifferential, readBackDifferential, weightPerSiemens } from './differential.js';
import { crossbarColumnCurrentsExact } from './nodal-solver.js';
import { NO_PARASITICS, type ParasiticsConfig } from './parasitics.js';
import { ANALOG_MAPPING } from './technology.js';
import { foldDifferentialLayer, squareTiling, tileBounds, UNTILED } from './tiling.js';

const worstTio2: ParasiticsConfig = { kind: 'parasitics', sourceResistance: 800, neuronResistance: 200, model: 'ideal-wire' };

describe('tiling and folding (SPEC §5)', () => {
  it('cuts (inputs + 1) × outputs into ⌈rows/R⌉ × ⌈columns/C⌉ tiles, edge tiles smaller', () => {
    const tiles = tileBounds(785, 500, squareTiling(128));
    expect(tiles.length).toBe(7 * 4);
    expect(tiles.at(-1)).toEqual({ rowStart: 768, rows: 17, columnStart: 384, columns: 116 });
    expect(tileBounds(785, 500, UNTILED)).toEqual([{ rowStart: 0, rows: 785, columnStart: 0, columns: 500 }]);
  });

  it('strength 0 (no parasitics, analog levels) folds to the original weights bit for bit, at any tiling', () => {
    const layer = randomLayer(70, 30, 'fold-zero');
    const pair = mapLayerDifferential(layer, ANALOG_MAPPING);
    for (const tiling of [UNTILED, squareTiling(16)]) {
      const folded = foldDifferentialLayer(pair, NO_PARASITICS, tiling);
      expect(folded.weights).toEqual(layer.weights);
      expect(folded.bias).toEqual(layer.bias);
      expect(folded).toEqual(readBackDifferential(pair));
    }
  });

  it('a tile at least as large as the layer equals the untiled result', () => {
    const pair = mapLayerDifferential(randomLayer(60, 40, 'fold-big'), ANALOG_MAPPING);
    expect(foldDifferentialLayer(pair, worstTio2, squareTiling(61))).toEqual(foldDifferentialLayer(pair, worstTio2, UNTILED));
    expect(foldDifferentialLayer(pair, worstTio2, squareTiling(500))).toEqual(foldDifferentialLayer(pair, worstTio2, UNTILED));
  });

  it('larger tiles degrade more for the same R_S, R_N ([C] Fig. 7)', () => {
    const layer = randomLayer(255, 256, 'fold-sizes');
    const pair = mapLayerDifferential(layer, ANALOG_MAPPING);
    const errors = [16, 32, 64, 128, 256].map((size) => {
      const folded = foldDifferentialLayer(pair, worstTio2, squareTiling(size));
      let squares = 0;
      for (let k = 0; k < layer.weights.length; k++) squares += (folded.weights[k] - layer.weights[k]) ** 2;
      return Math.sqrt(squares / layer.weights.length);
    });
    for (let k = 1; k < errors.length; k++) expect(errors[k]).toBeGreaterThan(errors[k - 1]);
  });

  it('the folded layer reproduces per-tile nodal solutions summed digitally: y = x·W_eff + b_eff', () => {
    const [inputs, outputs, size] = [40, 20, 16];
    const pair = mapLayerDifferential(randomLayer(inputs, outputs, 'fold-nodal'), ANALOG_MAPPING);
    const folded = foldDifferentialLayer(pair, worstTio2, squareTiling(size));
    const x = Float64Array.from({ length: inputs }, (_, i) => ((i * 7) % 11) / 10);
    const driven = Float64Array.from({ length: inputs + 1 }, (_, i) => (i < inputs ? x[i] : 1));
    const fromCircuit = new Float64Array(outputs);
    for (const tile of tileBounds(inputs + 1, outputs, squareTiling(size))) {
      const v = driven.subarray(tile.rowStart, tile.rowStart + tile.rows);
      const cells = (g: Float64Array) => Float64Array.from({ length: tile.rows * tile.columns }, (_, t) => g[(tile.rowStart + Math.floor(t / tile.columns)) * outputs + tile.columnStart + (t % tile.columns)]);
      const circuit = { rows: tile.rows, columns: tile.columns, sourceResistance: 800, neuronResistance: 200, wireResistance: 0 };
      const plus = crossbarColumnCurrentsExact({ ...circuit, conductances: cells(pair.gPlus) }, v);
      const minus = crossbarColumnCurrentsExact({ ...circuit, conductances: cells(pair.gMinus) }, v);
      for (let j = 0; j < tile.columns; j++) fromCircuit[tile.columnStart + j] += weightPerSiemens(pair) * (plus[j] - minus[j]);
    }
    for (let j = 0; j < outputs; j++) {
      let y = folded.bias[j];
      for (let i = 0; i < inputs; i++) y += x[i] * folded.weights[i * outputs + j];
      expect(Math.abs(y - fromCircuit[j])).toBeLessThan(1e-5 * pair.wMax);
    }
  });
});
