/**
 * Convolutions on crossbars, as [C] §II-B maps them: "each filter bank is represented by a crossbar of equivalent size.
 * The input to the crossbar is a subset of the image being sampled by the kernel. Each element of the output map is
 * calculated through time multiplexing of the outputs from a particular crossbar for different subsets of the image."
 *
 * So a stride-1 conv layer with a kh × kw kernel, cin input and cout output channels is ONE crossbar of
 * kh·kw·cin + 1 rows (the receptive field flattened in (ky, kx, c) order, plus the bias row driven by a constant 1) and
 * cout columns — a `DenseLayer` — tiled by the crossbar size like any dense layer. The same (faulty) array is read once
 * per output position (im2col patch), so one chip draw per kernel bank serves every position; every deployment model
 * that folds a layer into effective weights (weight-level, analog without per-read noise) therefore gives the deployed
 * conv layer as the ideal conv with the effective kernel.
 *
 * Batch normalization is folded into the crossbar at inference (the usual practice for analog inference): column j's
 * weights and bias are scaled by γ_j/√(var_j + ε) and β_j − mean_j·γ_j/√(var_j + ε) is added to its bias.
 */
import type { DenseLayer } from '../layer.js';
import { assertDenseLayer } from '../layer.js';

/** Shape of one stride-1 conv layer (NHWC activations). */
export interface ConvShape {
  /** Input height and width in pixels. */
  inputHeight: number;
  inputWidth: number;
  /** Input channels cin. */
  inputChannels: number;
  /** Square kernel side k (kh = kw = k). */
  kernelSize: number;
  /** Output channels cout (= crossbar columns). */
  outputChannels: number;
  /** 'same' zero-pads by ⌊(k−1)/2⌋ before and ⌈(k−1)/2⌉ after; 'valid' does not pad. */
  padding: 'same' | 'valid';
}

/** Output height and width of a conv layer. */
export function convOutputSize(shape: ConvShape): { height: number; width: number } {
  const shrink = shape.padding === 'valid' ? shape.kernelSize - 1 : 0;
  return { height: shape.inputHeight - shrink, width: shape.inputWidth - shrink };
}

/** Rows of the kernel bank's crossbar without the bias row: k·k·cin. */
export function convCrossbarRows(shape: ConvShape): number {
  return shape.kernelSize * shape.kernelSize * shape.inputChannels;
}

/**
 * The crossbar of a conv layer's kernel bank: kernel [k, k, cin, cout] row-major (tf's layout) is exactly the
 * (k·k·cin) × cout matrix, row (ky·k + kx)·cin + c. Arrays are shared, not copied.
 */
export function convKernelAsCrossbar(kernel: Float32Array, bias: Float32Array, shape: ConvShape): DenseLayer {
  const layer = { inputs: convCrossbarRows(shape), outputs: shape.outputChannels, weights: kernel, bias };
  assertDenseLayer(layer, `conv ${shape.kernelSize}×${shape.kernelSize}×${shape.inputChannels}→${shape.outputChannels} kernel bank`);
  return layer;
}

/** Per-channel inference batch normalization y = γ·(z − mean)/√(variance + ε) + β. */
export interface BatchNormFold {
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  /** ε added to the variance (dimensionless, > 0). */
  epsilon: number;
}

/**
 * A crossbar layer with batch norm folded into its columns: W'[:, j] = s_j·W[:, j], b'_j = s_j·(b_j − mean_j) + β_j with
 * s_j = γ_j/√(var_j + ε). The result computes BN(xW + b) exactly (up to float rounding). Inputs are not mutated.
 */
export function foldBatchNorm(layer: DenseLayer, bn: BatchNormFold): DenseLayer {
  const { inputs, outputs } = layer;
  for (const [name, a] of [['gamma', bn.gamma], ['beta', bn.beta], ['mean', bn.mean], ['variance', bn.variance]] as const) {
    if (a.length !== outputs) throw new RangeError(`foldBatchNorm: ${name} has ${a.length} entries, the layer has ${outputs} columns`);
  }
  if (!(bn.epsilon > 0)) throw new RangeError(`foldBatchNorm: epsilon must be > 0, got ${bn.epsilon}`);
  const scale = Float64Array.from(bn.gamma, (g, j) => g / Math.sqrt(bn.variance[j] + bn.epsilon));
  const weights = new Float32Array(layer.weights.length);
  for (let i = 0; i < inputs; i++) for (let j = 0; j < outputs; j++) weights[i * outputs + j] = layer.weights[i * outputs + j] * scale[j];
  const bias = Float32Array.from(layer.bias, (b, j) => scale[j] * (b - bn.mean[j]) + bn.beta[j]);
  return { inputs, outputs, weights, bias };
}

/**
 * The im2col patches of a batch of NHWC inputs: one row of k·k·cin values per output position, in (ky, kx, c) order,
 * zeros where a 'same' kernel overhangs the image. Returns `batch·outH·outW × k·k·cin`, row-major.
 */
export function im2colPatches(input: Float32Array, shape: ConvShape): Float32Array {
  const { inputHeight: h, inputWidth: w, inputChannels: cin, kernelSize: k } = shape;
  const plane = h * w * cin;
  if (input.length % plane !== 0) throw new RangeError(`im2colPatches: ${input.length} values is not a whole number of ${h}×${w}×${cin} images`);
  const batch = input.length / plane;
  const { height: outH, width: outW } = convOutputSize(shape);
  const top = shape.padding === 'same' ? Math.floor((k - 1) / 2) : 0;
  const rows = convCrossbarRows(shape);
  const out = new Float32Array(batch * outH * outW * rows);
  let at = 0;
  for (let s = 0; s < batch; s++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ky = 0; ky < k; ky++) {
          const y = oy + ky - top;
          for (let kx = 0; kx < k; kx++) {
            const x = ox + kx - top;
            if (y >= 0 && y < h && x >= 0 && x < w) out.set(input.subarray(s * plane + (y * w + x) * cin, s * plane + (y * w + x + 1) * cin), at);
            at += cin;
          }
        }
      }
    }
  }
  return out;
}

/**
 * A conv layer evaluated the way the hardware does it ([C] §II-B): every im2col patch is applied to the kernel bank's
 * crossbar `readCrossbar` (one time-multiplexed read per output position; `readCrossbar` maps a batch of row-major
 * patch vectors to the column outputs, e.g. `denseForward` of a deployed layer). Returns NHWC pre-activations
 * `batch × outH × outW × cout`.
 */
export function convOnCrossbar(input: Float32Array, shape: ConvShape, readCrossbar: (patches: Float32Array) => Float32Array): Float32Array {
  const patches = im2colPatches(input, shape);
  const out = readCrossbar(patches);
  const positions = patches.length / convCrossbarRows(shape);
  if (out.length !== positions * shape.outputChannels) throw new RangeError(`convOnCrossbar: crossbar returned ${out.length} outputs for ${positions} patches × ${shape.outputChannels} columns`);
  return out;
}
