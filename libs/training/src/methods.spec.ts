import { CHAKRABORTY2018_MAPPING, DEFAULT_DEVICE_FAULTS, DEFAULT_FAULT_PRUNING, DeviceKind, Rng, squareTiling, type DenseLayer } from '@memsweep/crossbar';
import { describe, expect, it } from 'vitest';
import type { Dataset } from './datasets/dataset.js';
import { createInTheLoopLayer, FAULT_PRUNING_DEFAULTS, type FaultPruningParams } from './in-the-loop.js';
import { glorotUniformLayers, type MlpTrainingConfig, type TrainingMethod } from './mlp.js';
import { drawTrainingFaults, FaultCode, RELIABILITY_DRIVEN_DEFAULTS } from './reliability.js';
import { assertTrainingMethod, trainMlp } from './train.js';

function randomDataset(n: number, features: number, classes: number, seed: number): Dataset {
  const rng = Rng.of('spec', 'methods-dataset', seed);
  const x = new Float32Array(n * features);
  rng.fillUniform(x);
  const y = Uint8Array.from({ length: n }, () => rng.int(classes));
  return { x, y, n, features, classes };
}

const bits = (layers: DenseLayer[]) => layers.map((l) => Array.from(new Uint32Array(l.weights.buffer, l.weights.byteOffset, l.weights.length)));
const base = (method: TrainingMethod, over: Partial<MlpTrainingConfig> = {}): MlpTrainingConfig => ({
  hidden: [6],
  activation: 'sigmoid',
  method,
  epochs: 1,
  batchSize: 16,
  learningRate: 0.01,
  seed: 5,
  ...over,
});

describe('reliability-driven training', () => {
  it('freezes exactly the weights that are faulty in the step and moves every healthy one', async () => {
    const train = randomDataset(16, 8, 3, 1);
    const method: TrainingMethod = { name: 'reliability-driven', ...RELIABILITY_DRIVEN_DEFAULTS, stuckAtZeroRate: 0.2, stuckAtMaxRate: 0.1 };
    const model = await trainMlp(base(method), { train });
    const initial = glorotUniformLayers([8, 6, 3], 5);
    let frozen = 0;
    initial.forEach((before, layer) => {
      const codes = drawTrainingFaults({ seed: 5, epoch: 0, batch: 0, layer }, before.weights.length, 0.2, 0.1);
      codes.forEach((code, i) => {
        if (code === FaultCode.healthy) expect(model.layers[layer].weights[i], `layer ${layer} weight ${i}`).not.toBe(before.weights[i]);
        else {
          expect(model.layers[layer].weights[i], `layer ${layer} weight ${i} faulty`).toBe(before.weights[i]);
          frozen++;
        }
      });
    });
    expect(frozen).toBeGreaterThan(5);
    const again = await trainMlp(base(method, { epochs: 2, batchSize: 4 }), { train });
    const twice = await trainMlp(base(method, { epochs: 2, batchSize: 4 }), { train });
    expect(bits(again.layers)).toEqual(bits(twice.layers));
  });

  it("faultLayers 'last' leaves the other layers fault-free", async () => {
    const train = randomDataset(16, 8, 3, 2);
    const method: TrainingMethod = { name: 'reliability-driven', ...RELIABILITY_DRIVEN_DEFAULTS, stuckAtZeroRate: 0.5, stuckAtMaxRate: 0, faultLayers: 'last' };
    const model = await trainMlp(base(method), { train });
    const initial = glorotUniformLayers([8, 6, 3], 5);
    model.layers[0].weights.forEach((w, i) => expect(w).not.toBe(initial[0].weights[i]));
    expect(model.layers[1].weights.filter((w, i) => w === initial[1].weights[i]).length).toBeGreaterThan(3);
  });
});

describe('sparsity training', () => {
  it('an L1 penalty drives many weights to (near) zero, deterministically', async () => {
    const train = randomDataset(64, 8, 3, 3);
    const over = { epochs: 30, batchSize: 16, hidden: [8] };
    const plain = await trainMlp(base({ name: 'baseline' }, over), { train });
    const sparse = await trainMlp(base({ name: 'sparsity', l1: 0.05 }, over), { train });
    const small = (m: { layers: DenseLayer[] }) => m.layers.reduce((n, l) => n + l.weights.filter((w) => Math.abs(w) < 0.02).length, 0);
    expect(small(sparse)).toBeGreaterThan(small(plain) + 20);
    const again = await trainMlp(base({ name: 'sparsity', l1: 0.05 }, over), { train });
    expect(bits(again.layers)).toEqual(bits(sparse.layers));
    expect(() => assertTrainingMethod({ name: 'sparsity', l1: -1 })).toThrow(/l1/);
  });

  it("the proximal step sets weights exactly to zero where the subgradient step only makes them small", async () => {
    const train = randomDataset(64, 8, 3, 3);
    const over = { epochs: 30, batchSize: 16, hidden: [8] };
    const zeros = (m: { layers: DenseLayer[] }) => m.layers.reduce((n, l) => n + l.weights.filter((w) => w === 0).length, 0);
    const subgradient = await trainMlp(base({ name: 'sparsity', l1: 0.05, l1Step: 'subgradient' }, over), { train });
    const proximal = await trainMlp(base({ name: 'sparsity', l1: 0.05, l1Step: 'proximal' }, over), { train });
    expect(proximal.backend).not.toBe('native'); // the native engine declines the proximal step
    expect(zeros(subgradient)).toBeLessThan(5);
    expect(zeros(proximal)).toBeGreaterThan(20);
    const again = await trainMlp(base({ name: 'sparsity', l1: 0.05, l1Step: 'proximal' }, over), { train });
    expect(bits(again.layers)).toEqual(bits(proximal.layers));
    expect(() => assertTrainingMethod({ name: 'sparsity', l1: 0.1, l1Step: 'lasso' as 'proximal' })).toThrow(/l1Step/);
  });
});

describe('technology-aware training', () => {
  it('trains through the tile model (loss falls) and is deterministic', async () => {
    const train = randomDataset(64, 8, 3, 4);
    const method: TrainingMethod = {
      name: 'technology-aware',
      mapping: CHAKRABORTY2018_MAPPING,
      parasitics: { kind: 'parasitics', sourceResistance: 800, neuronResistance: 200, model: 'first-order' },
      tiling: squareTiling(4),
      chipCorner: { kind: 'chip-corner', corner: 2, sigmaChip: 0.05, mode: 'linear' },
    };
    const losses: number[] = [];
    const a = await trainMlp(base(method, { epochs: 15, learningRate: 0.05 }), { train }, { onEpochEnd: (r) => losses.push(r.loss) });
    const b = await trainMlp(base(method, { epochs: 15, learningRate: 0.05 }), { train });
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] - 0.05);
    expect(bits(a.layers)).toEqual(bits(b.layers));
    expect(() => assertTrainingMethod({ ...method, parasitics: { ...method.parasitics, model: 'ideal-wire' } })).toThrow(/first-order/);
  });
});

describe('fault-pruning training', () => {
  const params = (action: 'prune' | 'freeze'): FaultPruningParams => ({
    ...FAULT_PRUNING_DEFAULTS,
    devices: { ...DEFAULT_DEVICE_FAULTS, stuckShare: 0.3, discordantShare: 0.2, concordantMin: 0.2 },
    pruning: { ...DEFAULT_FAULT_PRUNING, significance: 0, maxRemovedSharePerStep: 1, minConnectivity: 0, action },
    weightRange: 4,
    pruneEvery: 10,
  });

  for (const action of ['prune', 'freeze'] as const) {
    it(`removes exactly the devices whose f̂ < θ (stuck, discordant) and keeps the rest (${action})`, async () => {
      const train = randomDataset(16, 8, 3, 5);
      const method: TrainingMethod = { name: 'fault-pruning', ...params(action) };
      // 4 steps per epoch, 5 epochs: every device has N = 10 updates by the pruning step at t = 10.
      const config = base(method, { epochs: 5, batchSize: 4, learningRate: 0.05 });
      const model = await trainMlp(config, { train });
      const initial = glorotUniformLayers([8, 6, 3], 5);
      let removed = 0;
      initial.forEach((layer, l) => {
        const devices = createInTheLoopLayer(layer.weights, method, 5, l); // the same training chip
        const after = model.layers[l].weights;
        devices.faults.kinds.forEach((kind, i) => {
          const faulty = kind !== DeviceKind.concordant;
          if (faulty && action === 'prune') expect(after[i], `layer ${l} device ${i} pruned`).toBe(0);
          if (!faulty) expect(after[i], `layer ${l} device ${i} concordant, kept`).not.toBe(0);
          removed += faulty ? 1 : 0;
        });
      });
      expect(model.faultPruning?.removed.reduce((a, b) => a + b, 0)).toBe(removed);
      expect(removed).toBeGreaterThan(10);
      const again = await trainMlp(config, { train });
      expect(bits(again.layers)).toEqual(bits(model.layers));
    });
  }

  it('stuck devices never change their weight; frozen connections keep theirs', async () => {
    const train = randomDataset(16, 8, 3, 6);
    const method: TrainingMethod = { name: 'fault-pruning', ...params('freeze') };
    const model = await trainMlp(base(method, { epochs: 5, batchSize: 4, learningRate: 0.05 }), { train });
    const initial = glorotUniformLayers([8, 6, 3], 5);
    initial.forEach((layer, l) => {
      const devices = createInTheLoopLayer(layer.weights, method, 5, l);
      devices.faults.kinds.forEach((kind, i) => {
        if (kind === DeviceKind.stuck) expect(model.layers[l].weights[i]).toBeCloseTo(layer.weights[i], 5);
      });
    });
  });
});

describe('every method frees the tensors it made', () => {
  it('baseline, sparsity, reliability-driven, technology-aware, fault-pruning; and trainNetwork', async () => {
    const { initTensorflow } = await import('./backend.js');
    const { trainNetwork } = await import('./network-train.js');
    const { vggSmall } = await import('./presets.js');
    const { tf } = await initTensorflow();
    const train = randomDataset(16, 8, 3, 7);
    const methods: TrainingMethod[] = [
      { name: 'sparsity', l1: 0.01 },
      { name: 'reliability-driven', ...RELIABILITY_DRIVEN_DEFAULTS },
      {
        name: 'technology-aware',
        mapping: CHAKRABORTY2018_MAPPING,
        parasitics: { kind: 'parasitics', sourceResistance: 800, neuronResistance: 200, model: 'first-order' },
        tiling: squareTiling(4),
        chipCorner: { kind: 'chip-corner', corner: 0, sigmaChip: 0, mode: 'linear' },
      },
      { name: 'fault-pruning', ...FAULT_PRUNING_DEFAULTS, pruneEvery: 1 },
    ];
    const before = tf.memory().numTensors;
    for (const method of methods) await trainMlp(base(method, { epochs: 2, batchSize: 8 }), { train });
    expect(tf.memory().numTensors).toBe(before);
    const images = { ...randomDataset(8, 4 * 4 * 2, 3, 8) };
    await trainNetwork({ network: vggSmall({ inputShape: [4, 4, 2], classes: 3, stages: [2] }), method: { name: 'drop-connect', rate: 0.2 }, epochs: 1, batchSize: 4, learningRate: 0.01, seed: 1 }, { train: images });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('defaultTrainingMethod', () => {
  it('gives a valid method for every name', async () => {
    const { defaultTrainingMethod, TRAINING_METHOD_NAMES } = await import('./methods.js');
    for (const name of TRAINING_METHOD_NAMES) {
      const method = defaultTrainingMethod(name);
      expect(method.name).toBe(name);
      expect(() => assertTrainingMethod(method)).not.toThrow();
      expect(JSON.parse(JSON.stringify(method))).toEqual(method); // plain JSON data
    }
  });
});
