/**
 * Weights to binary cells, [Y] eq. 2 (traditional) and eq. 7 (bit inversion), SPEC §2.4. A cell holds 1 (high
 * conductance) or 0 (low conductance); the conductance unit is one high-conductance cell.
 */
import type { BitSlicedMapping } from './config.js';
import type { QuantizedWeights } from './quantize.js';

/**
 * The positive and negative crossbars of one layer: `rows × columns` cells each, row-major (cell (i, c) at
 * `i * columns + c`), values 0 or 1. Output j owns columns j·N_w … j·N_w + N_w − 1, most significant bit first: column
 * j·N_w + k holds bit N_w − 1 − k of the magnitude code and has significance 2^(N_w − 1 − k) in shift-and-add.
 */
export interface BitCells {
  /** Crossbar rows: inputs + 1 bias row (the last). */
  rows: number;
  /** Outputs of the layer. */
  outputs: number;
  /** N_w: columns per output. */
  weightBits: number;
  /** outputs · weightBits. */
  columns: number;
  /** G₊ of [Y]. */
  positive: Uint8Array;
  /** G₋ of [Y]. */
  negative: Uint8Array;
}

/**
 * Writes quantized weights to the two crossbars.
 * 'traditional' ([Y] eq. 2): q > 0 → G₊ = Q(|w|), G₋ = 0; q ≤ 0 → G₊ = 0, G₋ = Q(|w|).
 * 'bit-inversion' ([Y] eq. 7): q > 0 → G₊ = all ones, G₋ = ~Q(|w|); q ≤ 0 → G₊ = ~Q(|w|), G₋ = all ones.
 * Bit by bit, 1 − (1 − b) = b for q > 0 and (1 − b) − 1 = −b for q ≤ 0, so G₊ − G₋ is the same signed code under both
 * mappings and the fault-free MVM equals Q(W)ᵀx exactly. (The sign test on the code q equals [Y]'s test on w: a weight
 * that rounds to code 0 gives the same cells under either branch.)
 */
export function mapWeightsToCells(weights: QuantizedWeights, weightBits: number, mapping: BitSlicedMapping): BitCells {
  const { rows, outputs, codes } = weights;
  const columns = outputs * weightBits;
  const positive = new Uint8Array(rows * columns);
  const negative = new Uint8Array(rows * columns);
  const inverted = mapping === 'bit-inversion';
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < outputs; j++) {
      const code = codes[i * outputs + j];
      const magnitude = Math.abs(code);
      const base = i * columns + j * weightBits;
      for (let k = 0; k < weightBits; k++) {
        const bit = Math.floor(magnitude / 2 ** (weightBits - 1 - k)) % 2;
        if (inverted) {
          positive[base + k] = code > 0 ? 1 : 1 - bit;
          negative[base + k] = code > 0 ? 1 - bit : 1;
        } else {
          positive[base + k] = code > 0 ? bit : 0;
          negative[base + k] = code > 0 ? 0 : bit;
        }
      }
    }
  }
  return { rows, outputs, weightBits, columns, positive, negative };
}

/**
 * The signed weight codes the cells actually represent, Σ_k 2^(N_w−1−k)·(G₊ − G₋), row-major rows × outputs. Fault-free
 * cells give back the quantized codes under either mapping; faulty ones give the weights a fault-free, noise-free,
 * ideal-ADC MVM multiplies by.
 */
export function effectiveWeightCodes(cells: BitCells): Float64Array {
  const { rows, outputs, weightBits, columns, positive, negative } = cells;
  const codes = new Float64Array(rows * outputs);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < outputs; j++) {
      let code = 0;
      const base = i * columns + j * weightBits;
      for (let k = 0; k < weightBits; k++) code = 2 * code + positive[base + k] - negative[base + k];
      codes[i * outputs + j] = code;
    }
  }
  return codes;
}
