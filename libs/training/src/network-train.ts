/**
 * Training and evaluating `NetworkSpec` networks (CNNs with batch norm, SPEC §8) with the baseline or drop-connect [X]
 * (SPEC §7.2), plus [X]'s batch-norm recalibration at the inference fault rate (Alg. 1) and the optional deployment
 * output scale 1/(1 − f). Same conventions as `trainMlp`: counter-based draws, lazy masked Adam, deterministic per seed
 * and backend. The other methods (reliability-driven, technology-aware, sparsity, fault-pruning) are MLP-only for now.
 *
 * Drop-connect here: every conv kernel and dense matrix is masked per batch with probability p and scaled by 1/(1 − p);
 * biases and batch-norm parameters are never masked; 1×1 convolutions are excluded and run fault-free [X §II-C].
 */
import { Rng } from '@memsweep/crossbar';
import type { Scalar, Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { ADAM_DEFAULTS, adamStep, createAdamSlot, disposeAdamSlot, type AdamSettings, type AdamSlot } from './adam.js';
import { initTensorflow } from './backend.js';
import { assertDataset, type Dataset } from './datasets/dataset.js';
import { assertDropRate, drawKeepMask } from './drop-connect.js';
import {
  initNetworkParams,
  inputFeatures,
  isPointwiseConv,
  networkGeometry,
  networkLogits,
  uploadNetworkParams,
  type BatchStatistics,
  type LayerParams,
  type LayerTensorSet,
  type NetworkParams,
  type NetworkSpec,
} from './network.js';
import { batchOrder } from './train.js';
import type { Tf, TfBackendName } from './tf.js';

/** Everything that decides a trained network, given the data and the backend. */
export interface NetworkTrainingConfig {
  network: NetworkSpec;
  method: { name: 'baseline' } | { name: 'drop-connect'; rate: number };
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Running statistics: m ← momentum·m + (1 − momentum)·batch. @default 0.9 */
  batchNormMomentum?: number;
  seed: number;
}

export interface TrainedNetwork {
  network: NetworkSpec;
  params: NetworkParams;
  backend: TfBackendName;
  trainAccuracy: number;
  testAccuracy?: number;
  /** Mean cross-entropy over the last epoch's batches, as trained. */
  finalLoss: number;
  seconds: number;
}

interface Slots {
  weights: AdamSlot;
  bias: AdamSlot;
  gamma?: AdamSlot;
  beta?: AdamSlot;
  movingMean?: Tensor1D;
  movingVariance?: Tensor1D;
}

/** Trains `config.network` on `data.train` (inputs channels-last, `features` = h·w·c). Frees every tensor it made. */
export async function trainNetwork(config: NetworkTrainingConfig, data: { train: Dataset; test?: Dataset }): Promise<TrainedNetwork> {
  const { network, method } = config;
  const geometry = networkGeometry(network);
  assertDataset(data.train, 'train');
  if (data.train.features !== inputFeatures(network)) throw new RangeError(`trainNetwork: data has ${data.train.features} features, ${network.name} takes ${inputFeatures(network)}`);
  if (data.train.classes !== network.classes) throw new RangeError(`trainNetwork: data has ${data.train.classes} classes, ${network.name} outputs ${network.classes}`);
  if (method.name === 'drop-connect') assertDropRate(method.rate);
  const momentum = config.batchNormMomentum ?? 0.9;
  const { tf, backend } = await initTensorflow();
  const adam: AdamSettings = { ...ADAM_DEFAULTS, learningRate: config.learningRate };
  const initial = initNetworkParams(network, config.seed);
  const slots: (Slots | null)[] = initial.layers.map((p, l) => (p ? createSlots(tf, p, geometry[l].weightShape as number[]) : null));
  const train = data.train;
  const inputs = tf.tensor4d(train.x, [train.n, ...network.inputShape]);
  const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(train.y), 'int32'), train.classes).toFloat() as Tensor2D);
  const trainable = slots.flatMap((s) => (s ? [s.weights, s.bias, ...(s.gamma ? [s.gamma] : []), ...(s.beta ? [s.beta] : [])] : []));
  try {
    const started = performance.now();
    let finalLoss = Number.NaN;
    let step = 0;
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const order = batchOrder(train.n, config.seed, epoch);
      let lossSum = 0;
      for (let batch = 0, start = 0; start < train.n; batch++, start += config.batchSize) {
        const indices = order.subarray(start, Math.min(train.n, start + config.batchSize));
        step += 1;
        const keeps = network.layers.map((layer, l) => {
          const s = slots[l];
          if (!s || method.name !== 'drop-connect' || isPointwiseConv(layer)) return null;
          return drawKeepMask({ seed: config.seed, epoch, batch, layer: l }, s.weights.param.size, method.rate);
        });
        const loss = tf.tidy(() => {
          const idx = tf.tensor1d(Int32Array.from(indices), 'int32');
          const x = tf.gather(inputs, idx) as Tensor4D;
          const y = tf.gather(targets, idx) as Tensor2D;
          const keepMasks = keeps.map((k, l) => (k ? tf.tensor(k, slots[l]?.weights.param.shape, 'bool') : null));
          const rate = method.name === 'drop-connect' ? method.rate : 0;
          const statistics: BatchStatistics = new Map();
          const { value, grads } = tf.variableGrads(() => {
            const tensors = slots.map((s, l) => (s ? tensorSet(tf, s, keepMasks[l], rate) : null));
            const logits = networkLogits(tf, network, x, tensors, 'train', statistics);
            for (const stats of statistics.values()) {
              tf.keep(stats.mean);
              tf.keep(stats.variance);
            }
            return tf.losses.softmaxCrossEntropy(y, logits) as Scalar;
          }, trainable.map((t) => t.param));
          slots.forEach((s, l) => {
            if (!s) return;
            adamStep(tf, s.weights, grads[s.weights.param.name], step, adam, keepMasks[l] ?? undefined);
            for (const slot of [s.bias, s.gamma, s.beta]) if (slot) adamStep(tf, slot, grads[slot.param.name], step, adam);
            const stats = statistics.get(l);
            if (stats && s.movingMean && s.movingVariance) {
              const mean = tf.keep(tf.add(tf.mul(s.movingMean, momentum), tf.mul(stats.mean, 1 - momentum)) as Tensor1D);
              const variance = tf.keep(tf.add(tf.mul(s.movingVariance, momentum), tf.mul(stats.variance, 1 - momentum)) as Tensor1D);
              s.movingMean.dispose();
              s.movingVariance.dispose();
              s.movingMean = mean;
              s.movingVariance = variance;
            }
          });
          for (const stats of statistics.values()) {
            stats.mean.dispose();
            stats.variance.dispose();
          }
          return tf.mul(value, indices.length) as Scalar;
        });
        lossSum += (await loss.data())[0];
        loss.dispose();
      }
      finalLoss = lossSum / train.n;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const seconds = (performance.now() - started) / 1000;
    const params = readParams(slots);
    return {
      network,
      params,
      backend,
      trainAccuracy: networkCountCorrect(tf, network, params, train) / train.n,
      ...(data.test ? { testAccuracy: networkCountCorrect(tf, network, params, data.test) / data.test.n } : {}),
      finalLoss,
      seconds,
    };
  } finally {
    inputs.dispose();
    targets.dispose();
    for (const s of slots) {
      if (!s) continue;
      for (const slot of [s.weights, s.bias, s.gamma, s.beta]) if (slot) disposeAdamSlot(slot);
      s.movingMean?.dispose();
      s.movingVariance?.dispose();
    }
  }
}

function createSlots(tf: Tf, p: LayerParams, shape: number[]): Slots {
  const slot = (values: Float32Array, s: number[]) => {
    const t = tf.tensor(values, s);
    try {
      return createAdamSlot(tf, t);
    } finally {
      t.dispose();
    }
  };
  const out: Slots = { weights: slot(p.weights, shape), bias: slot(p.bias, [p.bias.length]) };
  if (p.batchNorm) {
    out.gamma = slot(p.batchNorm.gamma, [p.bias.length]);
    out.beta = slot(p.batchNorm.beta, [p.bias.length]);
    out.movingMean = tf.tensor1d(p.batchNorm.movingMean);
    out.movingVariance = tf.tensor1d(p.batchNorm.movingVariance);
  }
  return out;
}

function tensorSet(tf: Tf, s: Slots, keep: Tensor | null, rate: number): LayerTensorSet {
  const weights = keep ? tf.mul(s.weights.param, tf.mul(tf.cast(keep, 'float32'), 1 / (1 - rate))) : s.weights.param;
  return { weights, bias: s.bias.param as Tensor1D, gamma: s.gamma?.param as Tensor1D | undefined, beta: s.beta?.param as Tensor1D | undefined, movingMean: s.movingMean, movingVariance: s.movingVariance };
}

function readParams(slots: readonly (Slots | null)[]): NetworkParams {
  const read = (t: Tensor) => (t.dataSync() as Float32Array).slice();
  return {
    layers: slots.map((s) => {
      if (!s) return null;
      const p: LayerParams = { weights: read(s.weights.param), bias: read(s.bias.param) };
      if (s.gamma && s.beta && s.movingMean && s.movingVariance) {
        p.batchNorm = { gamma: read(s.gamma.param), beta: read(s.beta.param), movingMean: read(s.movingMean), movingVariance: read(s.movingVariance) };
      }
      return p;
    }),
  };
}

/** Correct predictions (argmax of the logits, inference mode) of a network on a data set. */
export function networkCountCorrect(tf: Tf, spec: NetworkSpec, params: NetworkParams, data: Dataset, batchSize = 512): number {
  let correct = 0;
  const features = inputFeatures(spec);
  for (let start = 0; start < data.n; start += batchSize) {
    const end = Math.min(data.n, start + batchSize);
    const count = tf.tidy(() => {
      const tensors = uploadNetworkParams(tf, spec, params);
      const x = tf.tensor4d(data.x.subarray(start * features, end * features), [end - start, ...spec.inputShape]);
      const predicted = tf.argMax(networkLogits(tf, spec, x, tensors, 'inference'), 1);
      return tf.sum(tf.cast(tf.equal(predicted, tf.tensor1d(Int32Array.from(data.y.subarray(start, end)), 'int32')), 'int32'));
    });
    correct += count.dataSync()[0];
    count.dispose();
  }
  return correct;
}

/** How `recalibrateBatchNorm` presents the inference fault rate f to the network. */
export interface BatchNormRecalibration {
  /** f: the SA1 (weight → 0) fault rate at inference. */
  faultRate: number;
  /**
   * 'sampled' (default): each batch sees weights W ⊙ M with a fresh mask M at rate f (no 1/(1 − f) rescale: the chip
   * cannot rescale), i.e. chips like the ones evaluated; 'expected': the deterministic W·(1 − f).
   */
  mode: 'sampled' | 'expected';
  /** Seed of the masks, stream ('bn-recalibration', seed, f, batch, layer). */
  seed: number;
  /** @default 256 */
  batchSize?: number;
}

/**
 * [X Alg. 1] batch-norm recalibration: one pass over `data` with every weight frozen, forward in training mode under the
 * inference fault rate; each batch-norm layer's running mean and variance become the sample-weighted averages of the
 * batch statistics over the pass (a re-estimate, not a momentum update). 1×1 convolutions stay fault-free.
 * Returns new params; the input is not mutated. Networks without batch norm come back unchanged.
 */
export function recalibrateBatchNorm(tf: Tf, spec: NetworkSpec, params: NetworkParams, data: Dataset, options: BatchNormRecalibration): NetworkParams {
  if (!(options.faultRate >= 0 && options.faultRate < 1)) throw new RangeError(`faultRate must be in [0, 1), got ${options.faultRate}`);
  const batchSize = options.batchSize ?? 256;
  const features = inputFeatures(spec);
  const sums = new Map<number, { mean: Float64Array; variance: Float64Array }>();
  let seen = 0;
  for (let start = 0, batch = 0; start < data.n; start += batchSize, batch++) {
    const end = Math.min(data.n, start + batchSize);
    const stats = tf.tidy(() => {
      const tensors = uploadNetworkParams(tf, spec, params).map((t, l) => {
        if (!t || isPointwiseConv(spec.layers[l]) || options.faultRate === 0) return t;
        const weights =
          options.mode === 'expected'
            ? tf.mul(t.weights, 1 - options.faultRate)
            : tf.mul(t.weights, tf.tensor(recalibrationMask(options, batch, l, t.weights.size), t.weights.shape));
        return { ...t, weights };
      });
      const x = tf.tensor4d(data.x.subarray(start * features, end * features), [end - start, ...spec.inputShape]);
      const statistics: BatchStatistics = new Map();
      networkLogits(tf, spec, x, tensors, 'train', statistics);
      return [...statistics.entries()].map(([l, s]) => ({ l, mean: s.mean.dataSync().slice(), variance: s.variance.dataSync().slice() }));
    });
    const weight = end - start;
    for (const { l, mean, variance } of stats) {
      const acc = sums.get(l) ?? { mean: new Float64Array(mean.length), variance: new Float64Array(mean.length) };
      mean.forEach((m, k) => (acc.mean[k] += weight * m));
      variance.forEach((v, k) => (acc.variance[k] += weight * v));
      sums.set(l, acc);
    }
    seen += weight;
  }
  return {
    layers: params.layers.map((p, l) => {
      const acc = sums.get(l);
      if (!p || !p.batchNorm || !acc) return p;
      return { ...p, batchNorm: { ...p.batchNorm, movingMean: Float32Array.from(acc.mean, (m) => m / seen), movingVariance: Float32Array.from(acc.variance, (v) => v / seen) } };
    }),
  };
}

function recalibrationMask(options: BatchNormRecalibration, batch: number, layer: number, size: number): Float32Array {
  const rng = Rng.of('bn-recalibration', options.seed, options.faultRate, batch, layer);
  const keepBelow = Math.round((1 - options.faultRate) * 4294967296);
  const mask = new Float32Array(size);
  for (let i = 0; i < size; i++) mask[i] = rng.nextUint32() < keepBelow ? 1 : 0;
  return mask;
}

/**
 * The optional deployment output scale of SPEC §7.2 (off by default; record it with every result): a digital gain
 * 1/(1 − f) on each crossbar layer's outputs that restores the expected pre-activation of a network trained with
 * drop-connect's 1/(1 − p) rescaling when a fraction f of its weights read as 0. Returns 1 when disabled or f = 0.
 */
export function deploymentOutputScale(faultRate: number, enabled: boolean): number {
  if (!(faultRate >= 0 && faultRate < 1)) throw new RangeError(`faultRate must be in [0, 1), got ${faultRate}`);
  return enabled ? 1 / (1 - faultRate) : 1;
}

/** A deployed crossbar layer with its column outputs scaled digitally by `scale` (weights and bias row alike). */
export function scaleLayerOutputs<T extends { weights: Float32Array; bias: Float32Array }>(layer: T, scale: number): T {
  if (scale === 1) return layer;
  return { ...layer, weights: layer.weights.map((w) => w * scale), bias: layer.bias.map((b) => b * scale) };
}
