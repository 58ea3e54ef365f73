/**
 * A trained `NetworkSpec` network on one simulated chip (SPEC §2, [C] §II-B): batch norm is folded into the crossbar
 * layers (inference statistics, after any [X Alg. 1] recalibration), every conv kernel bank and dense matrix is
 * deployed as one crossbar with the chip's draws (`deployConvCrossbars`: crossbar layer l uses the dense path's
 * `layerStreams(chipKeyParts, l)`), and the deployed effective weights are put back into a batch-norm-free network that
 * the tf forward pass evaluates — exact for every model that folds a crossbar into fixed weights, because a kernel bank
 * is read identically for every output position. 1×1 convolutions stay fault-free on the host [X §II-C].
 */
import { deployConvCrossbars, foldBatchNorm, type KeyPart, type NetworkDeployment } from '@memsweep/crossbar';
import type { Tensor1D, Tensor4D } from '@tensorflow/tfjs';
import { assertDataset, type Dataset } from './datasets/dataset.js';
import { countCorrectOnBatches } from './evaluate.js';
import {
  BATCH_NORM_EPSILON,
  convAsDenseLayer,
  crossbarLayers,
  inputFeatures,
  networkGeometry,
  networkLogits,
  uploadNetworkParams,
  withCrossbarLayers,
  type NetworkParams,
  type NetworkSpec,
} from './network.js';
import type { Tf } from './tf.js';

/** A network whose batch norm lives in its weights: every layer's `batchNorm` is false and no params carry BN. */
export interface FoldedNetwork {
  spec: NetworkSpec;
  params: NetworkParams;
}

/** Folds each layer's inference batch norm into its weights and bias (`foldBatchNorm`); inputs are not mutated. */
export function foldNetworkBatchNorm(spec: NetworkSpec, params: NetworkParams): FoldedNetwork {
  const geometry = networkGeometry(spec);
  const layers = params.layers.map((p, l) => {
    const shape = geometry[l].weightShape;
    if (!p || !shape || !p.batchNorm) return p;
    const bn = p.batchNorm;
    const folded = foldBatchNorm(convAsDenseLayer(p, shape), { gamma: bn.gamma, beta: bn.beta, mean: bn.movingMean, variance: bn.movingVariance, epsilon: BATCH_NORM_EPSILON });
    return { weights: folded.weights, bias: folded.bias };
  });
  const foldedSpec: NetworkSpec = { ...spec, layers: spec.layers.map((layer) => (layer.kind === 'conv2d' || layer.kind === 'dense' ? { ...layer, batchNorm: false } : layer)) };
  return { spec: foldedSpec, params: { layers } };
}

/**
 * The folded network as one chip computes it: its crossbar layers (kernel banks and dense matrices, 1×1 convolutions
 * left out) deployed with `deployment` under `chipKeyParts`. Throws a `RangeError` for a model that cannot deploy a
 * CNN (see `convDeploymentProblem`).
 */
export function deployFoldedNetwork(network: FoldedNetwork, deployment: NetworkDeployment, chipKeyParts: readonly KeyPart[]): NetworkParams {
  const layers = crossbarLayers(network.spec, network.params);
  const deployed = deployConvCrossbars(
    layers.map((entry) => entry.layer),
    deployment,
    chipKeyParts,
  );
  return withCrossbarLayers(network.params, layers.map((entry, k) => ({ index: entry.index, layer: deployed[k] })));
}

/** A test set resident on the tf backend for repeated evaluations of networks of one input shape. Call `dispose()` when done. */
export interface PreparedNetworkEvaluation {
  readonly n: number;
  /** Correct argmax predictions (inference mode) of the network `spec` with `params` on the prepared set. */
  countCorrect(spec: NetworkSpec, params: NetworkParams): number;
  dispose(): void;
}

/** Uploads `data` (channels-last samples of `inputShape`) once, in batches of `batchSize` samples. */
export function prepareNetworkEvaluation(tf: Tf, inputShape: readonly [number, number, number], data: Dataset, batchSize = 500): PreparedNetworkEvaluation {
  assertDataset(data);
  const features = inputShape[0] * inputShape[1] * inputShape[2];
  if (data.features !== features) throw new RangeError(`prepareNetworkEvaluation: data has ${data.features} features, inputs of ${inputShape.join('×')} have ${features}`);
  const batches: { x: Tensor4D; labels: Tensor1D }[] = [];
  for (let start = 0; start < data.n; start += batchSize) {
    const end = Math.min(data.n, start + batchSize);
    batches.push({
      x: tf.tensor4d(data.x.subarray(start * features, end * features), [end - start, ...inputShape]),
      labels: tf.tensor1d(Int32Array.from(data.y.subarray(start, end)), 'int32'),
    });
  }
  return {
    n: data.n,
    countCorrect(spec, params) {
      if (inputFeatures(spec) !== features) throw new RangeError(`countCorrect: ${spec.name} takes ${inputFeatures(spec)} features, the prepared inputs have ${features}`);
      return countCorrectOnBatches(tf, batches, () => {
        const tensors = uploadNetworkParams(tf, spec, params);
        return (x) => networkLogits(tf, spec, x, tensors, 'inference');
      });
    },
    dispose() {
      for (const batch of batches.splice(0)) {
        batch.x.dispose();
        batch.labels.dispose();
      }
    },
  };
}
