import { Rng, type DenseLayer } from '@memsweep/crossbar';
import { describe, expect, it } from 'vitest';
import { initTensorflow } from './backend.js';
import type { Dataset } from './datasets/dataset.js';
import { countCorrect, prepareEvaluation } from './evaluate.js';
import type { Activation } from './mlp.js';

const features = 20;
const classes = 5;

function randomLayer(inputs: number, outputs: number, rng: Rng): DenseLayer {
  const weights = new Float32Array(inputs * outputs);
  rng.fillNormal(weights);
  const bias = new Float32Array(outputs);
  rng.fillNormal(bias);
  return { inputs, outputs, weights, bias };
}

const rng = Rng.of('spec', 'evaluate');
const network = [randomLayer(features, 12, rng), randomLayer(12, 8, rng), randomLayer(8, classes, rng)];
const data: Dataset = (() => {
  const n = 700;
  const x = new Float32Array(n * features);
  rng.fillUniform(x);
  // Labels: half from the network's own (double-precision) prediction, half random, so the count is neither 0 nor n.
  const y = Uint8Array.from({ length: n }, (_, s) => (s % 2 === 0 ? referencePrediction(network, 'sigmoid', x.subarray(s * features, (s + 1) * features)) : rng.int(classes)));
  return { x, y, n, features, classes };
})();

/** Plain-JS forward pass in double precision; argmax with ties to the lowest class. */
function referencePrediction(layers: DenseLayer[], activation: Activation, input: Float32Array): number {
  let h: number[] = Array.from(input);
  layers.forEach((layer, l) => {
    const z = Array.from(layer.bias, Number);
    for (let i = 0; i < layer.inputs; i++) for (let j = 0; j < layer.outputs; j++) z[j] += h[i] * layer.weights[i * layer.outputs + j];
    h = l + 1 < layers.length ? z.map((v) => (activation === 'relu' ? Math.max(0, v) : 1 / (1 + Math.exp(-v)))) : z;
  });
  return h.indexOf(Math.max(...h));
}

function referenceCount(layers: DenseLayer[], activation: Activation, set: Dataset): number {
  let correct = 0;
  for (let s = 0; s < set.n; s++) if (referencePrediction(layers, activation, set.x.subarray(s * set.features, (s + 1) * set.features)) === set.y[s]) correct++;
  return correct;
}

describe('countCorrect', () => {
  it('agrees with a plain-JS forward pass, for both activations', async () => {
    const { tf } = await initTensorflow();
    for (const activation of ['sigmoid', 'relu'] as const) {
      const expected = referenceCount(network, activation, data);
      expect(expected).toBeGreaterThan(0);
      expect(expected).toBeLessThan(data.n);
      expect(countCorrect(tf, network, activation, data)).toBe(expected);
    }
  });

  it('a prepared evaluation (batches smaller than the set) gives the same counts and leaks nothing per call', async () => {
    const { tf } = await initTensorflow();
    const before = tf.memory().numTensors;
    const prepared = prepareEvaluation(tf, data, 256);
    const resident = tf.memory().numTensors;
    const expected = countCorrect(tf, network, 'relu', data);
    for (let call = 0; call < 20; call++) expect(prepared.countCorrect(network, 'relu')).toBe(expected);
    expect(tf.memory().numTensors).toBe(resident);
    prepared.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => prepared.countCorrect(network, 'relu')).toThrow(/disposed/);
  });

  it('rejects a network that does not fit the data', async () => {
    const { tf } = await initTensorflow();
    const wrongInput = [randomLayer(features + 1, classes, rng)];
    expect(() => countCorrect(tf, wrongInput, 'relu', data)).toThrow(/layer 0: has 21 inputs, expected 20/);
  });
});
