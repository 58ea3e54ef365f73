/**
 * The native training engine (issue #7): `trainMlp` on the `memsweep_train` addon of @memsweep/kernels for the methods
 * it implements — baseline, drop-connect and sparsity (L1) — with the same draws as the tfjs path: Glorot init from
 * ('train', seed, 'init', l), batch order from ('train', seed, 'batches', epoch), drop-connect masks from the stream
 * ('train', seed, 'dropconnect', epoch, batch, layer) (drawn in C, bit-identical to drawKeepMask), masked "lazy" Adam
 * as in adam.ts. Results are deterministic given the seed on a given engine and CPU kernel set; they differ from the
 * tfjs path's in the last bits (different summation order), as the tfjs backends differ from one another.
 */
import { deriveKey, type DenseLayer } from '@memsweep/crossbar';
import { loadNativeTrainer, type NativeTrainer, type NativeTrainerLoad, type NativeTrainerSpec } from '@memsweep/kernels';
import { ADAM_DEFAULTS } from './adam.js';
import { assertDataset, type Dataset } from './datasets/dataset.js';
import { glorotUniformLayers, layerWidths, type MlpTrainingConfig } from './mlp.js';
import { batchOrder, type TrainedModel, type TrainOptions } from './train.js';

/** Which engine trains: 'auto' = native when the addon loads and supports the config, else tfjs. */
export type TrainingEngine = 'auto' | 'native' | 'tfjs';

/** The engine chosen for one training run. */
export type ResolvedEngine = { kind: 'native'; create: (spec: NativeTrainerSpec) => NativeTrainer } | { kind: 'tfjs'; reason: string };

const ENGINES: readonly TrainingEngine[] = ['auto', 'native', 'tfjs'];
/** The native trainer's layer limit (TRAINER_MAX_LAYERS in native/train/trainer.h). */
const MAX_NATIVE_LAYERS = 16;

/** The default engine: `MEMSWEEP_TRAIN_ENGINE` (auto | native | tfjs) when set, else 'auto'. */
export function defaultTrainingEngine(env: NodeJS.ProcessEnv = process.env): TrainingEngine {
  const value = env.MEMSWEEP_TRAIN_ENGINE;
  if (value === undefined || value === '') return 'auto';
  if (!(ENGINES as readonly string[]).includes(value)) throw new RangeError(`MEMSWEEP_TRAIN_ENGINE must be one of ${ENGINES.join(', ')}, got '${value}'`);
  return value as TrainingEngine;
}

/** Why the native engine cannot train `config` (method, depth), or null when it can. */
export function nativeUnsupportedReason(config: MlpTrainingConfig): string | null {
  const { method } = config;
  if (method.name !== 'baseline' && method.name !== 'drop-connect' && method.name !== 'sparsity') return `the native engine does not implement the '${method.name}' method`;
  if (method.name === 'sparsity' && method.l1Step === 'proximal') return "the native engine does not implement sparsity's proximal L1 step";
  if (config.hidden.length + 1 > MAX_NATIVE_LAYERS) return `the native engine takes at most ${MAX_NATIVE_LAYERS} layers, got ${config.hidden.length + 1}`;
  return null;
}

/**
 * Chooses the engine for `config`: 'tfjs' always takes the tfjs path; 'auto' takes the native one when the addon loads
 * and supports the config; 'native' throws (with the reason) when it cannot run.
 */
export function resolveTrainingEngine(config: MlpTrainingConfig, requested: TrainingEngine = defaultTrainingEngine(), load: () => NativeTrainerLoad = loadNativeTrainer): ResolvedEngine {
  if (!ENGINES.includes(requested)) throw new RangeError(`engine must be one of ${ENGINES.join(', ')}, got '${String(requested)}'`);
  if (requested === 'tfjs') return { kind: 'tfjs', reason: 'engine tfjs requested' };
  const unsupported = nativeUnsupportedReason(config);
  const loaded = unsupported ? null : load();
  const reason = unsupported ?? (loaded && !loaded.ok ? loaded.reason : null);
  if (loaded?.ok) return { kind: 'native', create: loaded.create };
  if (requested === 'native') throw new Error(`trainMlp: engine 'native' cannot run: ${reason}`);
  return { kind: 'tfjs', reason: reason ?? 'native engine unavailable' };
}

/** Philox keys of every drop-connect mask of one epoch: per batch, per layer, the two words of its key. */
export function dropConnectMaskKeys(seed: number, epoch: number, batches: number, layers: number): Uint32Array {
  const keys = new Uint32Array(batches * layers * 2);
  for (let batch = 0; batch < batches; batch++) {
    for (let layer = 0; layer < layers; layer++) keys.set(deriveKey('train', seed, 'dropconnect', epoch, batch, layer), (batch * layers + layer) * 2);
  }
  return keys;
}

/** The native trainer's spec for `config` on `train`, starting from the seeded Glorot initialization. */
export function nativeTrainerSpec(config: MlpTrainingConfig, train: Dataset): NativeTrainerSpec {
  const widths = layerWidths(train.features, config.hidden, train.classes);
  return {
    widths,
    activation: config.activation,
    batchSize: config.batchSize,
    adam: { ...ADAM_DEFAULTS, learningRate: config.learningRate },
    dropRate: config.method.name === 'drop-connect' ? config.method.rate : 0,
    l1: config.method.name === 'sparsity' ? config.method.l1 : 0,
    train: { x: train.x, y: train.y },
    layers: glorotUniformLayers(widths, config.seed),
  };
}

/**
 * `trainMlp` on the native engine (the caller has validated `config` and `data.train`). One addon call per epoch;
 * between epochs it reports, yields to the event loop and honours the abort signal, like the tfjs path.
 */
export async function trainMlpNative(
  config: MlpTrainingConfig,
  data: { train: Dataset; test?: Dataset },
  options: TrainOptions,
  create: (spec: NativeTrainerSpec) => NativeTrainer,
): Promise<TrainedModel> {
  const { train, test } = data;
  if (test) {
    assertDataset(test, 'test');
    if (test.features !== train.features || test.classes !== train.classes) {
      throw new RangeError(`test set has ${test.features} features and ${test.classes} classes, the training set ${train.features} and ${train.classes}`);
    }
  }
  const spec = nativeTrainerSpec(config, train);
  const layerCount = spec.widths.length - 1;
  const batches = Math.ceil(train.n / config.batchSize);
  const trainer = create(spec);
  try {
    const started = performance.now();
    let finalLoss = Number.NaN;
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const order = batchOrder(train.n, config.seed, epoch);
      const keys = spec.dropRate > 0 ? dropConnectMaskKeys(config.seed, epoch, batches, layerCount) : null;
      finalLoss = trainer.trainEpoch(order, keys) / train.n;
      options.onEpochEnd?.({ epoch, loss: finalLoss });
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
    }
    const seconds = (performance.now() - started) / 1000;
    const layers: DenseLayer[] = trainer.readLayers().map((layer, l) => ({ inputs: spec.widths[l], outputs: spec.widths[l + 1], weights: layer.weights, bias: layer.bias }));
    const accuracy = (set: Dataset) => (set.n === 0 ? Number.NaN : trainer.countCorrect(set.x, set.y) / set.n);
    return {
      layers,
      activation: config.activation,
      backend: 'native',
      nativeKernels: trainer.isa,
      trainAccuracy: accuracy(train),
      ...(test ? { testAccuracy: accuracy(test) } : {}),
      finalLoss,
      epochs: config.epochs,
      seconds,
    };
  } finally {
    trainer.release();
  }
}
