import { describe, expect, it } from 'vitest';
import { assertNativeTrainerSpec, loadNativeTrainer, type NativeTrainerSpec } from './native-trainer.js';

/** Deterministic test data without a dependency on the crossbar's generator: a 32-bit LCG mapped to [0, 1). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** A spec on `n` random samples; `zeroShare` of the inputs are 0 (exercises the sparse-input path). */
function spec(widths: number[], n: number, over: Partial<NativeTrainerSpec> = {}, zeroShare = 0.5): NativeTrainerSpec {
  const next = lcg(widths.length * 1000 + n);
  const x = Float32Array.from({ length: n * widths[0] }, () => (next() < zeroShare ? 0 : next()));
  const y = Uint8Array.from({ length: n }, () => Math.floor(next() * widths[widths.length - 1]));
  const layers = widths.slice(1).map((outputs, l) => ({
    weights: Float32Array.from({ length: widths[l] * outputs }, () => (next() - 0.5) * 0.8),
    bias: Float32Array.from({ length: outputs }, () => (next() - 0.5) * 0.1),
  }));
  return { widths, activation: 'sigmoid', batchSize: n, adam: { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, dropRate: 0, l1: 0, train: { x, y }, layers, ...over };
}

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const native = loadNativeTrainer();

describe('native trainer spec validation', () => {
  it('names the first bad field', () => {
    const good = spec([4, 3, 2], 5);
    expect(() => assertNativeTrainerSpec(good)).not.toThrow();
    expect(() => assertNativeTrainerSpec({ ...good, widths: [4] })).toThrow(/widths must list/);
    expect(() => assertNativeTrainerSpec({ ...good, widths: [4, 0, 2] })).toThrow(/widths\[1\]/);
    expect(() => assertNativeTrainerSpec({ ...good, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => assertNativeTrainerSpec({ ...good, dropRate: 1 })).toThrow(/dropRate/);
    expect(() => assertNativeTrainerSpec({ ...good, l1: -1 })).toThrow(/l1/);
    expect(() => assertNativeTrainerSpec({ ...good, adam: { ...good.adam, beta2: 1 } })).toThrow(/beta2/);
    expect(() => assertNativeTrainerSpec({ ...good, layers: good.layers.slice(1) })).toThrow(/expected 2 layers/);
    expect(() => assertNativeTrainerSpec({ ...good, layers: [{ ...good.layers[0], bias: new Float32Array(2) }, good.layers[1]] })).toThrow(/layers\[0\]\.bias/);
    expect(() => assertNativeTrainerSpec({ ...good, train: { ...good.train, y: Uint8Array.of(0, 1, 2, 0, 0) } })).toThrow(/train\.y\[2\]/);
  });
});

describe.skipIf(!native.ok)('native trainer (addon memsweep_train)', () => {
  const create = native.ok ? native.create : () => { throw new Error('unreachable'); };

  it('takes Adam steps equal to a hand computation from its own gradients (steps 1 and 2)', () => {
    const s = spec([6, 5, 3], 8);
    const trainer = create(s);
    const { beta1, beta2, epsilon, learningRate } = s.adam;
    let w = s.layers.map((l) => Float64Array.from(l.weights));
    const m = w.map((layer) => new Float64Array(layer.length));
    const v = w.map((layer) => new Float64Array(layer.length));
    for (let t = 1; t <= 2; t++) {
      const g = trainer.gradients(all(8)).weights;
      trainer.trainEpoch(all(8));
      const after = trainer.readLayers();
      w = w.map((layer, l) =>
        layer.map((value, i) => {
          m[l][i] = beta1 * m[l][i] + (1 - beta1) * g[l][i];
          v[l][i] = beta2 * v[l][i] + (1 - beta2) * g[l][i] ** 2;
          const expected = value - (learningRate * m[l][i]) / (1 - beta1 ** t) / (Math.sqrt(v[l][i] / (1 - beta2 ** t)) + epsilon);
          expect(Math.abs(after[l].weights[i] - expected), `step ${t} layer ${l} weight ${i}`).toBeLessThan(2e-7 + 1e-5 * Math.abs(expected - value));
          return after[l].weights[i];
        }),
      );
    }
    expect(trainer.steps).toBe(2);
    trainer.release();
    expect(() => trainer.readLayers()).toThrow(/released/);
  });

  it('is deterministic (bit-identical after 3 epochs of 5 batches) and agrees with the portable kernels', () => {
    const s = spec([20, 16, 12, 4], 40, { batchSize: 8, activation: 'relu', dropRate: 0.25 });
    const keys = Uint32Array.from({ length: 5 * 3 * 2 }, (_, i) => Math.imul(i + 1, 2654435761) >>> 0);
    const run = (portable: boolean) => {
      const trainer = create({ ...s, portable });
      for (let epoch = 0; epoch < 3; epoch++) trainer.trainEpoch(all(40).reverse(), keys);
      const layers = trainer.readLayers();
      trainer.release();
      return layers;
    };
    const [a, b, portable] = [run(false), run(false), run(true)];
    expect(a.map((l) => bits(l.weights))).toEqual(b.map((l) => bits(l.weights)));
    expect(a.map((l) => bits(l.bias))).toEqual(b.map((l) => bits(l.bias)));
    a.forEach((layer, l) => layer.weights.forEach((value, i) => expect(Math.abs(value - portable[l].weights[i])).toBeLessThan(1e-5)));
  });

  it('drop-connect: masks at rate p, masked weights keep their value, every bias and kept weight moves', () => {
    const rate = 0.3;
    const s = spec([40, 50, 10], 16, { dropRate: rate }, 0);
    const trainer = create(s);
    const keys = Uint32Array.of(12345, 678, 9, 10);
    const gradients = trainer.gradients(all(16), keys);
    trainer.trainEpoch(all(16), keys);
    const after = trainer.readLayers();
    let masked = 0;
    let total = 0;
    s.layers.forEach((before, l) => {
      before.weights.forEach((value, i) => {
        const unchanged = after[l].weights[i] === value;
        expect(unchanged, `layer ${l} weight ${i}: masked ⇔ zero gradient ⇔ unchanged`).toBe(gradients.weights[l][i] === 0);
        masked += unchanged ? 1 : 0;
        total++;
      });
      before.bias.forEach((value, j) => expect(after[l].bias[j]).not.toBe(value));
    });
    const sd = Math.sqrt((rate * (1 - rate)) / total);
    expect(Math.abs(masked / total - rate)).toBeLessThan(4 * sd);
    expect(() => trainer.trainEpoch(all(16))).toThrow(/maskKeys/);
    expect(() => trainer.trainEpoch(all(16), Uint32Array.of(1, 2))).toThrow(/maskKeys has 2 words, expected 4/);
    trainer.release();
  });

  it('rejects sample indices outside the training set and counts correct predictions', () => {
    const s = spec([4, 3, 2], 6);
    const trainer = create(s);
    expect(() => trainer.trainEpoch(Uint32Array.of(0, 6))).toThrow(/sample index/);
    const correct = trainer.countCorrect(s.train.x, s.train.y);
    expect(correct).toBeGreaterThanOrEqual(0);
    expect(correct).toBeLessThanOrEqual(6);
    expect(trainer.countCorrect(s.train.x, Uint8Array.from(s.train.y, (c) => 1 - c))).toBe(6 - correct);
    trainer.release();
  });
});
