/**
 * Convolutional (and general feed-forward) networks of SPEC §8: a network is plain JSON data (`NetworkSpec`), its
 * parameters plain typed arrays (`NetworkParams`), and the forward pass tf ops on NHWC tensors. Every layer with weights
 * (conv2d, dense) is what a crossbar holds; batch normalization, pooling and activations are digital.
 *
 * Convolutions on crossbars ([C] §II-B): each kernel bank is one crossbar whose rows are the kh·kw·cin inputs of one
 * receptive field (plus the bias row) and whose columns are the cout output channels; the output positions are
 * time-multiplexed (the same array is read once per position). So a conv layer IS a dense (kh·kw·cin) × cout matrix for
 * every crossbar model — `convAsDenseLayer` / `denseLayerAsConv` convert, and tf's [kh, kw, cin, cout] kernel layout
 * flattened row-major is exactly that matrix (row index = (ky·kw + kx)·cin + c, matching tf's patch order).
 */
import { Rng, type DenseLayer } from '@memsweep/crossbar';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from './tf.js';

/** Nonlinearity of a layer; 'none' for the logits layer. */
export type LayerActivation = 'relu' | 'sigmoid' | 'none';

/** One layer of a network. Plain JSON data. */
export type LayerSpec =
  /** Stride-1 2-D convolution, NHWC, kernel `kernelSize` × `kernelSize`; optional batch norm before the activation. */
  | { kind: 'conv2d'; filters: number; kernelSize: number; padding: 'same' | 'valid'; batchNorm: boolean; activation: LayerActivation }
  /** Non-overlapping pooling (window = stride = `size`), 'valid'. */
  | { kind: 'pool'; mode: 'max' | 'average'; size: number }
  | { kind: 'flatten' }
  /** Fully connected; optional batch norm before the activation. */
  | { kind: 'dense'; units: number; batchNorm: boolean; activation: LayerActivation };

/** A feed-forward network. The last layer must be dense with activation 'none' and `classes` units (the logits). */
export interface NetworkSpec {
  kind: 'network';
  /** Preset name or free label, recorded with results. */
  name: string;
  /** Input [height, width, channels]; samples are stored channels-last (h, w, c) in `Dataset.x`. */
  inputShape: [number, number, number];
  classes: number;
  layers: LayerSpec[];
}

/** Batch-norm parameters of one layer (per channel / unit). */
export interface BatchNormParams {
  gamma: Float32Array;
  beta: Float32Array;
  /** Running mean used at inference. */
  movingMean: Float32Array;
  /** Running variance used at inference. */
  movingVariance: Float32Array;
}

/** Parameters of one layer: `weights` is the conv kernel [kh, kw, cin, cout] or the dense matrix [in, out], row-major. */
export interface LayerParams {
  weights: Float32Array;
  bias: Float32Array;
  batchNorm?: BatchNormParams;
}

/** Parameters of a network: one entry per spec layer, null for layers without parameters. */
export interface NetworkParams {
  layers: (LayerParams | null)[];
}

/** ε of batch normalization (Keras' default). */
export const BATCH_NORM_EPSILON = 1e-3;

/** Shape bookkeeping: the input shape each layer sees and, for weight layers, their weight shape. */
export interface LayerGeometry {
  /** [h, w, c] for spatial inputs, [features] after flatten / dense. */
  inputShape: number[];
  outputShape: number[];
  /** conv: [kh, kw, cin, cout]; dense: [in, out]; null otherwise. */
  weightShape: number[] | null;
}

/** Per-layer shapes; throws a `RangeError` naming the layer if the spec does not chain. */
export function networkGeometry(spec: NetworkSpec): LayerGeometry[] {
  let shape: number[] = [...spec.inputShape];
  const out: LayerGeometry[] = [];
  spec.layers.forEach((layer, l) => {
    const where = `${spec.name} layer ${l} (${layer.kind})`;
    const inputShape = shape;
    let weightShape: number[] | null = null;
    switch (layer.kind) {
      case 'conv2d': {
        if (shape.length !== 3) throw new RangeError(`${where}: needs a spatial input, got [${shape.join(', ')}]`);
        const [h, w, c] = shape;
        const shrink = layer.padding === 'valid' ? layer.kernelSize - 1 : 0;
        if (h - shrink < 1 || w - shrink < 1) throw new RangeError(`${where}: kernel ${layer.kernelSize} does not fit a ${h}×${w} input`);
        weightShape = [layer.kernelSize, layer.kernelSize, c, layer.filters];
        shape = [h - shrink, w - shrink, layer.filters];
        break;
      }
      case 'pool': {
        if (shape.length !== 3) throw new RangeError(`${where}: needs a spatial input`);
        const [h, w, c] = shape;
        if (h < layer.size || w < layer.size) throw new RangeError(`${where}: window ${layer.size} does not fit ${h}×${w}`);
        shape = [Math.floor(h / layer.size), Math.floor(w / layer.size), c];
        break;
      }
      case 'flatten':
        shape = [shape.reduce((p, d) => p * d, 1)];
        break;
      case 'dense':
        if (shape.length !== 1) throw new RangeError(`${where}: needs a flat input (add a flatten layer)`);
        weightShape = [shape[0], layer.units];
        shape = [layer.units];
        break;
    }
    out.push({ inputShape, outputShape: shape, weightShape });
  });
  const last = spec.layers[spec.layers.length - 1];
  if (!last || last.kind !== 'dense' || last.activation !== 'none' || last.units !== spec.classes || last.batchNorm) {
    throw new RangeError(`${spec.name}: the last layer must be dense with ${spec.classes} units, no batch norm and activation 'none' (the logits)`);
  }
  return out;
}

/** Input features per sample: h·w·c. */
export function inputFeatures(spec: NetworkSpec): number {
  return spec.inputShape[0] * spec.inputShape[1] * spec.inputShape[2];
}

/**
 * Glorot-uniform weights (fan-in kh·kw·cin, fan-out kh·kw·cout for convolutions), zero biases, batch norm γ = 1, β = 0,
 * running mean 0 and variance 1. Layer l draws from ('train', seed, 'init', l).
 */
export function initNetworkParams(spec: NetworkSpec, seed: number): NetworkParams {
  const geometry = networkGeometry(spec);
  return {
    layers: spec.layers.map((layer, l) => {
      const shape = geometry[l].weightShape;
      if (!shape || (layer.kind !== 'conv2d' && layer.kind !== 'dense')) return null;
      const receptive = shape.length === 4 ? shape[0] * shape[1] : 1;
      const fanIn = receptive * shape[shape.length - 2];
      const fanOut = receptive * shape[shape.length - 1];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const rng = Rng.of('train', seed, 'init', l);
      const weights = new Float32Array(shape.reduce((p, d) => p * d, 1));
      for (let i = 0; i < weights.length; i++) weights[i] = (2 * rng.uniform() - 1) * limit;
      const units = shape[shape.length - 1];
      const params: LayerParams = { weights, bias: new Float32Array(units) };
      if (layer.batchNorm) {
        params.batchNorm = { gamma: new Float32Array(units).fill(1), beta: new Float32Array(units), movingMean: new Float32Array(units), movingVariance: new Float32Array(units).fill(1) };
      }
      return params;
    }),
  };
}

/** A weight layer's tensors as the forward pass uses them. */
export interface LayerTensorSet {
  weights: Tensor;
  bias: Tensor1D;
  gamma?: Tensor1D;
  beta?: Tensor1D;
  movingMean?: Tensor1D;
  movingVariance?: Tensor1D;
}

/** Batch statistics a training-mode forward pass saw, per batch-norm layer (index = spec layer). */
export type BatchStatistics = Map<number, { mean: Tensor1D; variance: Tensor1D }>;

/**
 * How a forward pass computes convolutions: 'native' (`conv2dNative`: the backend's conv2d kernel, ~14× faster than
 * the matMul form on wasm for a 3×3×16→16 layer) or 'matmul' (`conv2dAsMatMul`, the reference). Both are
 * differentiable on every backend and agree up to float rounding.
 */
export type ConvolutionKernel = 'matmul' | 'native';

/**
 * Logits [batch, classes] for NHWC inputs. `mode` 'train' normalizes with the batch's statistics and records them in
 * `statistics` (when given); 'inference' uses the running statistics.
 */
export function networkLogits(
  tf: Tf,
  spec: NetworkSpec,
  x: Tensor4D,
  tensors: readonly (LayerTensorSet | null)[],
  mode: 'train' | 'inference',
  statistics?: BatchStatistics,
  convolution: ConvolutionKernel = 'native',
): Tensor2D {
  const convolve = (input: Tensor4D, kernel: Tensor4D, padding: 'same' | 'valid') =>
    convolution === 'native' ? conv2dNative(tf, input, kernel, padding) : conv2dAsMatMul(tf, input, kernel, padding);
  let h: Tensor = x;
  spec.layers.forEach((layer, l) => {
    const t = tensors[l];
    switch (layer.kind) {
      case 'conv2d':
      case 'dense': {
        if (!t) throw new RangeError(`${spec.name} layer ${l}: missing parameters`);
        let z: Tensor =
          layer.kind === 'conv2d' ? tf.add(convolve(h as Tensor4D, t.weights as Tensor4D, layer.padding), t.bias) : tf.add(tf.matMul(h as Tensor2D, t.weights as Tensor2D), t.bias);
        if (layer.batchNorm) z = batchNorm(tf, z, t, mode, layer.kind === 'conv2d' ? [0, 1, 2] : [0], statistics, l);
        h = activate(tf, z, layer.activation);
        break;
      }
      case 'pool':
        h = pool(tf, h as Tensor4D, layer.size, layer.mode);
        break;
      case 'flatten':
        h = tf.reshape(h, [h.shape[0], -1]);
        break;
    }
  });
  return h as Tensor2D;
}

/**
 * Stride-1 convolution as the crossbar computes it ([C] §II-B): every receptive field, flattened in (ky, kx, c) order,
 * times the (kh·kw·cin) × cout kernel matrix. Built from pad / slice / concat / matMul only, whose gradients every tfjs
 * backend has (the wasm backend has no Conv2DBackpropFilter kernel). Equal to tf.conv2d up to float rounding.
 */
export function conv2dAsMatMul(tf: Tf, x: Tensor4D, kernel: Tensor4D, padding: 'same' | 'valid'): Tensor4D {
  const [kh, kw, cin, cout] = kernel.shape;
  const { patches, outH, outW } = im2colTensor(tf, x, kh, kw, padding);
  const flat = tf.matMul(patches, tf.reshape(kernel, [kh * kw * cin, cout]));
  return tf.reshape(flat, [x.shape[0], outH, outW, cout]) as Tensor4D;
}

/** Zero padding of a 'same' convolution (tf's convention): ⌊(k−1)/2⌋ before, ⌈(k−1)/2⌉ after, in height and width. */
function padSame(tf: Tf, x: Tensor4D, kh: number, kw: number): Tensor4D {
  return tf.pad(x, [[0, 0], [Math.floor((kh - 1) / 2), Math.ceil((kh - 1) / 2)], [Math.floor((kw - 1) / 2), Math.ceil((kw - 1) / 2)], [0, 0]]);
}

/** The receptive fields of a stride-1 convolution as rows [batch·outH·outW, kh·kw·cin], in (ky, kx, c) order. */
function im2colTensor(tf: Tf, x: Tensor4D, kh: number, kw: number, padding: 'same' | 'valid'): { patches: Tensor2D; outH: number; outW: number } {
  const [batch, height, width, cin] = x.shape;
  const padded = padding === 'same' ? padSame(tf, x, kh, kw) : x;
  const outH = padding === 'same' ? height : height - kh + 1;
  const outW = padding === 'same' ? width : width - kw + 1;
  const slices: Tensor[] = [];
  for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) slices.push(tf.slice(padded, [0, ky, kx, 0], [batch, outH, outW, cin]));
  const columns = slices.length === 1 ? slices[0] : tf.concat(slices, 3);
  return { patches: tf.reshape(columns, [batch * outH * outW, kh * kw * cin]) as Tensor2D, outH, outW };
}

/**
 * Stride-1 convolution by the backend's conv2d kernel, with a gradient every backend can take: ∂x by the transposed
 * convolution (Conv2DBackpropInput), ∂kernel as a forward conv2d of the transposed input and ∂y (the wasm backend has no
 * Conv2DBackpropFilter). Same values and gradients as `conv2dAsMatMul` up to float rounding (network-deploy.spec.ts);
 * on wasm a vgg-small [16, 32] training step (batch 64) measured ~3.7× faster than the matMul form.
 */
export function conv2dNative(tf: Tf, x: Tensor4D, kernel: Tensor4D, padding: 'same' | 'valid'): Tensor4D {
  const convolve = tf.customGrad((input, filter, save) => {
    const xs = input as Tensor4D;
    const ks = filter as Tensor4D;
    (save as unknown as (tensors: Tensor[]) => void)([xs, ks]);
    return {
      value: tf.conv2d(xs, ks, 1, padding),
      gradFunc: (dy, saved) => {
        const [savedX, savedK] = saved as [Tensor4D, Tensor4D];
        const [kh, kw] = savedK.shape;
        const dy4 = dy as Tensor4D;
        const dx = tf.conv2dTranspose(dy4, savedK, savedX.shape, 1, padding);
        // ∂kernel[ky, kx, c, o] = Σ_{b, y, x} x_pad[b, y + ky, x + kx, c]·∂y[b, y, x, o]: a 'valid' convolution of the
        // padded input (batch as channels) with ∂y (batch as input channels) as the filter.
        const padded = padding === 'same' ? padSame(tf, savedX, kh, kw) : savedX;
        const dkT = tf.conv2d(tf.transpose(padded, [3, 1, 2, 0]) as Tensor4D, tf.transpose(dy4, [1, 2, 0, 3]) as Tensor4D, 1, 'valid');
        const dk = tf.transpose(dkT, [1, 2, 0, 3]);
        return [dx, dk];
      },
    };
  });
  return convolve(x, kernel) as Tensor4D;
}

/** Non-overlapping pooling by reshape + reduce (differentiable on every backend); trailing rows/columns are dropped. */
function pool(tf: Tf, x: Tensor4D, size: number, mode: 'max' | 'average'): Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const outH = Math.floor(height / size);
  const outW = Math.floor(width / size);
  const cropped = outH * size === height && outW * size === width ? x : tf.slice(x, [0, 0, 0, 0], [batch, outH * size, outW * size, channels]);
  const blocks = tf.reshape(cropped, [batch, outH, size, outW, size, channels]);
  return (mode === 'max' ? tf.max(blocks, [2, 4]) : tf.mean(blocks, [2, 4])) as Tensor4D;
}

function batchNorm(tf: Tf, z: Tensor, t: LayerTensorSet, mode: 'train' | 'inference', axes: number[], statistics: BatchStatistics | undefined, l: number): Tensor {
  if (!t.gamma || !t.beta || !t.movingMean || !t.movingVariance) throw new RangeError(`layer ${l}: batch norm parameters missing`);
  let mean: Tensor = t.movingMean;
  let variance: Tensor = t.movingVariance;
  if (mode === 'train') {
    const moments = tf.moments(z, axes);
    mean = moments.mean;
    variance = moments.variance;
    statistics?.set(l, { mean: mean as Tensor1D, variance: variance as Tensor1D });
  }
  return tf.add(tf.mul(tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, BATCH_NORM_EPSILON))), t.gamma), t.beta);
}

function activate(tf: Tf, z: Tensor, activation: LayerActivation): Tensor {
  return activation === 'relu' ? tf.relu(z) : activation === 'sigmoid' ? tf.sigmoid(z) : z;
}

/** Uploads parameters (the caller disposes, e.g. inside `tf.tidy`). */
export function uploadNetworkParams(tf: Tf, spec: NetworkSpec, params: NetworkParams): (LayerTensorSet | null)[] {
  const geometry = networkGeometry(spec);
  return params.layers.map((p, l) => {
    const shape = geometry[l].weightShape;
    if (!p || !shape) return null;
    const set: LayerTensorSet = { weights: tf.tensor(p.weights, shape), bias: tf.tensor1d(p.bias) };
    if (p.batchNorm) {
      set.gamma = tf.tensor1d(p.batchNorm.gamma);
      set.beta = tf.tensor1d(p.batchNorm.beta);
      set.movingMean = tf.tensor1d(p.batchNorm.movingMean);
      set.movingVariance = tf.tensor1d(p.batchNorm.movingVariance);
    }
    return set;
  });
}

/** Whether spec layer l is a convolution with a 1×1 kernel ([X §II-C]: run fault-free, no drop-connect). */
export function isPointwiseConv(layer: LayerSpec): boolean {
  return layer.kind === 'conv2d' && layer.kernelSize === 1;
}

/**
 * The crossbar matrix of a weight layer ([C] §II-B): conv kernel [kh, kw, cin, cout] → dense (kh·kw·cin) × cout, dense
 * unchanged; the bias is the extra row every crossbar model adds. Arrays are shared, not copied.
 */
export function convAsDenseLayer(params: LayerParams, weightShape: readonly number[]): DenseLayer {
  const outputs = weightShape[weightShape.length - 1];
  return { inputs: params.weights.length / outputs, outputs, weights: params.weights, bias: params.bias };
}

/** Inverse of `convAsDenseLayer`: a deployed (perturbed) crossbar matrix back into the layer's params (BN kept). */
export function denseLayerAsConv(layer: DenseLayer, original: LayerParams): LayerParams {
  if (layer.weights.length !== original.weights.length || layer.bias.length !== original.bias.length) {
    throw new RangeError(`denseLayerAsConv: ${layer.inputs}×${layer.outputs} does not match the layer's ${original.weights.length} weights`);
  }
  return { ...original, weights: layer.weights, bias: layer.bias };
}

/**
 * The crossbar layers of a network (every conv / dense, in order) for the chip models, with their spec indices.
 * `includePointwise: false` leaves out 1×1 convolutions, which [X] runs fault-free on the host. @default false
 */
export function crossbarLayers(spec: NetworkSpec, params: NetworkParams, includePointwise = false): { index: number; layer: DenseLayer }[] {
  const geometry = networkGeometry(spec);
  const out: { index: number; layer: DenseLayer }[] = [];
  spec.layers.forEach((layer, l) => {
    const p = params.layers[l];
    const shape = geometry[l].weightShape;
    if (!p || !shape) return;
    if (isPointwiseConv(layer) && !includePointwise) return;
    out.push({ index: l, layer: convAsDenseLayer(p, shape) });
  });
  return out;
}

/** A copy of `params` with the given crossbar layers (e.g. deployed on a chip) put back in place. */
export function withCrossbarLayers(params: NetworkParams, deployed: readonly { index: number; layer: DenseLayer }[]): NetworkParams {
  const layers = params.layers.slice();
  for (const { index, layer } of deployed) {
    const original = layers[index];
    if (!original) throw new RangeError(`withCrossbarLayers: layer ${index} has no parameters`);
    layers[index] = denseLayerAsConv(layer, original);
  }
  return { layers };
}
