import {
  applyChipCorner,
  CHAKRABORTY2018_MAPPING,
  foldDifferentialLayer,
  mapLayerDifferential,
  Rng,
  squareTiling,
  type DenseLayer,
} from '@memsweep/crossbar';
import type { Tensor2D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initTensorflow } from './backend.js';
import { technologyAwareLayer, type TechnologyAwareParams } from './technology-aware.js';

function randomLayer(inputs: number, outputs: number, seed: number): DenseLayer {
  const rng = Rng.of('spec', 'tech-aware', seed);
  return {
    inputs,
    outputs,
    weights: Float32Array.from({ length: inputs * outputs }, () => rng.normal() * 0.3),
    bias: Float32Array.from({ length: outputs }, () => rng.normal() * 0.1),
  };
}

const params: TechnologyAwareParams = {
  mapping: CHAKRABORTY2018_MAPPING,
  // Exaggerated resistances so the factors move weights by percent, not ppm: the comparison checks something.
  parasitics: { kind: 'parasitics', sourceResistance: 8000, neuronResistance: 4000, model: 'first-order' },
  tiling: squareTiling(16),
  chipCorner: { kind: 'chip-corner', corner: -2, sigmaChip: 0.1, mode: 'linear' },
};

describe('technology-aware forward', () => {
  it("equals the crossbar library's folded model (map → corner → first-order tiles) on the same weights", async () => {
    const { tf } = await initTensorflow();
    const layer = randomLayer(40, 20, 1); // 41 rows → 3 row bands, 2 column bands of 16
    const folded = foldDifferentialLayer(applyChipCorner(mapLayerDifferential(layer, params.mapping), params.chipCorner), params.parasitics, params.tiling);
    const ideal = foldDifferentialLayer(mapLayerDifferential(layer, params.mapping), { ...params.parasitics, sourceResistance: 0, neuronResistance: 0 }, params.tiling);
    const ours = tf.tidy(() => {
      const eff = technologyAwareLayer(tf, tf.tensor2d(layer.weights, [40, 20]), tf.tensor1d(layer.bias), params);
      return { weights: eff.weights.dataSync().slice(), bias: eff.bias.dataSync().slice() };
    });
    const wMax = Math.max(...layer.weights.map(Math.abs), ...layer.bias.map(Math.abs));
    let maxError = 0;
    let maxEffect = 0;
    folded.weights.forEach((w, k) => {
      maxError = Math.max(maxError, Math.abs(w - ours.weights[k]));
      maxEffect = Math.max(maxEffect, Math.abs(w - ideal.weights[k]));
    });
    folded.bias.forEach((b, j) => (maxError = Math.max(maxError, Math.abs(b - ours.bias[j]))));
    expect(maxError / wMax).toBeLessThan(2e-6);
    expect(maxEffect / wMax).toBeGreaterThan(0.01); // the non-idealities are really on
  });

  it('back-propagates: quantization is straight-through and the factors carry gradient', async () => {
    const { tf } = await initTensorflow();
    const layer = randomLayer(6, 3, 2);
    const grads = tf.tidy(() => {
      const w = tf.tensor2d(layer.weights, [6, 3]);
      const b = tf.tensor1d(layer.bias);
      const g = tf.grads((wt: Tensor2D) => tf.sum(technologyAwareLayer(tf, wt, b, params).weights))([w])[0];
      return Array.from(g.dataSync());
    });
    expect(grads.every((g) => Number.isFinite(g))).toBe(true);
    expect(grads.filter((g) => g !== 0).length).toBeGreaterThan(10);
  });
});
