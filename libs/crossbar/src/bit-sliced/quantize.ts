/**
 * Quantization of weights and inputs for the bit-sliced model (SPEC §2.4). Both become integer codes; the crossbar then
 * computes Σ code_x·code_w exactly when it is ideal, and the float output is that sum times weightStep·inputStep.
 */
import { assertDenseLayer, type DenseLayer } from '../layer.js';
import { augmentedMaxAbs } from '../weight-level/perturb.js';
import type { BitSlicedConfig } from './config.js';

/**
 * A layer's weights as signed N_w-bit sign-magnitude codes, bias included as the last row (the bias row is driven by a
 * constant input of 1, SPEC §1). Code (i, j) is at `i * outputs + j`; rows = inputs + 1.
 */
export interface QuantizedWeights {
  /** Crossbar rows: the layer's inputs + 1 bias row (the last). */
  rows: number;
  /** Outputs (one group of N_w columns each). */
  outputs: number;
  /** Signed codes q with |q| ≤ 2^N_w − 1; Q(w) = q·weightStep. */
  codes: Int32Array;
  /** Weight units per code step: w_max/(2^N_w − 1), w_max = max |w| over weights and bias (0 for an all-zero layer). */
  weightStep: number;
}

/**
 * Q(W) [Y] eq. 2: |w| is rounded to the nearest of 2^N_w levels 0…2^N_w − 1 over [0, w_max] (symmetric, round half
 * away from zero), the sign kept apart. w_max is the layer's max |w| over weights and bias, so the largest weight uses
 * the top code.
 */
export function quantizeLayerWeights(layer: DenseLayer, weightBits: number): QuantizedWeights {
  assertDenseLayer(layer);
  const rows = layer.inputs + 1;
  const top = 2 ** weightBits - 1;
  const wMax = augmentedMaxAbs(layer);
  const codes = new Int32Array(rows * layer.outputs);
  if (wMax > 0) {
    const scale = top / wMax;
    const quantize = (w: number): number => Math.sign(w) * Math.min(top, Math.round(Math.abs(w) * scale));
    for (let i = 0; i < layer.weights.length; i++) codes[i] = quantize(layer.weights[i]);
    const biasOffset = layer.inputs * layer.outputs;
    for (let j = 0; j < layer.outputs; j++) codes[biasOffset + j] = quantize(layer.bias[j]);
  }
  return { rows, outputs: layer.outputs, codes, weightStep: wMax > 0 ? wMax / top : 0 };
}

/** One input vector as integer codes, the bias input last. */
export interface QuantizedInput {
  /** Codes of the inputs then of the bias input 1; length inputs + 1. Unsigned or signed per the encoding. */
  codes: Int32Array;
  /** Input units per code step: x_fs/(2^N_i − 1) unsigned, x_fs/(2^(N_i−1) − 1) two's complement. */
  inputStep: number;
}

/** The largest code of the encoding: 2^N_i − 1 unsigned, 2^(N_i−1) − 1 two's complement. */
export function topInputCode(config: Pick<BitSlicedConfig, 'inputBits' | 'inputEncoding'>): number {
  return config.inputEncoding === 'unsigned' ? 2 ** config.inputBits - 1 : 2 ** (config.inputBits - 1) - 1;
}

/**
 * Quantizes input vector `inputs[offset … offset + count)` and the bias input 1 (SPEC §2.4, encodings in `InputEncoding`).
 * Full scale x_fs = config.inputFullScale, or max(1, max |x|) over this vector when null. code = round(x/x_fs·top)
 * (half away from zero), clipped to ±top. 'unsigned' throws a `RangeError` on a negative input.
 */
export function quantizeInputVector(
  inputs: Float32Array,
  offset: number,
  count: number,
  config: Pick<BitSlicedConfig, 'inputBits' | 'inputEncoding' | 'inputFullScale'>,
): QuantizedInput {
  const top = topInputCode(config);
  let fullScale = config.inputFullScale ?? 1;
  if (config.inputFullScale === null) {
    for (let i = 0; i < count; i++) fullScale = Math.max(fullScale, Math.abs(inputs[offset + i]));
  }
  const scale = top / fullScale;
  const codes = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) {
    const x = inputs[offset + i];
    if (config.inputEncoding === 'unsigned' && x < 0) {
      throw new RangeError(`bit-sliced input ${i} of the vector at offset ${offset} is ${x} < 0: 'unsigned' encoding takes x >= 0 (use 'twos-complement')`);
    }
    if (Number.isNaN(x)) throw new RangeError(`bit-sliced input ${i} of the vector at offset ${offset} is NaN`);
    codes[i] = Math.sign(x) * Math.min(top, Math.round(Math.abs(x) * scale));
  }
  codes[count] = Math.min(top, Math.round(scale)); // the bias input 1
  return { codes, inputStep: fullScale / top };
}
