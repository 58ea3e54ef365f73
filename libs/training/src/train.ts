/**
 * Training an MLP with softmax cross-entropy and Adam (SPEC §7.1 baseline, §7.2 drop-connect), in a custom loop on
 * tf variables so that drop-connect can mask the forward pass *and* the update. Every random draw (initialization,
 * batch order, masks) comes from the crossbar's counter-based generator, so a run is deterministic given the seed on
 * a given backend.
 */
import { Rng, type DenseLayer } from '@memsweep/crossbar';
import type { Scalar, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { ADAM_DEFAULTS, adamStep, createAdamSlot, disposeAdamSlot, type AdamSettings, type AdamSlot } from './adam.js';
import { initTensorflow } from './backend.js';
import { assertDataset, type Dataset } from './datasets/dataset.js';
import { assertDropRate, drawKeepMask } from './drop-connect.js';
import { prepareEvaluation } from './evaluate.js';
import { glorotUniformLayers, layerWidths, mlpLogits, type Activation, type LayerTensors, type MlpTrainingConfig } from './mlp.js';
import type { Tf, TfBackendName } from './tf.js';

/** A trained network, as plain arrays, with how it was trained and how well it fits. */
export interface TrainedModel {
  layers: DenseLayer[];
  activation: Activation;
  /** Backend that trained it (results are bit-reproducible per backend, not across backends). */
  backend: TfBackendName;
  /** Fraction of training samples classified correctly by the final (unmasked) weights, in [0, 1]. */
  trainAccuracy: number;
  /** Same on the test set, when one was given. */
  testAccuracy?: number;
  /** Mean cross-entropy (nats per sample) over the last epoch's batches, as trained (under drop-connect masks). */
  finalLoss: number;
  epochs: number;
  /** Wall time of the training loop, seconds (excludes the final accuracy passes). */
  seconds: number;
}

/** Progress of one finished epoch. */
export interface EpochReport {
  /** 0-based. */
  epoch: number;
  /** Mean cross-entropy (nats per sample) over the epoch's batches. */
  loss: number;
}

export interface TrainOptions {
  /** Called after every epoch. */
  onEpochEnd?: (report: EpochReport) => void;
  /** Checked between epochs; the loop yields to the event loop there so an abort can arrive. */
  signal?: AbortSignal;
}

/** One layer's trainable state. */
interface LayerSlots {
  inputs: number;
  outputs: number;
  weights: AdamSlot;
  bias: AdamSlot;
}

/**
 * Trains an MLP `features`-hidden…-`classes` on `data.train` and measures accuracy on train (and test).
 * Uses the thread's TensorFlow runtime (`initTensorflow()`; call it first with a preference to choose the backend).
 * Every tensor it creates is disposed before it returns or throws.
 */
export async function trainMlp(config: MlpTrainingConfig, data: { train: Dataset; test?: Dataset }, options: TrainOptions = {}): Promise<TrainedModel> {
  assertTrainingConfig(config);
  const { train, test } = data;
  assertDataset(train, 'train');
  if (train.n === 0) throw new RangeError('trainMlp: the training set is empty');
  const { tf, backend } = await initTensorflow();
  const widths = layerWidths(train.features, config.hidden, train.classes);
  const adam: AdamSettings = { ...ADAM_DEFAULTS, learningRate: config.learningRate };
  const dropRate = config.method.name === 'drop-connect' ? config.method.rate : null;

  const slots: LayerSlots[] = glorotUniformLayers(widths, config.seed).map((layer) => ({
    inputs: layer.inputs,
    outputs: layer.outputs,
    weights: uploadSlot(tf, layer.weights, [layer.inputs, layer.outputs]),
    bias: uploadSlot(tf, layer.bias, [layer.outputs]),
  }));
  const inputs = tf.tensor2d(train.x, [train.n, train.features]);
  const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(train.y), 'int32'), train.classes).toFloat() as Tensor2D);
  try {
    const started = performance.now();
    let finalLoss = Number.NaN;
    let step = 0;
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const order = batchOrder(train.n, config.seed, epoch);
      let lossSum: Scalar = tf.scalar(0);
      for (let batch = 0, start = 0; start < train.n; batch++, start += config.batchSize) {
        const indices = order.subarray(start, Math.min(train.n, start + config.batchSize));
        const keeps = dropRate === null ? null : slots.map((s, layer) => drawKeepMask({ seed: config.seed, epoch, batch, layer }, s.inputs * s.outputs, dropRate));
        step += 1;
        const batchLossSum = trainingStep(tf, { slots, inputs, targets, indices, keeps, dropRate: dropRate ?? 0, activation: config.activation, adam, step });
        const next = tf.add(lossSum, batchLossSum) as Scalar;
        lossSum.dispose();
        batchLossSum.dispose();
        lossSum = next;
      }
      finalLoss = (await lossSum.data())[0] / train.n;
      lossSum.dispose();
      options.onEpochEnd?.({ epoch, loss: finalLoss });
      await yieldToEventLoop();
      options.signal?.throwIfAborted();
    }
    const seconds = (performance.now() - started) / 1000;
    const layers = await copyLayers(slots);
    return {
      layers,
      activation: config.activation,
      backend,
      trainAccuracy: accuracy(tf, layers, config.activation, train),
      ...(test ? { testAccuracy: accuracy(tf, layers, config.activation, test) } : {}),
      finalLoss,
      epochs: config.epochs,
      seconds,
    };
  } finally {
    inputs.dispose();
    targets.dispose();
    for (const s of slots) {
      disposeAdamSlot(s.weights);
      disposeAdamSlot(s.bias);
    }
  }
}

interface StepInputs {
  slots: LayerSlots[];
  inputs: Tensor2D;
  targets: Tensor2D;
  /** Sample indices of this batch. */
  indices: Uint32Array;
  /** Per layer keep-mask over its weights (1 = kept), or null without drop-connect. */
  keeps: Uint8Array[] | null;
  dropRate: number;
  activation: Activation;
  adam: AdamSettings;
  /** 1-based Adam step. */
  step: number;
}

/**
 * One batch: forward with effective weights W ⊙ M / (1 − p), back-propagate, masked Adam update.
 * Returns the batch's summed cross-entropy (a scalar the caller disposes).
 */
function trainingStep(tf: Tf, s: StepInputs): Scalar {
  return tf.tidy(() => {
    const batchIndices = tf.tensor1d(Int32Array.from(s.indices), 'int32');
    const x = tf.gather(s.inputs, batchIndices) as Tensor2D;
    const y = tf.gather(s.targets, batchIndices) as Tensor2D;
    const keepMasks: Tensor[] | null = s.keeps?.map((keep, l) => tf.tensor2d(keep, [s.slots[l].inputs, s.slots[l].outputs], 'bool')) ?? null;
    const weightScales = keepMasks?.map((keep) => tf.mul(tf.cast(keep, 'float32'), 1 / (1 - s.dropRate))) ?? null;
    const variables = s.slots.flatMap((slot) => [slot.weights.param, slot.bias.param]);
    const { value, grads } = tf.variableGrads(() => {
      const effective: LayerTensors[] = s.slots.map((slot, l) => ({
        weights: (weightScales ? tf.mul(slot.weights.param, weightScales[l]) : slot.weights.param) as Tensor2D,
        bias: slot.bias.param as Tensor1D,
      }));
      return tf.losses.softmaxCrossEntropy(y, mlpLogits(tf, x, effective, s.activation)) as Scalar;
    }, variables);
    s.slots.forEach((slot, l) => {
      adamStep(tf, slot.weights, grads[slot.weights.param.name], s.step, s.adam, keepMasks?.[l]);
      adamStep(tf, slot.bias, grads[slot.bias.param.name], s.step, s.adam);
    });
    return tf.mul(value, s.indices.length) as Scalar;
  });
}

/** An Adam slot starting at `values`. */
function uploadSlot(tf: Tf, values: Float32Array, shape: number[]): AdamSlot {
  const initial = tf.tensor(values, shape);
  try {
    return createAdamSlot(tf, initial);
  } finally {
    initial.dispose();
  }
}

/** Sample order of one epoch: a Fisher–Yates shuffle keyed ('train', seed, 'batches', epoch). */
export function batchOrder(n: number, seed: number, epoch: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  Rng.of('train', seed, 'batches', epoch).shuffle(order);
  return order;
}

/** Copies the variables out as plain arrays owned by the caller. */
async function copyLayers(slots: readonly LayerSlots[]): Promise<DenseLayer[]> {
  const layers: DenseLayer[] = [];
  for (const s of slots) {
    // .slice(): some backends hand out their own storage from data().
    const weights = ((await s.weights.param.data()) as Float32Array).slice();
    const bias = ((await s.bias.param.data()) as Float32Array).slice();
    layers.push({ inputs: s.inputs, outputs: s.outputs, weights, bias });
  }
  return layers;
}

function accuracy(tf: Tf, layers: readonly DenseLayer[], activation: Activation, data: Dataset): number {
  if (data.n === 0) return Number.NaN;
  const prepared = prepareEvaluation(tf, data);
  try {
    return prepared.countCorrect(layers, activation) / data.n;
  } finally {
    prepared.dispose();
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Throws a `RangeError` naming the first invalid field. */
export function assertTrainingConfig(config: MlpTrainingConfig): void {
  const positiveInteger = (value: number) => Number.isInteger(value) && value > 0;
  config.hidden.forEach((width, i) => {
    if (!positiveInteger(width)) throw new RangeError(`hidden[${i}] must be a positive integer, got ${width}`);
  });
  if (config.activation !== 'sigmoid' && config.activation !== 'relu') throw new RangeError(`activation must be 'sigmoid' or 'relu', got '${String(config.activation)}'`);
  if (config.method.name === 'drop-connect') assertDropRate(config.method.rate);
  else if (config.method.name !== 'baseline') throw new RangeError(`unknown training method '${String((config.method as { name: unknown }).name)}'`);
  if (!positiveInteger(config.epochs)) throw new RangeError(`epochs must be a positive integer, got ${config.epochs}`);
  if (!positiveInteger(config.batchSize)) throw new RangeError(`batchSize must be a positive integer, got ${config.batchSize}`);
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) throw new RangeError(`learningRate must be a positive finite number, got ${config.learningRate}`);
  if (!Number.isFinite(config.seed)) throw new RangeError(`seed must be a finite number, got ${config.seed}`);
}
