import { Rng } from '@memsweep/crossbar';
import { describe, expect, it } from 'vitest';
import { TINY_BN_NET } from './network.test-helpers.js';
import { decodeArtifact, decodeModel, decodeNetwork, encodeNetwork, ModelArtifactError } from './artifact.js';
import { initTensorflow } from './backend.js';
import type { Dataset } from './datasets/dataset.js';
import { loadMnist } from './datasets/mnist.js';
import { drawKeepMask } from './drop-connect.js';
import { conv2dAsMatMul, convAsDenseLayer, crossbarLayers, initNetworkParams, networkGeometry, withCrossbarLayers } from './network.js';
import { deploymentOutputScale, networkCountCorrect, recalibrateBatchNorm, scaleLayerOutputs, trainNetwork } from './network-train.js';
import { lenet5, MLP_PRESETS, vgg13, vggSmall } from './presets.js';

function randomImages(n: number, shape: [number, number, number], classes: number, seed: number): Dataset {
  const rng = Rng.of('spec', 'network-data', seed);
  const features = shape[0] * shape[1] * shape[2];
  const x = new Float32Array(n * features);
  rng.fillUniform(x);
  return { x, y: Uint8Array.from({ length: n }, () => rng.int(classes)), n, features, classes };
}

const tinyNet = TINY_BN_NET;

describe('network presets', () => {
  it('have the papers’ shapes', () => {
    expect(MLP_PRESETS.chakraborty2018.hidden).toEqual([500]);
    expect(MLP_PRESETS.chakraborty2018.activation).toBe('sigmoid');
    expect(MLP_PRESETS.yu2021.hidden).toEqual([256, 256, 256]);
    expect(MLP_PRESETS.wang2020.hidden).toHaveLength(1);
    const lenet = networkGeometry(lenet5());
    expect(lenet.map((g) => g.outputShape)).toEqual([[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [400], [120], [84], [10]]);
    const wide = vggSmall({ width: 1.5 });
    expect(wide.layers[0]).toMatchObject({ kind: 'conv2d', filters: 48, batchNorm: true });
    expect(networkGeometry(wide).at(-1)?.weightShape).toEqual([4 * 4 * 192, 10]);
    expect(networkGeometry(vgg13()).at(-1)?.weightShape).toEqual([512, 10]);
  });
});

describe('convolutions on crossbars', () => {
  it('a conv layer is the (kh·kw·cin) × cout matrix applied to each receptive field', async () => {
    const { tf } = await initTensorflow();
    const rng = Rng.of('spec', 'conv-matrix', 1);
    const kernel = Float32Array.from({ length: 3 * 3 * 2 * 4 }, () => rng.normal());
    const patch = Float32Array.from({ length: 3 * 3 * 2 }, () => rng.normal());
    const conv = tf.tidy(() => Array.from(tf.conv2d(tf.tensor4d(patch, [1, 3, 3, 2]), tf.tensor4d(kernel, [3, 3, 2, 4]), 1, 'valid').dataSync()));
    const layer = convAsDenseLayer({ weights: kernel, bias: new Float32Array(4) }, [3, 3, 2, 4]);
    expect([layer.inputs, layer.outputs]).toEqual([18, 4]);
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let i = 0; i < 18; i++) s += patch[i] * layer.weights[i * 4 + j];
      expect(s).toBeCloseTo(conv[j], 4);
    }
    for (const [k, padding] of [[3, 'same'], [5, 'same'], [4, 'same'], [3, 'valid']] as const) {
      const [ours, reference] = tf.tidy(() => {
        const x = tf.randomNormal([2, 7, 6, 3], 0, 1, 'float32', 5) as import('@tensorflow/tfjs').Tensor4D;
        const w = tf.randomNormal([k, k, 3, 4], 0, 1, 'float32', 6) as import('@tensorflow/tfjs').Tensor4D;
        return [Array.from(conv2dAsMatMul(tf, x, w, padding).dataSync()), Array.from(tf.conv2d(x, w, 1, padding).dataSync())];
      });
      expect(ours.length).toBe(reference.length);
      ours.forEach((v, i) => expect(v).toBeCloseTo(reference[i], 3));
    }
    const params = initNetworkParams(tinyNet, 1);
    const xbars = crossbarLayers(tinyNet, params);
    expect(xbars.map((x) => x.index)).toEqual([0, 4]); // the 1×1 conv stays on the host [X]
    expect(crossbarLayers(tinyNet, params, true).map((x) => x.index)).toEqual([0, 1, 4]);
    const zeroed = withCrossbarLayers(params, [{ index: 0, layer: { ...xbars[0].layer, weights: new Float32Array(xbars[0].layer.weights.length) } }]);
    expect(zeroed.layers[0]?.weights.every((w) => w === 0)).toBe(true);
    expect(zeroed.layers[0]?.batchNorm).toBe(params.layers[0]?.batchNorm);
  });
});

describe('trainNetwork (CNN with batch norm, drop-connect)', () => {
  it('masks conv and dense weights per batch, leaves 1×1 convolutions unmasked, and is deterministic', async () => {
    const train = randomImages(8, [6, 6, 2], 3, 1);
    const config = { network: tinyNet, method: { name: 'drop-connect', rate: 0.4 } as const, epochs: 1, batchSize: 8, learningRate: 0.01, seed: 3 };
    const a = await trainNetwork(config, { train });
    const b = await trainNetwork(config, { train });
    expect(a.params.layers.map((p) => (p ? Array.from(p.weights) : null))).toEqual(b.params.layers.map((p) => (p ? Array.from(p.weights) : null)));
    const initial = initNetworkParams(tinyNet, 3);
    for (const l of [0, 4]) {
      const before = initial.layers[l]!.weights;
      const after = a.params.layers[l]!.weights;
      const keep = drawKeepMask({ seed: 3, epoch: 0, batch: 0, layer: l }, before.length, 0.4);
      let keptMoved = 0;
      keep.forEach((k, i) => {
        if (!k) expect(after[i], `layer ${l} weight ${i} masked`).toBe(before[i]);
        else if (after[i] !== before[i]) keptMoved++;
      });
      // ReLU and max pooling give some kept weights an exactly-zero gradient; most must move.
      expect(keptMoved).toBeGreaterThan(0.7 * keep.reduce((s, k) => s + k, 0));
    }
    const pointwise = initial.layers[1]!.weights;
    const pointwiseMoved = pointwise.filter((w, i) => a.params.layers[1]!.weights[i] !== w).length;
    expect(pointwiseMoved).toBeGreaterThan(0.7 * pointwise.length); // no mask on the 1×1 conv (a mask at p = 0.4 would freeze ~40 %)
    // Batch norm's running statistics moved from (0, 1).
    expect(a.params.layers[0]!.batchNorm!.movingMean.some((m) => m !== 0)).toBe(true);
    const { tf } = await initTensorflow();
    expect(tf.memory().numTensors).toBeLessThan(50);
  });

  it('LeNet-5 (half width) learns MNIST digits (600 digits, 2 epochs → test accuracy > 0.5)', async () => {
    const { train, test } = loadMnist({ trainSize: 600, testSize: 300, splitSeed: 2 });
    const model = await trainNetwork({ network: lenet5({ width: 0.5 }), method: { name: 'baseline' }, epochs: 2, batchSize: 32, learningRate: 0.003, seed: 1 }, { train, test });
    console.info(`[lenet5 w0.5] test accuracy ${model.testAccuracy}, ${model.seconds.toFixed(1)} s`);
    expect(model.testAccuracy).toBeGreaterThan(0.5);
  });
});

describe('batch-norm recalibration [X Alg. 1]', () => {
  it("re-estimates the running statistics under the inference fault rate with frozen weights ('expected' scales by 1 − f)", async () => {
    const { tf } = await initTensorflow();
    const data = randomImages(40, [6, 6, 2], 3, 2);
    const params = initNetworkParams(tinyNet, 4); // zero conv bias: BN input scales exactly with the weights
    const clean = recalibrateBatchNorm(tf, tinyNet, params, data, { faultRate: 0, mode: 'sampled', seed: 1, batchSize: 16 });
    const expected = recalibrateBatchNorm(tf, tinyNet, params, data, { faultRate: 0.25, mode: 'expected', seed: 1, batchSize: 16 });
    const bn0 = clean.layers[0]!.batchNorm!;
    const bnF = expected.layers[0]!.batchNorm!;
    bn0.movingMean.forEach((m, k) => expect(bnF.movingMean[k]).toBeCloseTo(0.75 * m, 5));
    bn0.movingVariance.forEach((v, k) => expect(bnF.movingVariance[k]).toBeCloseTo(0.5625 * v, 5));
    expect(bn0.movingMean.some((m) => Math.abs(m) > 1e-3)).toBe(true);
    expect(params.layers[0]!.batchNorm!.movingMean.every((m) => m === 0)).toBe(true); // input not mutated
    expect(clean.layers[0]!.weights).toBe(params.layers[0]!.weights); // weights frozen
    const sampled = recalibrateBatchNorm(tf, tinyNet, params, data, { faultRate: 0.25, mode: 'sampled', seed: 1, batchSize: 16 });
    const again = recalibrateBatchNorm(tf, tinyNet, params, data, { faultRate: 0.25, mode: 'sampled', seed: 1, batchSize: 16 });
    expect(Array.from(sampled.layers[0]!.batchNorm!.movingMean)).toEqual(Array.from(again.layers[0]!.batchNorm!.movingMean));
    expect(networkCountCorrect(tf, tinyNet, sampled, data)).toBeGreaterThanOrEqual(0);
  });

  it('deployment output scale 1/(1 − f) is off unless asked for', () => {
    expect(deploymentOutputScale(0.2, false)).toBe(1);
    expect(deploymentOutputScale(0.2, true)).toBeCloseTo(1.25, 12);
    const layer = { inputs: 1, outputs: 2, weights: Float32Array.from([1, -2]), bias: Float32Array.from([0.5, 0]) };
    expect(Array.from(scaleLayerOutputs(layer, 1.25).weights)).toEqual([1.25, -2.5]);
    expect(scaleLayerOutputs(layer, 1)).toBe(layer);
  });
});

describe('network artifacts (format version 2)', () => {
  it('round-trip exactly, batch norm included; MLP readers refuse them by name', () => {
    const params = initNetworkParams(tinyNet, 9);
    params.layers[0]!.batchNorm!.movingVariance[1] = 2.5;
    const bytes = encodeNetwork({ network: tinyNet, params, meta: { method: 'drop-connect' } });
    const back = decodeNetwork(bytes);
    expect(back.network).toEqual(tinyNet);
    expect(back.params).toEqual(params);
    expect(decodeArtifact(bytes).kind).toBe('network');
    expect(() => decodeModel(bytes)).toThrow(/decodeNetwork/);
    expect(() => decodeNetwork(bytes.subarray(0, bytes.length - 4))).toThrow(ModelArtifactError);
    expect(() => encodeNetwork({ network: tinyNet, params: { layers: params.layers.slice(1) }, meta: {} })).toThrow(RangeError);
  });
});

