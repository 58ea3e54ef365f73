/**
 * The column pipeline of the bit-sliced model as plain data (SPEC §2.4, §4, §6): everything `runBitSlicedTotals` has
 * prepared for one batch — input codes, the packed crossbars, σ_n, the ADC transfer, MMSE coefficients — and the
 * JavaScript engine that runs it. A native twin (@memsweep/kernels) runs the same job bit for bit; the worker picks it.
 */
import type { AdcTransfer } from './adc.js';
import { digitizeCount } from './adc.js';
import { mmseDenoise } from './mmse.js';
import { popcount32 } from './packed-tiles.js';
import type { Rng } from '../rng/rng.js';

/** One batch of one bit-sliced layer, ready to count. */
export interface BitSlicedColumnJob {
  /** Samples in the batch. */
  batch: number;
  /** Crossbar rows: the layer's inputs + the bias row. */
  rows: number;
  /** Input codes, row-major `batch × rows` (the bias input last), from `quantizeInputVector`. */
  codes: Int32Array;
  inputBits: number;
  /** 'twos-complement' inputs: the top bit-plane counts −2^(N_i−1). */
  twosComplement: boolean;
  tileRows: number;
  tiles: number;
  wordsPerTile: number;
  /** Columns per crossbar: outputs · weightBits. */
  columns: number;
  /** The packed positive and negative crossbars (`PackedCrossbar.words`). */
  positiveWords: Uint32Array;
  negativeWords: Uint32Array;
  /** σ_n: one `noise.normal()` per column read, scaled by it, when > 0. */
  noiseStd: number;
  /** The ADC transfer, or null for an ideal ADC. */
  adc: AdcTransfer | null;
  /** MMSE coefficients, or null: (gain, offset) of crossbar x (0 positive, 1 negative) and tile t at 2·(x·tiles + t). */
  mmse: Float64Array | null;
  weightBits: number;
  outputs: number;
  /** 1 for an output whose quantized weights and bias are all 0. */
  allZeroOutputs: Uint8Array;
  /** [Y] eq. 11: such outputs read 0. */
  zeroNodeSuppression: boolean;
}

/**
 * Runs a column job; returns f(J₊) − f(J₋) per sample and output (`batch × outputs`, code units), leaving `noise`
 * after the normals it drew (an engine outside JavaScript takes them over with `normalCursor` / `resumeNormals`).
 */
export type BitSlicedColumnEngine = (job: BitSlicedColumnJob, noise: Rng) => Float64Array;

/**
 * The JavaScript engine. Per sample, for every (bit-plane b = 0…N_i−1, tile t, crossbar positive then negative,
 * column c): J = popcount(column ∧ driven rows) + σ_n·z (z = `noise.normal()`, drawn in exactly this order and only when
 * σ_n > 0) → ADC → MMSE → accumulated with weight ±2^b. Then output j = Σ_k 2^(N_w−1−k)·(acc₊ − acc₋)[j·N_w + k], and 0
 * where zero-node suppression applies.
 */
export const runColumnsJs: BitSlicedColumnEngine = (job, noise) => {
  const { batch, rows, codes, inputBits, tileRows, tiles, wordsPerTile, columns, noiseStd, adc, mmse, weightBits, outputs } = job;
  const crossbars = [job.positiveWords, job.negativeWords];
  const accumulators = [new Float64Array(columns), new Float64Array(columns)];
  const plane = new Uint32Array(tiles * wordsPerTile);
  const totals = new Float64Array(batch * outputs);
  const inputModulus = 2 ** inputBits;
  for (let s = 0; s < batch; s++) {
    accumulators[0].fill(0);
    accumulators[1].fill(0);
    for (let b = 0; b < inputBits; b++) {
      plane.fill(0);
      const bitValue = 2 ** b;
      for (let i = 0; i < rows; i++) {
        const code = codes[s * rows + i];
        const word = code < 0 ? code + inputModulus : code;
        if (Math.floor(word / bitValue) % 2 === 1) {
          const tile = Math.floor(i / tileRows);
          const rowInTile = i - tile * tileRows;
          plane[tile * wordsPerTile + (rowInTile >>> 5)] |= 1 << (rowInTile & 31);
        }
      }
      const planeWeight = job.twosComplement && b === inputBits - 1 ? -bitValue : bitValue;
      for (let t = 0; t < tiles; t++) {
        const planeOffset = t * wordsPerTile;
        for (let x = 0; x < 2; x++) {
          const words = crossbars[x];
          const accumulator = accumulators[x];
          const coefficients = mmse ? { gain: mmse[2 * (x * tiles + t)], offset: mmse[2 * (x * tiles + t) + 1] } : null;
          for (let c = 0; c < columns; c++) {
            const columnOffset = (t * columns + c) * wordsPerTile;
            let count = 0;
            for (let w = 0; w < wordsPerTile; w++) {
              const drive = plane[planeOffset + w];
              if (drive !== 0) count += popcount32(words[columnOffset + w] & drive);
            }
            if (noiseStd > 0) count += noiseStd * noise.normal();
            if (adc) count = digitizeCount(count, adc);
            if (coefficients) count = mmseDenoise(count, coefficients);
            accumulator[c] += planeWeight * count;
          }
        }
      }
    }
    const [positive, negative] = accumulators;
    for (let j = 0; j < outputs; j++) {
      if (job.zeroNodeSuppression && job.allZeroOutputs[j] === 1) continue; // [Y] eq. 11: y_j = 0
      let total = 0;
      const base = j * weightBits;
      for (let k = 0; k < weightBits; k++) total = 2 * total + (positive[base + k] - negative[base + k]);
      totals[s * outputs + j] = total;
    }
  }
  return totals;
};
