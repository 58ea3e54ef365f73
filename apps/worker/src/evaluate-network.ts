/**
 * Training and on-chip evaluation of convolutional networks (LeNet-5, VGG-small) in a pool thread. A CNN's artifact is
 * a version-2 network artifact; each evaluation shard deploys the network on its trials' chips through the conv
 * crossbar mapping ([C] §II-B, see @memsweep/training network-deploy.ts) and counts correct test predictions with tf.
 * Per thread, decoded networks, batch-norm-recalibrated + folded networks (per fault rate) and the resident test sets
 * are cached, so a shard costs only its chips' deployments and forward passes.
 */
import { chipKeyParts, configKey, type ConvTrainingConfig, type DatasetConfig } from '@memsweep/sweep';
import {
  buildConvNetwork,
  decodeNetwork,
  deployFoldedNetwork,
  encodeNetwork,
  foldNetworkBatchNorm,
  prepareNetworkEvaluation,
  recalibrateBatchNorm,
  trainNetwork,
  type FoldedNetwork,
  type LoadedDataset,
  type NetworkArtifact,
  type PreparedNetworkEvaluation,
  type Tf,
} from '@memsweep/training';
import type { EvaluateRequest, EvaluateResponse, TrainResponse } from './pool-messages.js';

const MAX_CACHED = 8;
const networks = new Map<string, NetworkArtifact>();
const foldedNetworks = new Map<string, FoldedNetwork>();
const preparedSets = new Map<string, PreparedNetworkEvaluation>();

function remember<T>(cache: Map<string, T>, key: string, make: () => T, evict?: (value: T) => void): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= MAX_CACHED) {
      const oldest = cache.keys().next().value as string;
      evict?.(cache.get(oldest) as T);
      cache.delete(oldest);
    }
    cache.set(key, value);
  }
  return value;
}

/** Trains a CNN run (baseline or drop-connect) and encodes it as a network artifact with its metadata. */
export async function trainConvNetwork(config: ConvTrainingConfig, data: LoadedDataset, backend: string): Promise<TrainResponse> {
  const { method } = config;
  if (method.name !== 'baseline' && method.name !== 'drop-connect') throw new RangeError(`${config.network.kind}: method ${method.name} is implemented for MLPs only`);
  const network = buildConvNetwork(config.network, data.inputShape, data.train.classes);
  const trained = await trainNetwork(
    { network, method, epochs: config.epochs, batchSize: config.batchSize, learningRate: config.learningRate, seed: config.seed },
    { train: data.train, test: data.test },
  );
  const meta = {
    backend,
    network: network.name,
    trainAccuracy: trained.trainAccuracy,
    testAccuracy: trained.testAccuracy ?? null,
    finalLoss: trained.finalLoss,
    seconds: trained.seconds,
    dataset: data.info,
  };
  return { kind: 'train', artifact: encodeNetwork({ network, params: trained.params, meta }), backend, meta };
}

/**
 * Evaluates a network artifact on the trials of one shard. With `deployment.batchNormRecalibration`, the running
 * statistics are first re-estimated on the training set at the point's fault rate [X Alg. 1] (seed: the sweep seed),
 * once per thread, model and fault rate; batch norm is then folded into the crossbars.
 */
export function evaluateConvNetwork(tf: Tf, backend: string, request: EvaluateRequest, data: LoadedDataset): EvaluateResponse {
  const { deployment } = request;
  const artifact = remember(networks, request.artifactHash, () => decodeNetwork(request.artifact));
  const recalibration = deployment.batchNormRecalibration;
  const foldedKey = configKey({ artifact: request.artifactHash, recalibration: recalibration ? { mode: recalibration, faultRate: deployment.faultRate, seed: request.sweepSeed } : null });
  const folded = remember(foldedNetworks, foldedKey, () => {
    const params = recalibration
      ? recalibrateBatchNorm(tf, artifact.network, artifact.params, data.train, { faultRate: deployment.faultRate, mode: recalibration, seed: request.sweepSeed })
      : artifact.params;
    return foldNetworkBatchNorm(artifact.network, params);
  });
  const prepared = remember(
    preparedSets,
    configKey({ dataset: request.dataset as DatasetConfig, inputShape: artifact.network.inputShape }),
    () => prepareNetworkEvaluation(tf, artifact.network.inputShape, data.test),
    (old) => old.dispose(),
  );
  const onChip = { stuckOffRate: deployment.stuckOffRate, stuckOnRate: deployment.stuckOnRate, sigma: deployment.sigma, crossbarSize: deployment.crossbarSize, model: deployment.deviceModel };
  const trials: EvaluateResponse['trials'] = [];
  for (let trial = request.trialStart; trial < request.trialEnd; trial++) {
    const params = deployFoldedNetwork(folded, onChip, chipKeyParts(request.sweepSeed, deployment, trial));
    trials.push({ trial, correct: prepared.countCorrect(folded.spec, params), total: prepared.n });
  }
  return { kind: 'evaluate', backend, trials };
}
