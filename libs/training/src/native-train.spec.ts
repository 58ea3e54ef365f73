import { spawnSync } from 'node:child_process';
import { Rng } from '@memsweep/crossbar';
import { loadNativeTrainer } from '@memsweep/kernels';
import { describe, expect, it } from 'vitest';
import { initTensorflow } from './backend.js';
import type { Dataset } from './datasets/dataset.js';
import { loadMnist } from './datasets/mnist.js';
import { drawKeepMask } from './drop-connect.js';
import type { Activation, MlpTrainingConfig, TrainingMethod } from './mlp.js';
import { defaultTrainingEngine, dropConnectMaskKeys, nativeTrainerSpec, resolveTrainingEngine } from './native-train.js';
import { trainMlp } from './train.js';

const native = loadNativeTrainer();

/** `n` samples of `features` uniform inputs, half of them zero (a sparse input, like MNIST), labels < classes. */
function sparseDataset(n: number, features: number, classes: number, seed: number): Dataset {
  const rng = Rng.of('spec', 'native-train', seed);
  const x = Float32Array.from({ length: n * features }, () => (rng.uniform() < 0.5 ? 0 : rng.uniform()));
  const y = Uint8Array.from({ length: n }, () => rng.int(classes));
  return { x, y, n, features, classes };
}

/** Mean cross-entropy (+ l1·Σ|w|) of an MLP in float64, weights scaled by keep/(1 − p) under drop-connect. */
function referenceLoss(weights: Float64Array[], biases: Float64Array[], activation: Activation, data: Dataset, keep: Uint8Array[] | null, rate: number, l1: number): number {
  let total = 0;
  for (let s = 0; s < data.n; s++) {
    let h = Array.from(data.x.subarray(s * data.features, (s + 1) * data.features));
    weights.forEach((w, l) => {
      const outputs = biases[l].length;
      const z = Array.from(biases[l]);
      h.forEach((value, i) => {
        for (let j = 0; j < outputs; j++) z[j] += value * w[i * outputs + j] * (keep ? keep[l][i * outputs + j] / (1 - rate) : 1);
      });
      h = l + 1 < weights.length ? z.map((v) => (activation === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : Math.max(0, v))) : z;
    });
    const top = Math.max(...h);
    total += top + Math.log(h.reduce((sum, v) => sum + Math.exp(v - top), 0)) - h[data.y[s]];
  }
  return total / data.n + l1 * weights.reduce((sum, w) => sum + w.reduce((a, v) => a + Math.abs(v), 0), 0);
}

const tiny = (method: TrainingMethod, activation: Activation): MlpTrainingConfig => ({ hidden: [5, 4], activation, method, epochs: 1, batchSize: 12, learningRate: 0.01, seed: 3 });

describe.skipIf(!native.ok)('native training engine', () => {
  const create = native.ok ? native.create : () => { throw new Error('unreachable'); };

  it.each([
    ['baseline', 'sigmoid', { name: 'baseline' }],
    ['baseline', 'relu', { name: 'baseline' }],
    ['drop-connect', 'sigmoid', { name: 'drop-connect', rate: 0.4 }],
    ['sparsity', 'relu', { name: 'sparsity', l1: 0.01 }],
  ] as const)('%s (%s): gradients equal float64 central differences', (_, activation, method) => {
    const data = sparseDataset(12, 6, 3, 1);
    const config = tiny(method, activation);
    const spec = nativeTrainerSpec(config, data);
    // Non-zero biases keep every pre-activation off ReLU's kink at 0, where central differences are not a derivative.
    const rng = Rng.of('spec', 'native-train', 'biases');
    for (const layer of spec.layers) layer.bias.forEach((_, j) => (layer.bias[j] = 0.2 * rng.uniform() - 0.1));
    const trainer = create(spec);
    const rate = method.name === 'drop-connect' ? method.rate : 0;
    const keys = rate > 0 ? dropConnectMaskKeys(config.seed, 0, 1, 3) : null;
    const keep = rate > 0 ? spec.layers.map((layer, l) => drawKeepMask({ seed: config.seed, epoch: 0, batch: 0, layer: l }, layer.weights.length, rate)) : null;
    const l1 = method.name === 'sparsity' ? method.l1 : 0;
    const grads = trainer.gradients(Uint32Array.from({ length: 12 }, (_, i) => i), keys);
    trainer.release();
    const weights = spec.layers.map((l) => Float64Array.from(l.weights));
    const biases = spec.layers.map((l) => Float64Array.from(l.bias));
    expect(grads.loss).toBeCloseTo(referenceLoss(weights, biases, activation, data, keep, rate, 0), 5);
    const h = 1e-6;
    const check = (params: Float64Array[], native: Float32Array[], what: string) =>
      params.forEach((p, l) =>
        p.forEach((value, i) => {
          p[i] = value + h;
          const up = referenceLoss(weights, biases, activation, data, keep, rate, l1);
          p[i] = value - h;
          const down = referenceLoss(weights, biases, activation, data, keep, rate, l1);
          p[i] = value;
          const fd = (up - down) / (2 * h);
          expect(Math.abs(native[l][i] - fd), `${what} layer ${l} entry ${i}: native ${native[l][i]} vs fd ${fd}`).toBeLessThan(1e-5 + 1e-3 * Math.abs(fd));
        }),
      );
    check(weights, grads.weights, 'weight');
    check(biases, grads.biases, 'bias');
  });

  it('drop-connect masks are the stream of drawKeepMask: masked weights unchanged by the step, kept ones moved', async () => {
    const data = sparseDataset(12, 6, 3, 2);
    data.x.fill(0.5, 0, 12 * 6); // dense inputs: every kept weight has a non-zero gradient
    const config = tiny({ name: 'drop-connect', rate: 0.4 }, 'sigmoid');
    const model = await trainMlp(config, { train: data }, { engine: 'native' });
    const initial = nativeTrainerSpec(config, data).layers;
    initial.forEach((before, layer) => {
      const keep = drawKeepMask({ seed: config.seed, epoch: 0, batch: 0, layer }, before.weights.length, 0.4);
      keep.forEach((kept, i) => expect(model.layers[layer].weights[i] === before.weights[i], `layer ${layer} weight ${i}`).toBe(!kept));
    });
  });

  it('matches the tfjs path within float tolerance over 3 steps (drop-connect, L1) and is deterministic', async () => {
    const data = sparseDataset(36, 6, 3, 3);
    for (const method of [{ name: 'drop-connect', rate: 0.3 }, { name: 'sparsity', l1: 0.01 }] as const) {
      const config = tiny(method, 'sigmoid');
      const a = await trainMlp(config, { train: data }, { engine: 'native' });
      const b = await trainMlp(config, { train: data }, { engine: 'native' });
      const tfjs = await trainMlp(config, { train: data }, { engine: 'tfjs' });
      expect([a.backend, tfjs.backend]).toEqual(['native', (await initTensorflow()).backend]);
      expect(['avx2-fma', 'portable']).toContain(a.nativeKernels);
      expect(a.layers.map((l) => Array.from(new Uint32Array(l.weights.buffer)))).toEqual(b.layers.map((l) => Array.from(new Uint32Array(l.weights.buffer))));
      a.layers.forEach((layer, l) => layer.weights.forEach((w, i) => expect(Math.abs(w - tfjs.layers[l].weights[i]), `${method.name} layer ${l} weight ${i}`).toBeLessThan(1e-5)));
      expect(a.finalLoss).toBeCloseTo(tfjs.finalLoss, 4);
    }
  });

  it('learns MNIST as well as the tfjs path (784-64-10 sigmoid, 2,000 digits, 2 epochs)', async () => {
    const { train, test } = loadMnist({ trainSize: 2000, testSize: 1000, splitSeed: 1 });
    const config: MlpTrainingConfig = { hidden: [64], activation: 'sigmoid', method: { name: 'baseline' }, epochs: 2, batchSize: 32, learningRate: 0.002, seed: 1 };
    const fast = await trainMlp(config, { train, test }, { engine: 'native' });
    const tfjs = await trainMlp(config, { train, test }, { engine: 'tfjs' });
    console.info(`native ${fast.seconds.toFixed(3)} s test acc ${fast.testAccuracy}; tfjs ${tfjs.seconds.toFixed(3)} s test acc ${tfjs.testAccuracy}`);
    expect(fast.testAccuracy).toBeGreaterThan(0.8);
    expect(Math.abs((fast.testAccuracy ?? 0) - (tfjs.testAccuracy ?? 0))).toBeLessThan(0.02);
    expect(Math.abs(fast.trainAccuracy - tfjs.trainAccuracy)).toBeLessThan(0.02);
    expect(Math.abs(fast.finalLoss - tfjs.finalLoss)).toBeLessThan(0.02);
  });
});

describe('training engine choice', () => {
  const config = tiny({ name: 'baseline' }, 'sigmoid');
  const absent = () => ({ ok: false, reason: 'native addon memsweep_train not available (test)' }) as const;

  it('falls back to tfjs when the addon is absent or the method is not native, and says why', () => {
    expect(resolveTrainingEngine(config, 'auto', absent)).toEqual({ kind: 'tfjs', reason: 'native addon memsweep_train not available (test)' });
    expect(() => resolveTrainingEngine(config, 'native', absent)).toThrow(/engine 'native' cannot run: native addon/);
    const reliability = { ...config, method: { name: 'fault-pruning' } } as unknown as MlpTrainingConfig;
    expect(resolveTrainingEngine(reliability, 'auto')).toMatchObject({ kind: 'tfjs', reason: expect.stringMatching(/does not implement the 'fault-pruning' method/) });
    expect(resolveTrainingEngine(config, 'tfjs').kind).toBe('tfjs');
    expect(() => resolveTrainingEngine(config, 'gpu' as never)).toThrow(/engine must be one of/);
    expect(defaultTrainingEngine({})).toBe('auto');
    expect(defaultTrainingEngine({ MEMSWEEP_TRAIN_ENGINE: 'tfjs' })).toBe('tfjs');
    expect(() => defaultTrainingEngine({ MEMSWEEP_TRAIN_ENGINE: 'fast' })).toThrow(/MEMSWEEP_TRAIN_ENGINE/);
  });

  it('trains on tfjs in a process where the native addons are disabled (MEMSWEEP_NATIVE=0)', () => {
    const lib = new URL('../dist/index.js', import.meta.url).href;
    const script = `const lib = await import(${JSON.stringify(lib)});
      const { train } = lib.loadMnist({ trainSize: 200, testSize: 10, splitSeed: 1 });
      const m = await lib.trainMlp({ hidden: [8], activation: 'relu', method: { name: 'baseline' }, epochs: 1, batchSize: 50, learningRate: 0.01, seed: 1 }, { train });
      console.log(JSON.stringify({ backend: m.backend, reason: lib.resolveTrainingEngine({ hidden: [8], activation: 'relu', method: { name: 'baseline' } }).reason }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, MEMSWEEP_NATIVE: '0', MEMSWEEP_TRAIN_ENGINE: '' } });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
    expect(['wasm', 'cpu', 'tensorflow']).toContain(result.backend);
    expect(result.reason).toMatch(/MEMSWEEP_NATIVE=0/);
  });
});
