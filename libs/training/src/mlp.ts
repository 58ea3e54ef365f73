/** Multi-layer perceptrons: configuration, seeded initialization and the forward pass shared by training and evaluation. */
import { assertDenseLayer, Rng, type DenseLayer } from '@memsweep/crossbar';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { TrainingMethod } from '@memsweep/methods';
import type { Tf } from './tf.js';

/** Nonlinearity after every hidden layer; the output layer gives raw logits. */
export type Activation = 'sigmoid' | 'relu';

export type { L1Step, TrainingMethod, TrainingMethodName } from '@memsweep/methods';

/** Everything that decides a trained MLP, given the data and the backend. */
export interface MlpTrainingConfig {
  /** Hidden layer widths, e.g. [500] for 784-500-10. Empty = logistic regression. */
  hidden: number[];
  activation: Activation;
  method: TrainingMethod;
  /** Passes over the training set. */
  epochs: number;
  /** Samples per batch; the last batch of an epoch may be smaller. */
  batchSize: number;
  /** Adam step size α. */
  learningRate: number;
  /** Seed of every training draw: initialization, batch order, drop-connect masks. */
  seed: number;
}

/** Widths of every layer from input to output, e.g. [784, 500, 10]. */
export function layerWidths(features: number, hidden: readonly number[], classes: number): number[] {
  return [features, ...hidden, classes];
}

/**
 * Glorot-uniform weights, W ~ U(−a, a) with a = √(6 / (inputs + outputs)), and zero biases.
 * Layer l draws from the stream keyed ('train', seed, 'init', l), in row-major order.
 */
export function glorotUniformLayers(widths: readonly number[], seed: number): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const inputs = widths[l];
    const outputs = widths[l + 1];
    const limit = Math.sqrt(6 / (inputs + outputs));
    const rng = Rng.of('train', seed, 'init', l);
    const weights = new Float32Array(inputs * outputs);
    for (let i = 0; i < weights.length; i++) weights[i] = (2 * rng.uniform() - 1) * limit;
    layers.push({ inputs, outputs, weights, bias: new Float32Array(outputs) });
  }
  return layers;
}

/** One layer's parameters as tensors: weights `[inputs, outputs]`, bias `[outputs]`. */
export interface LayerTensors {
  weights: Tensor2D;
  bias: Tensor1D;
}

/** Logits `[batch, classes]` of an MLP: activation after every hidden layer, none after the last. */
export function mlpLogits(tf: Tf, x: Tensor2D, layers: readonly LayerTensors[], activation: Activation): Tensor2D {
  let h = x;
  layers.forEach((layer, l) => {
    const z = tf.add(tf.matMul(h, layer.weights), layer.bias) as Tensor2D;
    h = l + 1 < layers.length ? applyActivation(tf, z, activation) : z;
  });
  return h;
}

function applyActivation(tf: Tf, z: Tensor2D, activation: Activation): Tensor2D {
  switch (activation) {
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'relu':
      return tf.relu(z);
  }
}

/** Throws a `RangeError` unless consecutive layers chain (outputs of one = inputs of the next) from `features` to `classes`. */
export function assertLayerChain(layers: readonly DenseLayer[], features: number, classes: number): void {
  if (layers.length === 0) throw new RangeError('network has no layers');
  let width = features;
  layers.forEach((layer, l) => {
    assertDenseLayer(layer, `layer ${l}`);
    if (layer.inputs !== width) throw new RangeError(`layer ${l}: has ${layer.inputs} inputs, expected ${width}`);
    width = layer.outputs;
  });
  if (width !== classes) throw new RangeError(`network ends with ${width} outputs, expected ${classes} classes`);
}
