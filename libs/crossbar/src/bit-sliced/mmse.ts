/**
 * MMSE early denoising, [Y] eq. 4–6 (SPEC §6): a column count is pulled toward its prior mean in proportion to how
 * noisy it is, then rounded to the nearest natural number.
 */
import type { BitSlicedConfig, MmseVarianceModel } from './config.js';
import type { BitCells } from './mapping.js';
import { quantizeInputVector } from './quantize.js';

/**
 * The offline statistics eq. 4 needs, estimated from a batch of training inputs and the mapped cells
 * (`estimateMmseStatistics`). All are fractions in [0, 1].
 */
export interface MmseStatistics {
  /** p_{1,v}: fraction of ones in the input bit-planes V (all planes, all rows including the bias row). */
  inputOnesFraction: number;
  /** p_{1,g} of the positive crossbar G₊. */
  positiveOnesFraction: number;
  /** p_{1,g} of the negative crossbar G₋ (eq. 4 is applied to each crossbar "in the same fashion"). */
  negativeOnesFraction: number;
}

/** Eq. 4 compiled for one crossbar and tile height: Ĵ = round(gain·J_n + offset), never below 0. */
export interface MmseCoefficients {
  /** σ_j²/(σ_j² + σ_n²), dimensionless; 1 when both variances are 0. */
  gain: number;
  /** σ_n²/(σ_j² + σ_n²)·E[J], in counts; 0 when both variances are 0. */
  offset: number;
}

/**
 * E[j] = r·p_v·p_g ([Y] eq. 5) and σ_j² ([Y] eq. 6 as printed, r²·p(1 − p), or the binomial r·p(1 − p), p = p_v·p_g).
 * @param rows r: rows of the tile that carry the layer (a partial last tile has fewer than the tile height)
 */
export function columnCountMoments(rows: number, inputOnesFraction: number, cellOnesFraction: number, model: MmseVarianceModel): { mean: number; variance: number } {
  const p = inputOnesFraction * cellOnesFraction;
  const mean = rows * p;
  const variance = (model === 'yu-eq6' ? rows * rows : rows) * p * (1 - p);
  return { mean, variance };
}

/** Eq. 4's constant coefficients for one crossbar and tile (computed offline, [Y] §III-A). σ_n² in counts². */
export function mmseCoefficients(moments: { mean: number; variance: number }, noiseVariance: number): MmseCoefficients {
  const total = moments.variance + noiseVariance;
  if (total === 0) return { gain: 1, offset: 0 };
  return { gain: moments.variance / total, offset: (noiseVariance / total) * moments.mean };
}

/** Ĵ_h: eq. 4 then the hard decision to the closest natural number (0, 1, 2, …; half rounds up). */
export function mmseDenoise(count: number, coefficients: MmseCoefficients): number {
  const estimate = Math.round(coefficients.gain * count + coefficients.offset);
  return estimate > 0 ? estimate : 0; // also turns −0 into 0
}

/** Fraction of ones in a 0/1 array; 0 for an empty one. */
function onesFraction(cells: Uint8Array): number {
  let ones = 0;
  for (let i = 0; i < cells.length; i++) ones += cells[i];
  return cells.length === 0 ? 0 : ones / cells.length;
}

/** Fraction of ones over the low `bits` bits of N-bit two's-complement / unsigned codes. */
export function codeBitOnesFraction(codes: ArrayLike<number>, bits: number): number {
  let ones = 0;
  const modulus = 2 ** bits;
  for (let i = 0; i < codes.length; i++) {
    let word = ((codes[i] % modulus) + modulus) % modulus; // two's complement of a negative code
    while (word > 0) {
      ones += word % 2;
      word = Math.floor(word / 2);
    }
  }
  return codes.length === 0 ? 0 : ones / (codes.length * bits);
}

/**
 * Estimates p_v and p_g offline ([Y] §III-A): p_v is the fraction of ones over every bit-plane of a batch of inputs
 * (row-major `batch × (cells.rows − 1)`, quantized as the forward pass does, bias input included); p_g is the fraction
 * of ones of each crossbar in `cells` — pass the cells as mapped (fault-free: what the designer knows before deployment).
 */
export function estimateMmseStatistics(
  inputs: Float32Array,
  cells: BitCells,
  config: Pick<BitSlicedConfig, 'inputBits' | 'inputEncoding' | 'inputFullScale'>,
): MmseStatistics {
  const width = cells.rows - 1;
  if (width <= 0 ? inputs.length !== 0 : inputs.length % width !== 0) {
    throw new RangeError(`estimateMmseStatistics: inputs has ${inputs.length} values, not a multiple of the layer's ${width} inputs`);
  }
  const batch = width === 0 ? 0 : inputs.length / width;
  let ones = 0;
  for (let s = 0; s < batch; s++) ones += codeBitOnesFraction(quantizeInputVector(inputs, s * width, width, config).codes, config.inputBits);
  return {
    inputOnesFraction: batch === 0 ? 0 : ones / batch,
    positiveOnesFraction: onesFraction(cells.positive),
    negativeOnesFraction: onesFraction(cells.negative),
  };
}
