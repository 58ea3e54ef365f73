import { describe, expect, it } from 'vitest';
import { initTensorflow } from './backend.js';
import { loadMnist } from './datasets/mnist.js';
import type { MlpTrainingConfig } from './mlp.js';
import { assertTrainingConfig, batchOrder, trainMlp } from './train.js';

const { train, test } = loadMnist({ trainSize: 2000, testSize: 1000, splitSeed: 1 });
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

const tiny: MlpTrainingConfig = {
  hidden: [16],
  activation: 'relu',
  method: { name: 'drop-connect', rate: 0.3 },
  epochs: 1,
  batchSize: 50,
  learningRate: 0.003,
  seed: 4,
};
const tinyData = { train: { ...train, n: 300, x: train.x.subarray(0, 300 * 784), y: train.y.subarray(0, 300) } };

describe('trainMlp', () => {
  it('is deterministic given the seed (bit-identical weights), and the seed matters', async () => {
    const a = await trainMlp(tiny, tinyData);
    const b = await trainMlp(tiny, tinyData);
    const c = await trainMlp({ ...tiny, seed: 5 }, tinyData);
    expect(a.layers.map((l) => bits(l.weights))).toEqual(b.layers.map((l) => bits(l.weights)));
    expect(a.layers.map((l) => bits(l.bias))).toEqual(b.layers.map((l) => bits(l.bias)));
    expect(a.finalLoss).toBe(b.finalLoss);
    expect(bits(c.layers[0].weights)).not.toEqual(bits(a.layers[0].weights));
  });

  it('learns MNIST: 784-64-10 on 2,000 digits, 2 epochs → test accuracy > 0.8', async () => {
    const model = await trainMlp(
      { hidden: [64], activation: 'relu', method: { name: 'baseline' }, epochs: 2, batchSize: 32, learningRate: 0.002, seed: 1 },
      { train, test },
    );
    expect(model.layers.map((l) => [l.inputs, l.outputs])).toEqual([[784, 64], [64, 10]]);
    expect(model.testAccuracy).toBeGreaterThan(0.8);
    expect(model.trainAccuracy).toBeGreaterThan(0.8);
    expect(model.finalLoss).toBeLessThan(1);
    expect(model.epochs).toBe(2);
    expect(model.seconds).toBeGreaterThan(0);
    // 'auto' engine: the native addon when it loads (native-train.spec.ts), else the thread's tfjs backend.
    expect(['native', (await initTensorflow()).backend]).toContain(model.backend);
  });

  it('frees every tensor it made and reports each epoch', async () => {
    const { tf } = await initTensorflow();
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    await trainMlp({ ...tiny, epochs: 2 }, tinyData, { onEpochEnd: (r) => losses.push(r.loss) });
    expect(tf.memory().numTensors).toBe(before);
    expect(losses).toHaveLength(2);
  });

  it('stops between epochs when aborted', async () => {
    const controller = new AbortController();
    const run = trainMlp({ ...tiny, epochs: 5 }, tinyData, { signal: controller.signal, onEpochEnd: () => controller.abort() });
    await expect(run).rejects.toThrow();
  });

  it('shuffles batches per epoch from the seed', () => {
    expect(batchOrder(100, 1, 0)).toEqual(batchOrder(100, 1, 0));
    expect(batchOrder(100, 1, 1)).not.toEqual(batchOrder(100, 1, 0));
    expect([...batchOrder(100, 1, 0)].sort((x, y) => x - y)).toEqual([...Array(100).keys()]);
  });

  it('rejects invalid configurations by field name', () => {
    expect(() => assertTrainingConfig({ ...tiny, hidden: [0] })).toThrow(/hidden\[0\]/);
    expect(() => assertTrainingConfig({ ...tiny, method: { name: 'drop-connect', rate: 1 } })).toThrow(/rate/);
    expect(() => assertTrainingConfig({ ...tiny, batchSize: 2.5 })).toThrow(/batchSize/);
    expect(() => assertTrainingConfig({ ...tiny, learningRate: 0 })).toThrow(/learningRate/);
  });
});
