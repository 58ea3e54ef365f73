/** The column ADC of the bit-sliced model (SPEC §6): b bits over a column of r binary cells, which counts 0…r. */
import type { AdcStep } from './config.js';

/** A compiled ADC transfer: output = step · clamp(round(count/step), 0, topCode), in counts. */
export interface AdcTransfer {
  /** Counts per ADC level (≥ 1 only for 'full-range' with too few bits; else exactly 1). */
  step: number;
  /** The highest code; the largest output is step·topCode (≤ r). */
  topCode: number;
}

/** ⌈log2(r + 1)⌉: the fewest bits that resolve every count 0…r of an r-row column (8 bits for r = 128). */
export function losslessAdcBits(rows: number): number {
  return Math.ceil(Math.log2(rows + 1));
}

/**
 * The transfer of a b-bit ADC on a column of `rows` cells (the tile's physical row count: a partial last tile keeps the
 * ADC designed for the full tile).
 * 'unit': step 1, topCode = min(2^b − 1, r): exact counts up to the top, saturation above.
 * 'full-range': 2^b levels over 0…r, step = max(1, r/(2^b − 1)), topCode = round(r/step); 1 bit reads {0, r}.
 * With b ≥ ⌈log2(r + 1)⌉ both are step 1, topCode r: lossless on integer counts 0…r.
 */
export function adcTransfer(bits: number, rows: number, spacing: AdcStep): AdcTransfer {
  const levels = 2 ** bits;
  if (spacing === 'unit') return { step: 1, topCode: Math.min(levels - 1, rows) };
  const step = Math.max(1, rows / (levels - 1));
  return { step, topCode: Math.round(rows / step) };
}

/**
 * Digitizes one (possibly noisy, real-valued) column count: step·clamp(round(count/step), 0, topCode), rounding half up.
 * Noise that pushes a count below 0 or above the top level is clipped, as a real converter would.
 */
export function digitizeCount(count: number, adc: AdcTransfer): number {
  const code = Math.round(count / adc.step);
  return code > 0 ? adc.step * (code > adc.topCode ? adc.topCode : code) : 0; // clips below 0, and −0 becomes 0
}
