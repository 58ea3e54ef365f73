/**
 * The piscina pool's entry: runs one training or evaluation task on this thread. Each thread keeps its own TensorFlow
 * backend, its datasets, the prepared test set and the decoded models it has seen, so repeated shards of the same
 * model cost only the Monte-Carlo work itself.
 */
import { countCorrectBitSliced, countCorrectNoisyDense, deployNetwork } from '@memsweep/crossbar';
import { chipKeyParts, configKey, type DatasetConfig } from '@memsweep/sweep';
import { decodeModel, encodeModel, initTensorflow, loadMnist, prepareEvaluation, trainMlp } from '@memsweep/training';
import type { EvaluateRequest, EvaluateResponse, PoolRequest, PoolResponse, TrainRequest, TrainResponse } from './pool-messages.js';

type Tensorflow = Awaited<ReturnType<typeof initTensorflow>>;
type Evaluator = ReturnType<typeof prepareEvaluation>;
type Decoded = ReturnType<typeof decodeModel>;

let tensorflow: Promise<Tensorflow> | undefined;
const datasets = new Map<string, ReturnType<typeof loadMnist>>();
const evaluators = new Map<string, Evaluator>();
const models = new Map<string, Decoded>();
const MAX_CACHED_MODELS = 8;

function tf(): Promise<Tensorflow> {
  if (!tensorflow) tensorflow = initTensorflow((process.env.MEMSWEEP_TF_BACKEND as 'auto' | undefined) ?? 'auto');
  return tensorflow;
}

function dataset(config: DatasetConfig): ReturnType<typeof loadMnist> {
  const key = configKey(config);
  let data = datasets.get(key);
  if (!data) {
    data = loadMnist({ trainSize: config.trainSize, testSize: config.testSize, splitSeed: config.splitSeed });
    datasets.set(key, data);
  }
  return data;
}

async function evaluator(config: DatasetConfig): Promise<Evaluator> {
  const key = configKey(config);
  let prepared = evaluators.get(key);
  if (!prepared) {
    prepared = prepareEvaluation((await tf()).tf, dataset(config).test);
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
  const { backend } = await tf();
  const data = dataset(request.config.dataset);
  const { hidden, activation, method, epochs, batchSize, learningRate, seed } = request.config;
  const trained = await trainMlp({ hidden, activation, method, epochs, batchSize, learningRate, seed }, data);
  const meta = {
    backend,
    trainAccuracy: trained.trainAccuracy,
    testAccuracy: trained.testAccuracy ?? null,
    finalLoss: trained.finalLoss,
    seconds: trained.seconds,
    dataset: data.info,
  };
  const artifact = encodeModel({ layers: trained.layers, activation: trained.activation, meta });
  return { kind: 'train', artifact, backend, meta };
}

async function evaluate(request: EvaluateRequest): Promise<EvaluateResponse> {
  const { backend } = await tf();
  const prepared = await evaluator(request.dataset);
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
    const chip = deployNetwork(layers, network, chipKeyParts(request.sweepSeed, deployment, trial), activation, calibration);
    // weight-level and analog fold into effective dense layers (tfjs matmul); analog with column noise (per MVM) and
    // bit-sliced run JS forward passes.
    const correct =
      chip.kind === 'dense'
        ? prepared.countCorrect(chip.layers, activation)
        : chip.kind === 'noisy-dense'
          ? countCorrectNoisyDense(chip, test.x, test.y, activation)
          : countCorrectBitSliced(chip, test.x, test.y, activation);
    trials.push({ trial, correct, total: prepared.n });
  }
  return { kind: 'evaluate', backend, trials };
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
