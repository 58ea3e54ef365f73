import { describe, expect, it } from 'vitest';
import { Rng } from '../rng/rng.js';
import { adcTransfer, digitizeCount, losslessAdcBits } from './adc.js';
import { bitSlicedConfig } from './config.js';
import { bitSlicedReference, deployBitSlicedLayer, runBitSliced } from './forward.js';

describe('ADC (SPEC §6)', () => {
  it('⌈log2(r + 1)⌉ bits are lossless on counts 0…r; one bit fewer is not (both level spacings)', () => {
    expect(losslessAdcBits(128)).toBe(8);
    expect(losslessAdcBits(127)).toBe(7);
    for (const rows of [1, 2, 7, 8, 100, 127, 128, 255, 256]) {
      for (const spacing of ['unit', 'full-range'] as const) {
        const bits = losslessAdcBits(rows);
        const lossless = adcTransfer(bits, rows, spacing);
        for (let count = 0; count <= rows; count++) expect(digitizeCount(count, lossless)).toBe(count);
        if (bits > 1) {
          const coarse = adcTransfer(bits - 1, rows, spacing);
          const exact = Array.from({ length: rows + 1 }, (_, count) => digitizeCount(count, coarse) === count);
          expect(exact.every(Boolean), `${rows} rows, ${bits - 1} bits, ${spacing}`).toBe(false);
        }
      }
    }
  });

  it('follows the documented rules: unit steps saturate, full-range levels are k·r/(2^b − 1); noise clips at 0 and the top', () => {
    const unit3 = adcTransfer(3, 128, 'unit');
    expect([0, 3, 6.6, 7, 8, 128].map((c) => digitizeCount(c, unit3))).toEqual([0, 3, 7, 7, 7, 7]);
    const full1 = adcTransfer(1, 128, 'full-range');
    expect([0, 63.9, 64, 128].map((c) => digitizeCount(c, full1))).toEqual([0, 0, 128, 128]);
    const full3 = adcTransfer(3, 14, 'full-range'); // step 2
    expect([0, 0.9, 1, 2.9, 3, 14, 20].map((c) => digitizeCount(c, full3))).toEqual([0, 0, 2, 2, 4, 14, 14]);
    const lossless = adcTransfer(8, 128, 'unit');
    expect([-0.7, -0.2, 128.4, 128.6, 131].map((c) => digitizeCount(c, lossless))).toEqual([0, 0, 128, 128, 128]);
  });

  it('in the pipeline: an all-ones input with BI reaches count 128 on a 128-row tile, 8 bits are exact and 7 are not', () => {
    const layer = { inputs: 127, outputs: 3, weights: new Float32Array(127 * 3).fill(0.25), bias: new Float32Array(3).fill(0.25) };
    layer.weights[5] = -1; // w_max = 1
    const inputs = new Float32Array(127).fill(1); // every plane drives all 128 rows (bias row included)
    const reference = bitSlicedReference(layer, inputs, bitSlicedConfig());
    const run = (adcBits: number) => runBitSliced(deployBitSlicedLayer(layer, bitSlicedConfig({ mapping: 'bit-inversion', adcBits }), Rng.of('f')), inputs, Rng.of('n'));
    expect(run(8)).toEqual(reference);
    expect(run(7)).not.toEqual(reference);
  });
});
