import { describe, expect, it } from 'vitest';
import { prepareDenseEvaluation, type EvaluationEngine } from './engine.js';
import { argmaxWithMargin, randomInputs, randomNetwork, referenceLogits, seeded } from './engine.test-helpers.js';
import { evalAddon } from './native-forward.js';
import type { DenseLayerLike, EvaluationData, HiddenActivation } from './network.js';

const nativeAvailable = evalAddon().ok;
const engines: EvaluationEngine[] = ['wasm', 'js', ...(nativeAvailable ? (['native'] as const) : [])];

/** Data labelled with the float64 reference's predictions; throws if a sample is too close to a tie to be a fair test. */
function labelledByReference(data: EvaluationData, layers: DenseLayerLike[], activation: HiddenActivation): EvaluationData {
  const y = new Uint8Array(data.n);
  referenceLogits(data, layers, activation).forEach((z, s) => {
    const { index, margin } = argmaxWithMargin(z);
    if (margin < 1e-4) throw new Error(`sample ${s} is a near-tie (margin ${margin}); pick another seed`);
    y[s] = index;
  });
  return { ...data, y };
}

// wide layers reach every kernel's full register blocks (64 / 128 outputs, 4-row dense tiles); `dense` fills every
// input, which switches the native first layer to its dense kernel
const cases: Array<{ widths: number[]; activation: HiddenActivation; seed: number; dense?: boolean; samples?: number }> = [
  { widths: [150, 260, 12], activation: 'sigmoid', seed: 30 },
  { widths: [150, 260, 12], activation: 'relu', seed: 32, samples: 63 }, // an odd count: the native kernel's unpaired last sample
  { widths: [150, 260, 12], activation: 'relu', seed: 31, dense: true },
  { widths: [23, 37, 5], activation: 'sigmoid', seed: 1 },
  { widths: [23, 37, 5], activation: 'relu', seed: 2 },
  { widths: [40, 70, 33, 10], activation: 'sigmoid', seed: 3 },
  { widths: [40, 70, 33, 10], activation: 'relu', seed: 4 },
  { widths: [9, 4], activation: 'sigmoid', seed: 5 },
  { widths: [100, 68, 3], activation: 'relu', seed: 6 },
];

describe.each(engines)('prepareDenseEvaluation, engine %s', (engine) => {
  it.each(cases)('predicts like the float64 reference: $widths $activation', ({ widths, activation, seed, dense, samples }) => {
    const random = seeded(seed);
    const layers = randomNetwork(widths, random);
    const inputs = randomInputs(samples ?? 62, widths[0], widths[widths.length - 1], random);
    if (dense) inputs.x.forEach((_, i) => (inputs.x[i] = random()));
    const data = labelledByReference(inputs, layers, activation);
    const prepared = prepareDenseEvaluation(data, { engine });
    expect(prepared.engine).toBe(engine);
    expect(prepared.countCorrect(layers, activation)).toBe(data.n);
    const shifted = { ...data, y: data.y.map((c) => (c + 1) % data.classes) };
    expect(prepareDenseEvaluation(shifted, { engine }).countCorrect(layers, activation)).toBe(0);
  });

  it('breaks exact ties towards the lowest class', () => {
    const random = seeded(7);
    const [hidden, last] = randomNetwork([12, 8, 4], random);
    // classes 1 and 3 are the same function of the hidden layer, and always the largest
    for (let i = 0; i < 8; i++) {
      last.weights[i * 4 + 1] = 0.5;
      last.weights[i * 4 + 3] = 0.5;
    }
    last.bias.set([-10, 10, -10, 10]);
    const data = randomInputs(30, 12, 4, random);
    for (const [label, expected] of [[1, 30], [3, 0]] as const) {
      const prepared = prepareDenseEvaluation({ ...data, y: new Uint8Array(30).fill(label) }, { engine });
      expect(prepared.countCorrect([hidden, last], 'sigmoid')).toBe(expected);
      expect(prepared.countCorrect([hidden, last], 'relu')).toBe(expected);
    }
  });

  it('an empty data set has no correct predictions', () => {
    const layer = { inputs: 3, outputs: 2, weights: new Float32Array(6), bias: new Float32Array(2) };
    expect(prepareDenseEvaluation({ x: new Float32Array(0), y: new Uint8Array(0), n: 0, features: 3, classes: 2 }, { engine }).countCorrect([layer], 'relu')).toBe(0);
  });

  it('an all-zero row predicts from the biases alone', () => {
    const layer = { inputs: 3, outputs: 3, weights: new Float32Array(9).fill(1), bias: Float32Array.of(0, 2, 1) };
    const data = { x: new Float32Array(6), y: Uint8Array.of(1, 1), n: 2, features: 3, classes: 3 };
    expect(prepareDenseEvaluation(data, { engine }).countCorrect([layer], 'relu')).toBe(2);
  });

  it('rejects networks that do not fit the data with precise RangeErrors', () => {
    const data = randomInputs(4, 6, 3, seeded(8));
    const prepared = prepareDenseEvaluation(data, { engine });
    const [a, b] = randomNetwork([6, 5, 3], seeded(9));
    expect(() => prepared.countCorrect([], 'relu')).toThrow(new RangeError('network has no layers'));
    expect(() => prepared.countCorrect([b], 'relu')).toThrow(new RangeError('layer 0: has 5 inputs, expected 6'));
    expect(() => prepared.countCorrect([a], 'relu')).toThrow(new RangeError('network ends with 5 outputs, expected 3 classes'));
    expect(() => prepared.countCorrect([{ ...a, bias: new Float32Array(4) }, b], 'relu')).toThrow(new RangeError('layer 0: bias must be a Float32Array of 5 entries, got 4'));
    expect(() => prepared.countCorrect([a, { ...b, weights: new Float32Array(14) }], 'relu')).toThrow(
      new RangeError('layer 1: weights must be a Float32Array of inputs × outputs = 15 entries, got 14'),
    );
    expect(() => prepared.countCorrect([a, b], 'tanh' as HiddenActivation)).toThrow(new RangeError(`activation must be 'sigmoid' or 'relu', got "tanh"`));
  });
});

describe('prepareDenseEvaluation', () => {
  it('the engines agree with each other on a wide network, sparse and dense inputs', () => {
    const random = seeded(10);
    const layers = randomNetwork([200, 300, 10], random, 3);
    for (const density of ['mixed', 'dense'] as const) {
      const data = randomInputs(90, 200, 10, random);
      if (density === 'dense') data.x.forEach((_, i) => (data.x[i] = random()));
      const labels = new Uint8Array(data.n).map(() => Math.floor(random() * 10));
      const counts = engines.map((engine) => prepareDenseEvaluation({ ...data, y: labels }, { engine }).countCorrect(layers, 'sigmoid'));
      expect(new Set(counts).size).toBe(1);
    }
  });

  it('picks native, then wasm, then js, and says which', () => {
    const prepared = prepareDenseEvaluation(randomInputs(3, 4, 2, seeded(11)));
    expect(prepared.engine).toBe(nativeAvailable ? 'native' : 'wasm');
    expect(prepared.description).toMatch(/^(native \((avx512|avx2|generic)\)|wasm \(simd128\))$/);
  });

  it('rejects malformed data and unknown engines', () => {
    const data = randomInputs(3, 4, 2, seeded(12));
    expect(() => prepareDenseEvaluation({ ...data, x: new Float32Array(11) })).toThrow(
      new RangeError('evaluation data: x must be a Float32Array of n × features = 12 entries, got 11'),
    );
    expect(() => prepareDenseEvaluation({ ...data, y: Uint8Array.of(0, 2, 0) })).toThrow(new RangeError('evaluation data: label 2 of sample 1 is not below classes = 2'));
    expect(() => prepareDenseEvaluation(data, { engine: 'gpu' as EvaluationEngine })).toThrow(
      new RangeError(`engine must be 'auto', 'native', 'wasm' or 'js', got "gpu"`),
    );
  });

  it('a disposed evaluation refuses to run', () => {
    const prepared = prepareDenseEvaluation(randomInputs(3, 4, 2, seeded(13)), { engine: 'js' });
    prepared.dispose();
    expect(() => prepared.countCorrect(randomNetwork([4, 2], seeded(14)), 'relu')).toThrow('disposed');
  });
});
