/**
 * The piscina pool's entry: runs one training or evaluation task on this thread. Each thread keeps its own TensorFlow
 * backend, its datasets, the prepared test set and the decoded models it has seen, so repeated shards of the same
 * model cost only the Monte-Carlo work itself.
 */
import { countCorrectBitSliced, countCorrectNoisyDense } from '@memsweep/crossbar';
import { nativeBitSlicedColumns, prepareDenseEvaluation, type PreparedDenseEvaluation } from '@memsweep/kernels';
import { chipKeyParts, configKey, isConvTraining, type DatasetConfig } from '@memsweep/sweep';
import { decodeModel, encodeModel, initTensorflow, isNetworkArtifact, trainMlp, type LoadedDataset } from '@memsweep/training';
import { chipDeployer, deployChip } from './dense-chip.js';
import { evaluateConvNetwork, trainConvNetwork } from './evaluate-network.js';
import { loadWorkerDataset } from './worker-datasets.js';
import type { EvaluateRequest, EvaluateResponse, PoolRequest, PoolResponse, TrainRequest, TrainResponse } from './pool-messages.js';

type Tensorflow = Awaited<ReturnType<typeof initTensorflow>>;
type Evaluator = PreparedDenseEvaluation;
type Decoded = ReturnType<typeof decodeModel>;

let tensorflow: Promise<Tensorflow> | undefined;
const datasets = new Map<string, LoadedDataset>();
const evaluators = new Map<string, Evaluator>();
const models = new Map<string, Decoded>();
const MAX_CACHED_MODELS = 8;
/** Bit-sliced chips count their columns natively when the addon loads (bit-identical to crossbar's JS engine). */
const bitSlicedColumns = nativeBitSlicedColumns() ?? undefined;

function tf(): Promise<Tensorflow> {
  if (!tensorflow) tensorflow = initTensorflow((process.env.MEMSWEEP_TF_BACKEND as 'auto' | undefined) ?? 'auto');
  return tensorflow;
}

function dataset(config: DatasetConfig): LoadedDataset {
  const key = configKey(config);
  let data = datasets.get(key);
  if (!data) {
    data = loadWorkerDataset(config);
    datasets.set(key, data);
  }
  return data;
}

/** The test set prepared for the dense evaluation engine (native, else wasm, else js: @memsweep/kernels). */
function evaluator(config: DatasetConfig): Evaluator {
  const key = configKey(config);
  let prepared = evaluators.get(key);
  if (!prepared) {
    prepared = prepareDenseEvaluation(dataset(config).test);
    evaluators.set(key, prepared);
  }
  return prepared;
}

function model(hash: string, bytes: Uint8Array): Decoded {
  let decoded = models.get(hash);
  if (!decoded) {
    decoded = decodeModel(bytes);
    if (models.size >= MAX_CACHED_MODELS) models.delete(models.keys().next().value as string);
    models.set(hash, decoded);
  }
  return decoded;
}

async function train(request: TrainRequest): Promise<TrainResponse> {
  await tf(); // the thread's tfjs backend, for methods the native engine does not run
  const data = dataset(request.config.dataset);
  if (isConvTraining(request.config)) return trainConvNetwork(request.config, data, (await tf()).backend);
  const { hidden, activation, method, epochs, batchSize, learningRate, seed } = request.config;
  const trained = await trainMlp({ hidden, activation, method, epochs, batchSize, learningRate, seed }, data);
  // What trained the model: 'native' (memsweep_train addon) or the tfjs backend.
  const backend = trained.backend;
  const meta = {
    backend,
    ...(trained.nativeKernels ? { nativeKernels: trained.nativeKernels } : {}),
    trainAccuracy: trained.trainAccuracy,
    testAccuracy: trained.testAccuracy ?? null,
    finalLoss: trained.finalLoss,
    seconds: trained.seconds,
    dataset: data.info,
    ...(trained.faultPruning ? { faultPruning: trained.faultPruning } : {}), // [K]: connections removed per layer
  };
  const artifact = encodeModel({ layers: trained.layers, activation: trained.activation, meta });
  return { kind: 'train', artifact, backend, meta };
}

async function evaluate(request: EvaluateRequest): Promise<EvaluateResponse> {
  const { backend } = await tf();
  if (isNetworkArtifact(request.artifact)) return evaluateConvNetwork((await tf()).tf, backend, request, dataset(request.dataset)); // CNNs: evaluate-network.ts
  const prepared = evaluator(request.dataset);
  const { layers, activation } = model(request.artifactHash, request.artifact);
  const { deployment } = request;
  const trials: EvaluateResponse['trials'] = [];
  const test = dataset(request.dataset).test;
  const network = {
    stuckOffRate: deployment.stuckOffRate,
    stuckOnRate: deployment.stuckOnRate,
    sigma: deployment.sigma,
    crossbarSize: deployment.crossbarSize,
    model: deployment.deviceModel,
  };
  // MMSE calibration (bit-sliced only): p_v from the ideal network's activations of the first 256 test digits.
  const calibration = test.x.subarray(0, Math.min(256, test.n) * test.features);
  for (let trial = request.trialStart; trial < request.trialEnd; trial++) {
    const chip = deployChip(layers, network, chipKeyParts(request.sweepSeed, deployment, trial), activation, {
      calibrationInputs: calibration,
      liveInputRows: prepared.liveInputRows,
    });
    // weight-level and analog fold into effective dense layers (the dense engine: native, wasm or js); analog with
    // column noise (per MVM) and bit-sliced run JS forward passes.
    const correct =
      chip.kind === 'dense'
        ? prepared.countCorrect(chip.layers, activation)
        : chip.kind === 'noisy-dense'
          ? countCorrectNoisyDense(chip, test.x, test.y, activation)
          : countCorrectBitSliced(chip, test.x, test.y, activation, undefined, bitSlicedColumns);
    trials.push({ trial, correct, total: prepared.n });
  }
  // e.g. 'eval native (avx2), chips native, bit-sliced columns native; tfjs wasm': what ran the dense forward passes, drew
  // the chips and counted bit-sliced columns
  const columns = bitSlicedColumns ? 'native' : 'js';
  return { kind: 'evaluate', backend: `eval ${prepared.description}, chips ${chipDeployer}, bit-sliced columns ${columns}; tfjs ${backend}`, trials };
}

export default async function runPoolTask(request: PoolRequest): Promise<PoolResponse> {
  switch (request.kind) {
    case 'probe':
      return { kind: 'probe', backend: (await tf()).backend };
    case 'train':
      return train(request);
    case 'evaluate':
      return evaluate(request);
  }
}
