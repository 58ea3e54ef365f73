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
import { assertFaultPruningParams, createInTheLoopLayer, type FaultPruningParams, inTheLoopDeviceWeights, inTheLoopPrune, inTheLoopUpdate, inTheLoopWeights, type InTheLoopLayer } from './in-the-loop.js';
import { glorotUniformLayers, layerWidths, mlpLogits, type Activation, type LayerTensors, type MlpTrainingConfig, type TrainingMethod } from './mlp.js';
import { applyTrainingFaults, assertReliabilityParams, drawTrainingFaults, FaultCode, reliabilityLossAndGradient, type ReliabilityDrivenParams } from './reliability.js';
import { resolveTrainingEngine, trainMlpNative, type TrainingEngine } from './native-train.js';
import { assertTechnologyAwareParams, technologyAwareLayer } from './technology-aware.js';
import type { Tf, TfBackendName } from './tf.js';

/** A trained network, as plain arrays, with how it was trained and how well it fits. */
export interface TrainedModel {
  layers: DenseLayer[];
  activation: Activation;
  /** Backend that trained it: 'native' (the memsweep_train addon) or the tfjs backend (results are bit-reproducible per
   *  backend, not across backends). */
  backend: TrainingBackend;
  /** backend 'native' only: its CPU kernel set ('avx2-fma' or 'portable'); results are bit-reproducible per kernel set. */
  nativeKernels?: string;
  /** Fraction of training samples classified correctly by the final (unmasked) weights, in [0, 1]. */
  trainAccuracy: number;
  /** Same on the test set, when one was given. */
  testAccuracy?: number;
  /** Mean cross-entropy (nats per sample) over the last epoch's batches, as trained (under drop-connect masks). */
  finalLoss: number;
  epochs: number;
  /** Wall time of the training loop, seconds (excludes the final accuracy passes). */
  seconds: number;
  /** `fault-pruning` only: connections removed (pruned or frozen) per layer, and each layer's connection count. */
  faultPruning?: { removed: number[]; connections: number[] };
}

/** What trained a model: the native engine or a TensorFlow.js backend. */
export type TrainingBackend = 'native' | TfBackendName;

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
  /** 'auto' (default, or `MEMSWEEP_TRAIN_ENGINE`): native when the addon loads and implements the method (baseline,
   *  drop-connect, sparsity), else tfjs; 'tfjs' forces the TensorFlow.js path; 'native' throws when it cannot run. */
  engine?: TrainingEngine;
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
  const engine = resolveTrainingEngine(config, options.engine);
  if (engine.kind === 'native') return trainMlpNative(config, data, options, engine.create);
  const { tf, backend } = await initTensorflow();
  const widths = layerWidths(train.features, config.hidden, train.classes);
  const adam: AdamSettings = { ...ADAM_DEFAULTS, learningRate: config.learningRate };
  const dropRate = config.method.name === 'drop-connect' ? config.method.rate : null;

  const initialLayers = glorotUniformLayers(widths, config.seed);
  const slots: LayerSlots[] = initialLayers.map((layer) => ({
    inputs: layer.inputs,
    outputs: layer.outputs,
    weights: uploadSlot(tf, layer.weights, [layer.inputs, layer.outputs]),
    bias: uploadSlot(tf, layer.bias, [layer.outputs]),
  }));
  const method = config.method;
  const devices: InTheLoopLayer[] | null = method.name === 'fault-pruning' ? initialLayers.map((layer, l) => createInTheLoopLayer(layer.weights, method, config.seed, l)) : null;
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
        const stepInputs: StepInputs = { slots, inputs, targets, indices, keeps, dropRate: dropRate ?? 0, activation: config.activation, adam, step };
        let batchLossSum: Scalar;
        if (method.name === 'reliability-driven') {
          const faults = slots.map((s, layer) =>
            method.faultLayers === 'last' && layer + 1 < slots.length
              ? new Uint8Array(s.inputs * s.outputs)
              : drawTrainingFaults({ seed: config.seed, epoch, batch, layer }, s.inputs * s.outputs, method.stuckAtZeroRate, method.stuckAtMaxRate),
          );
          batchLossSum = reliabilityStep(tf, stepInputs, faults, method);
        } else if (method.name === 'fault-pruning' && devices) {
          batchLossSum = inTheLoopStep(tf, stepInputs, devices, method, Rng.of('train', config.seed, 'in-the-loop', 'update', step));
        } else {
          batchLossSum = trainingStep(tf, stepInputs, method);
        }
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
    // [K]: the trained model is what the devices hold (pending sub-threshold requests are not on the chip).
    if (devices && method.name === 'fault-pruning') layers.forEach((layer, l) => (layer.weights = inTheLoopDeviceWeights(devices[l], method.pruning.action)));
    return {
      layers,
      activation: config.activation,
      backend,
      trainAccuracy: accuracy(tf, layers, config.activation, train),
      ...(test ? { testAccuracy: accuracy(tf, layers, config.activation, test) } : {}),
      finalLoss,
      epochs: config.epochs,
      seconds,
      ...(devices ? { faultPruning: { removed: devices.map((d) => d.removedCount), connections: devices.map((d) => d.active.length) } } : {}),
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

/** λ of the sparsity method's proximal L1 step, applied after each weight's Adam step; 0 for every other method. */
function proximalL1(method: TrainingMethod): number {
  return method.name === 'sparsity' && method.l1Step === 'proximal' ? method.l1 : 0;
}

/**
 * One batch of the autodiff methods (baseline, drop-connect, sparsity, technology-aware): forward with the method's
 * effective weights (W ⊙ M / (1 − p) under drop-connect; the non-ideal tile model under technology-aware), CE (+ λ‖W‖₁
 * under sparsity), back-propagate, masked Adam update. Returns the batch's summed cross-entropy (the caller disposes it).
 */
function trainingStep(tf: Tf, s: StepInputs, method: TrainingMethod): Scalar {
  return tf.tidy(() => {
    const batchIndices = tf.tensor1d(Int32Array.from(s.indices), 'int32');
    const x = tf.gather(s.inputs, batchIndices) as Tensor2D;
    const y = tf.gather(s.targets, batchIndices) as Tensor2D;
    const keepMasks: Tensor[] | null = s.keeps?.map((keep, l) => tf.tensor2d(keep, [s.slots[l].inputs, s.slots[l].outputs], 'bool')) ?? null;
    const weightScales = keepMasks?.map((keep) => tf.mul(tf.cast(keep, 'float32'), 1 / (1 - s.dropRate))) ?? null;
    const variables = s.slots.flatMap((slot) => [slot.weights.param, slot.bias.param]);
    let crossEntropy: Scalar | null = null;
    const { grads } = tf.variableGrads(() => {
      const effective: LayerTensors[] = s.slots.map((slot, l) => {
        const weights = (weightScales ? tf.mul(slot.weights.param, weightScales[l]) : slot.weights.param) as Tensor2D;
        const bias = slot.bias.param as Tensor1D;
        return method.name === 'technology-aware' ? technologyAwareLayer(tf, weights, bias, method) : { weights, bias };
      });
      // Kept past variableGrads' inner scope (which frees everything but the returned value); disposed below.
      crossEntropy = tf.keep(tf.losses.softmaxCrossEntropy(y, mlpLogits(tf, x, effective, s.activation)) as Scalar);
      if (method.name !== 'sparsity' || method.l1 === 0 || method.l1Step === 'proximal') return tf.clone(crossEntropy);
      const l1 = s.slots.reduce((sum: Tensor, slot) => tf.add(sum, tf.sum(tf.abs(slot.weights.param))), tf.scalar(0));
      return tf.add(crossEntropy, tf.mul(method.l1, l1)) as Scalar;
    }, variables);
    s.slots.forEach((slot, l) => {
      adamStep(tf, slot.weights, grads[slot.weights.param.name], s.step, s.adam, keepMasks?.[l], proximalL1(method));
      adamStep(tf, slot.bias, grads[slot.bias.param.name], s.step, s.adam);
    });
    const kept = crossEntropy as unknown as Scalar;
    const lossSum = tf.mul(kept, s.indices.length) as Scalar;
    kept.dispose();
    return lossSum;
  });
}

/**
 * One batch of reliability-driven training [W Alg. 1]: force the faulty weights (codes per layer), compute the loss's
 * exact gradient at the faulty network (hand-derived double back-propagation, reliability.ts), and update only the
 * healthy weights (faulty ones keep their pre-step value: the forced value is for this batch only, as in dropout).
 */
function reliabilityStep(tf: Tf, s: StepInputs, faults: Uint8Array[], params: ReliabilityDrivenParams): Scalar {
  return tf.tidy(() => {
    const batchIndices = tf.tensor1d(Int32Array.from(s.indices), 'int32');
    const x = tf.gather(s.inputs, batchIndices) as Tensor2D;
    const y = tf.gather(s.targets, batchIndices) as Tensor2D;
    const codes = faults.map((c, l) => tf.tensor2d(Int32Array.from(c), [s.slots[l].inputs, s.slots[l].outputs], 'int32'));
    const effective: LayerTensors[] = s.slots.map((slot, l) => ({
      weights: applyTrainingFaults(tf, slot.weights.param as Tensor2D, codes[l], params.stuckAtMaxValue),
      bias: slot.bias.param as Tensor1D,
    }));
    const result = reliabilityLossAndGradient(tf, x, y, effective, s.activation, params);
    s.slots.forEach((slot, l) => {
      adamStep(tf, slot.weights, result.gradients[l].weights, s.step, s.adam, tf.equal(codes[l], FaultCode.healthy));
      adamStep(tf, slot.bias, result.gradients[l].bias, s.step, s.adam);
    });
    return tf.mul(result.crossEntropy, s.indices.length) as Scalar;
  });
}

/**
 * One batch of in-the-loop training [K]: Adam proposes new weights for the active connections (inactive ones keep
 * their weight and moments); the faulty devices realize them as they do; the network continues with the weights read
 * back. Every `pruneEvery` steps unreliable connections (f̂ < θ) are removed.
 */
function inTheLoopStep(tf: Tf, s: StepInputs, devices: InTheLoopLayer[], params: FaultPruningParams, rng: Rng): Scalar {
  const lossSum = tf.tidy(() => {
    const batchIndices = tf.tensor1d(Int32Array.from(s.indices), 'int32');
    const x = tf.gather(s.inputs, batchIndices) as Tensor2D;
    const y = tf.gather(s.targets, batchIndices) as Tensor2D;
    const variables = s.slots.flatMap((slot) => [slot.weights.param, slot.bias.param]);
    const { value, grads } = tf.variableGrads(() => {
      const layers = s.slots.map((slot) => ({ weights: slot.weights.param as Tensor2D, bias: slot.bias.param as Tensor1D }));
      return tf.losses.softmaxCrossEntropy(y, mlpLogits(tf, x, layers, s.activation)) as Scalar;
    }, variables);
    s.slots.forEach((slot, l) => {
      const active = tf.tensor2d(devices[l].active, [slot.inputs, slot.outputs], 'bool');
      adamStep(tf, slot.weights, grads[slot.weights.param.name], s.step, s.adam, active);
      adamStep(tf, slot.bias, grads[slot.bias.param.name], s.step, s.adam);
    });
    return tf.mul(value, s.indices.length) as Scalar;
  });
  const prune = s.step % params.pruneEvery === 0;
  s.slots.forEach((slot, l) => {
    const requested = slot.weights.param.dataSync() as Float32Array;
    inTheLoopUpdate(devices[l], requested, params, rng);
    if (prune) inTheLoopPrune(devices[l], params.pruning);
    const actual = tf.tensor2d(inTheLoopWeights(devices[l], params.pruning.action), [slot.inputs, slot.outputs]);
    slot.weights.param.assign(actual);
    actual.dispose();
  });
  return lossSum;
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
  assertTrainingMethod(config.method);
  if (!positiveInteger(config.epochs)) throw new RangeError(`epochs must be a positive integer, got ${config.epochs}`);
  if (!positiveInteger(config.batchSize)) throw new RangeError(`batchSize must be a positive integer, got ${config.batchSize}`);
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) throw new RangeError(`learningRate must be a positive finite number, got ${config.learningRate}`);
  if (!Number.isFinite(config.seed)) throw new RangeError(`seed must be a finite number, got ${config.seed}`);
}

/** Throws a `RangeError` naming the method and the first invalid parameter. */
export function assertTrainingMethod(method: TrainingMethod): void {
  switch (method.name) {
    case 'baseline':
      return;
    case 'drop-connect':
      return assertDropRate(method.rate);
    case 'reliability-driven':
      return assertReliabilityParams(method);
    case 'technology-aware':
      return assertTechnologyAwareParams(method);
    case 'sparsity':
      if (!(method.l1 >= 0 && Number.isFinite(method.l1))) throw new RangeError(`sparsity: l1 must be a finite number ≥ 0, got ${method.l1}`);
      if (method.l1Step !== undefined && method.l1Step !== 'subgradient' && method.l1Step !== 'proximal') throw new RangeError(`sparsity: l1Step must be 'subgradient' or 'proximal', got '${String(method.l1Step)}'`);
      return;
    case 'fault-pruning':
      return assertFaultPruningParams(method);
    default:
      throw new RangeError(`unknown training method '${String((method as { name: unknown }).name)}'`);
  }
}
