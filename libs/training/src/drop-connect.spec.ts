import { Rng } from '@memsweep/crossbar';
import { describe, expect, it } from 'vitest';
import type { Dataset } from './datasets/dataset.js';
import { drawKeepMask } from './drop-connect.js';
import { glorotUniformLayers } from './mlp.js';
import { trainMlp } from './train.js';

/** A tiny data set of dense random inputs, so every kept weight gets a non-zero gradient. */
function randomDataset(n: number, features: number, classes: number, seed: number): Dataset {
  const rng = Rng.of('spec', 'random-dataset', seed);
  const x = new Float32Array(n * features);
  rng.fillUniform(x);
  const y = Uint8Array.from({ length: n }, () => rng.int(classes));
  return { x, y, n, features, classes };
}

describe('drawKeepMask', () => {
  it('keeps each weight with probability 1 − p over many batches and layers', () => {
    for (const rate of [0.1, 0.5, 0.8]) {
      let kept = 0;
      let total = 0;
      for (let batch = 0; batch < 40; batch++) {
        for (let layer = 0; layer < 2; layer++) {
          const mask = drawKeepMask({ seed: 7, epoch: 0, batch, layer }, 8 * 6, rate);
          kept += mask.reduce((sum, m) => sum + m, 0);
          total += mask.length;
        }
      }
      const standardError = Math.sqrt((rate * (1 - rate)) / total);
      expect(Math.abs(kept / total - (1 - rate))).toBeLessThan(4 * standardError);
    }
  });

  it('is keyed by (seed, epoch, batch, layer) and keeps everything at p = 0', () => {
    const site = { seed: 3, epoch: 1, batch: 2, layer: 0 };
    expect(drawKeepMask(site, 500, 0.5)).toEqual(drawKeepMask(site, 500, 0.5));
    expect(drawKeepMask(site, 500, 0.5)).not.toEqual(drawKeepMask({ ...site, batch: 3 }, 500, 0.5));
    expect(drawKeepMask(site, 500, 0).every((m) => m === 1)).toBe(true);
    expect(() => drawKeepMask(site, 5, 1)).toThrow(RangeError);
  });
});

describe('drop-connect training step', () => {
  it('leaves masked weights bit-identical and moves every kept weight', async () => {
    const features = 8;
    const hidden = 6;
    const classes = 3;
    const seed = 11;
    const rate = 0.4;
    const train = randomDataset(16, features, classes, 1);
    // One epoch of one batch = exactly one Adam step, under the mask of (epoch 0, batch 0).
    const model = await trainMlp(
      { hidden: [hidden], activation: 'sigmoid', method: { name: 'drop-connect', rate }, epochs: 1, batchSize: 16, learningRate: 0.01, seed },
      { train },
    );
    const initial = glorotUniformLayers([features, hidden, classes], seed);
    let maskedSeen = 0;
    initial.forEach((before, layer) => {
      const after = model.layers[layer];
      const keep = drawKeepMask({ seed, epoch: 0, batch: 0, layer }, before.weights.length, rate);
      const beforeBits = new Uint32Array(before.weights.buffer);
      const afterBits = new Uint32Array(after.weights.buffer);
      keep.forEach((kept, i) => {
        if (kept) expect(afterBits[i], `layer ${layer} weight ${i} kept`).not.toBe(beforeBits[i]);
        else expect(afterBits[i], `layer ${layer} weight ${i} masked`).toBe(beforeBits[i]);
        maskedSeen += 1 - kept;
      });
      // Biases are never masked.
      after.bias.forEach((b, j) => expect(b, `layer ${layer} bias ${j}`).not.toBe(before.bias[j]));
    });
    expect(maskedSeen).toBeGreaterThan(0);
  });
});
