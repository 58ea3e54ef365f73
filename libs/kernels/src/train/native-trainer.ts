/**
 * The native MLP trainer (addon `memsweep_train`, native/train/): softmax cross-entropy, Adam, optional drop-connect and
 * L1, with sparse-input layers (MNIST is ~80 % zero pixels) and AVX2+FMA kernels chosen at run time. The trainer owns a
 * copy of the training set and every buffer; JavaScript calls it once per epoch with the batch order and, under
 * drop-connect, one Philox key per batch and layer (the mask stream of drawKeepMask in @memsweep/training).
 */
import { loadNativeAddon } from '../native-addon.js';

/** Adam's hyper-parameters (Kingma & Ba 2015). */
export interface NativeAdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** One dense layer: `weights` row-major `inputs × outputs`, `bias` of length `outputs`. */
export interface NativeLayer {
  weights: Float32Array;
  bias: Float32Array;
}

/** Everything the trainer starts from. */
export interface NativeTrainerSpec {
  /** Layer widths from input to output, e.g. [784, 500, 10]: 2 to 17 positive integers. */
  widths: readonly number[];
  /** Nonlinearity after every hidden layer (the last layer gives logits). */
  activation: 'sigmoid' | 'relu';
  /** Samples per batch; an epoch's last batch may be smaller. */
  batchSize: number;
  adam: NativeAdamSettings;
  /**
   * Drop-connect rate p ∈ [0, 1), 0 = off: every weight (not bias) is kept when its 32-bit draw is below
   * round((1 − p)·2³²), kept weights are scaled by 1/(1 − p), and masked weights and their moments are not updated.
   */
  dropRate: number;
  /** L1 penalty λ·Σ|w| over every weight (biases excluded), gradient λ·sign(w) with sign(0) = −1; 0 = off. */
  l1: number;
  /** Training set: `x` row-major `n × widths[0]`, `y` labels below the last width. Copied. */
  train: { x: Float32Array; y: Uint8Array };
  /** Initial parameters per layer. Copied. */
  layers: readonly NativeLayer[];
  /** Use the portable kernels even on an AVX2 CPU (for comparisons). @default false */
  portable?: boolean;
}

/** A trainer's gradients at its current weights, without a step (for gradient checks). */
export interface NativeGradients {
  /** Mean cross-entropy of the batch (the L1 term is not included). */
  loss: number;
  weights: Float32Array[];
  biases: Float32Array[];
}

/** A running native trainer. Call `release()` when done (the memory is also freed at garbage collection). */
export interface NativeTrainer {
  /** Kernel set in use: 'avx2-fma' or 'portable'. */
  readonly isa: string;
  /** Adam steps taken so far. */
  readonly steps: number;
  /**
   * One pass over `order` (sample indices) in batches, one Adam step per batch. Under drop-connect `maskKeys` holds,
   * per batch and per layer, the two 32-bit words of that mask's Philox key. Returns Σ over batches of the batch's
   * mean cross-entropy × its size.
   */
  trainEpoch(order: Uint32Array, maskKeys?: Uint32Array | null): number;
  /** Gradients on the batch `samples` (1 to batchSize indices) at the current weights; `maskKeys`: one key per layer. */
  gradients(samples: Uint32Array, maskKeys?: Uint32Array | null): NativeGradients;
  /** Copies of the current parameters. */
  readLayers(): NativeLayer[];
  /** Samples whose arg-max logit (first on ties) equals the label, with the current (unmasked) weights. */
  countCorrect(x: Float32Array, y: Uint8Array): number;
  /** Frees the native memory now; later calls throw. */
  release(): void;
}

export type NativeTrainerLoad = { readonly ok: true; readonly create: (spec: NativeTrainerSpec) => NativeTrainer } | { readonly ok: false; readonly reason: string };

interface TrainAddon {
  create(spec: Record<string, unknown>): unknown;
  trainEpoch(handle: unknown, order: Uint32Array, maskKeys: Uint32Array | null): number;
  gradients(handle: unknown, samples: Uint32Array, maskKeys: Uint32Array | null, gradWeights: Float32Array[], gradBiases: Float32Array[]): number;
  read(handle: unknown, weights: Float32Array[], biases: Float32Array[]): void;
  countCorrect(handle: unknown, x: Float32Array, y: Uint8Array): number;
  info(handle: unknown): { isa: string; steps: number };
  release(handle: unknown): void;
}

const TWO_POW_32 = 4294967296;
/** Largest batch the trainer takes (its scratch buffers are batch × layer width). */
const MAX_BATCH = 1 << 24;

/** The native trainer when its addon loads here (`MEMSWEEP_NATIVE=0` disables it), else why not. */
export function loadNativeTrainer(): NativeTrainerLoad {
  const load = loadNativeAddon<TrainAddon>('memsweep_train');
  if (!load.ok) return load;
  const addon = load.addon;
  return { ok: true, create: (spec) => createTrainer(addon, spec) };
}

function createTrainer(addon: TrainAddon, spec: NativeTrainerSpec): NativeTrainer {
  assertNativeTrainerSpec(spec);
  const { widths } = spec;
  const handle = addon.create({
    widths: [...widths],
    activation: spec.activation === 'relu' ? 1 : 0,
    batchSize: spec.batchSize,
    learningRate: spec.adam.learningRate,
    beta1: spec.adam.beta1,
    beta2: spec.adam.beta2,
    epsilon: spec.adam.epsilon,
    dropRate: spec.dropRate,
    keepBelow: Math.round((1 - spec.dropRate) * TWO_POW_32),
    dropScale: 1 / (1 - spec.dropRate),
    l1: spec.l1,
    portable: spec.portable ? 1 : 0,
    x: spec.train.x,
    y: spec.train.y,
    weights: spec.layers.map((l) => l.weights),
    biases: spec.layers.map((l) => l.bias),
  });
  const layerArrays = () => ({
    weights: widths.slice(1).map((outputs, l) => new Float32Array(widths[l] * outputs)),
    biases: widths.slice(1).map((outputs) => new Float32Array(outputs)),
  });
  return {
    get isa() {
      return addon.info(handle).isa;
    },
    get steps() {
      return addon.info(handle).steps;
    },
    trainEpoch: (order, maskKeys = null) => {
      if (spec.dropRate > 0 && !maskKeys) throw new RangeError('trainEpoch: drop-connect needs maskKeys (2 words per batch and layer)');
      return addon.trainEpoch(handle, order, maskKeys);
    },
    gradients: (samples, maskKeys = null) => {
      const { weights, biases } = layerArrays();
      const loss = addon.gradients(handle, samples, maskKeys, weights, biases);
      return { loss, weights, biases };
    },
    readLayers: () => {
      const { weights, biases } = layerArrays();
      addon.read(handle, weights, biases);
      return weights.map((w, l) => ({ weights: w, bias: biases[l] }));
    },
    countCorrect: (x, y) => addon.countCorrect(handle, x, y),
    release: () => addon.release(handle),
  };
}

/** Throws a `RangeError` naming the first field of `spec` that the trainer cannot take. */
export function assertNativeTrainerSpec(spec: NativeTrainerSpec): void {
  const { widths, layers, train, adam } = spec;
  if (widths.length < 2 || widths.length > 17) throw new RangeError(`widths must list 2 to 17 layer widths, got ${widths.length}`);
  widths.forEach((w, i) => {
    if (!(Number.isInteger(w) && w > 0)) throw new RangeError(`widths[${i}] must be a positive integer, got ${w}`);
  });
  if (spec.activation !== 'sigmoid' && spec.activation !== 'relu') throw new RangeError(`activation must be 'sigmoid' or 'relu', got '${String(spec.activation)}'`);
  if (!(Number.isInteger(spec.batchSize) && spec.batchSize > 0 && spec.batchSize <= MAX_BATCH)) throw new RangeError(`batchSize must be an integer in [1, ${MAX_BATCH}], got ${spec.batchSize}`);
  if (!(adam.learningRate > 0 && Number.isFinite(adam.learningRate))) throw new RangeError(`adam.learningRate must be a positive finite number, got ${adam.learningRate}`);
  for (const key of ['beta1', 'beta2'] as const) if (!(adam[key] >= 0 && adam[key] < 1)) throw new RangeError(`adam.${key} must be in [0, 1), got ${adam[key]}`);
  if (!(adam.epsilon > 0 && Number.isFinite(adam.epsilon))) throw new RangeError(`adam.epsilon must be a positive finite number, got ${adam.epsilon}`);
  if (!(spec.dropRate >= 0 && spec.dropRate < 1)) throw new RangeError(`dropRate must be in [0, 1), got ${spec.dropRate}`);
  if (!(spec.l1 >= 0 && Number.isFinite(spec.l1))) throw new RangeError(`l1 must be a finite number ≥ 0, got ${spec.l1}`);
  if (layers.length !== widths.length - 1) throw new RangeError(`layers: expected ${widths.length - 1} layers for widths [${widths.join(', ')}], got ${layers.length}`);
  layers.forEach((layer, l) => {
    if (layer.weights.length !== widths[l] * widths[l + 1]) throw new RangeError(`layers[${l}].weights has ${layer.weights.length} entries, expected ${widths[l]} × ${widths[l + 1]}`);
    if (layer.bias.length !== widths[l + 1]) throw new RangeError(`layers[${l}].bias has ${layer.bias.length} entries, expected ${widths[l + 1]}`);
  });
  const n = train.y.length;
  if (train.x.length !== n * widths[0]) throw new RangeError(`train.x has ${train.x.length} entries, expected ${n} samples × ${widths[0]} features`);
  const classes = widths[widths.length - 1];
  const bad = train.y.findIndex((label) => label >= classes);
  if (bad >= 0) throw new RangeError(`train.y[${bad}] = ${train.y[bad]} is not below the ${classes} classes`);
}
