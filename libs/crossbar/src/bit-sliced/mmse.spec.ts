import { describe, expect, it } from 'vitest';
import { Rng } from '../rng/rng.js';
import { bitSlicedConfig } from './config.js';
import { mapWeightsToCells } from './mapping.js';
import { codeBitOnesFraction, columnCountMoments, estimateMmseStatistics, mmseCoefficients, mmseDenoise } from './mmse.js';
import { quantizeLayerWeights } from './quantize.js';

describe('MMSE early denoising ([Y] eqs. 4–6)', () => {
  it('computes E[j] = r·p_v·p_g, σ_j² by eq. 6 (r²) or binomially (r), and eq. 4 then rounds to a natural number', () => {
    // r = 8, p_v = 0.5, p_g = 0.5: p = 0.25, E = 2; eq. 6: σ_j² = 64·0.1875 = 12; binomial: 8·0.1875 = 1.5.
    expect(columnCountMoments(8, 0.5, 0.5, 'yu-eq6')).toEqual({ mean: 2, variance: 12 });
    expect(columnCountMoments(8, 0.5, 0.5, 'binomial')).toEqual({ mean: 2, variance: 1.5 });
    const eq6 = mmseCoefficients({ mean: 2, variance: 12 }, 2);
    expect(eq6.gain).toBeCloseTo(12 / 14, 15);
    expect(eq6.offset).toBeCloseTo((2 / 14) * 2, 15);
    const binomial = mmseCoefficients({ mean: 2, variance: 1.5 }, 2);
    expect(binomial.gain).toBeCloseTo(1.5 / 3.5, 15);
    expect(binomial.offset).toBeCloseTo((2 / 3.5) * 2, 15);
    // J_n = 4.6: eq. 6 → 4.6·12/14 + 4/14 = 4.229 → 4; binomial → 4.6·1.5/3.5 + 4/3.5 = 3.114 → 3.
    expect(mmseDenoise(4.6, eq6)).toBe(4);
    expect(mmseDenoise(4.6, binomial)).toBe(3);
    // J_n = −3 → binomial estimate −0.143 → clipped to the natural number 0.
    expect(mmseDenoise(-3, binomial)).toBe(0);
    // σ_n² = 0 is the identity on counts; no variance at all leaves the count alone.
    expect(mmseCoefficients({ mean: 2, variance: 12 }, 0)).toEqual({ gain: 1, offset: 0 });
    expect(mmseCoefficients({ mean: 0, variance: 0 }, 0)).toEqual({ gain: 1, offset: 0 });
    expect(mmseCoefficients({ mean: 5, variance: 0 }, 1)).toEqual({ gain: 0, offset: 5 });
  });

  it('estimates p_v from the input bit-planes and p_g from the mapped cells', () => {
    expect(codeBitOnesFraction([0b1010, 0b1111, 0], 4)).toBeCloseTo(6 / 12, 15);
    expect(codeBitOnesFraction([-1], 4)).toBe(1); // two's complement 1111
    const layer = { inputs: 3, outputs: 1, weights: Float32Array.of(1, -1, 0), bias: Float32Array.of(0) };
    const cells = mapWeightsToCells(quantizeLayerWeights(layer, 2), 2, 'bit-inversion');
    // codes 3, −3, 0, 0 → G₊ rows: 11, 00, 11, 11 (6/8 ones); G₋ rows: 00, 11, 11, 11 (6/8 ones).
    const config = bitSlicedConfig({ inputBits: 2, inputFullScale: 3 });
    const inputs = Float32Array.of(3, 0, 1, /* second vector */ 0, 0, 0);
    // codes (top 3, x_fs 3): [3, 0, 1, 1], [0, 0, 0, 1] → ones 2+0+1+1 + 0+0+0+1 = 5 of 16 bits.
    expect(estimateMmseStatistics(inputs, cells, config)).toEqual({ inputOnesFraction: 5 / 16, positiveOnesFraction: 0.75, negativeOnesFraction: 0.75 });
  });

  it('reduces the mean squared error of column counts vs plain rounding (Monte-Carlo, sparse columns)', () => {
    const rng = Rng.of('spec', 'mmse', 'mc');
    const rows = 128;
    const inputOnes = 0.2;
    const cellOnes = 0.1; // p = 0.02: E[J] = 2.56
    const noiseVariance = 1;
    const sigma = Math.sqrt(noiseVariance);
    const trials = 40_000;
    const binomial = mmseCoefficients(columnCountMoments(rows, inputOnes, cellOnes, 'binomial'), noiseVariance);
    const eq6 = mmseCoefficients(columnCountMoments(rows, inputOnes, cellOnes, 'yu-eq6'), noiseVariance);
    let rawError = 0;
    let binomialError = 0;
    let eq6Error = 0;
    for (let t = 0; t < trials; t++) {
      let count = 0;
      for (let k = 0; k < rows; k++) if (rng.uniform() < inputOnes && rng.uniform() < cellOnes) count++;
      const noisy = count + sigma * rng.normal();
      rawError += (Math.max(0, Math.round(noisy)) - count) ** 2;
      binomialError += (mmseDenoise(noisy, binomial) - count) ** 2;
      eq6Error += (mmseDenoise(noisy, eq6) - count) ** 2;
    }
    const [raw, mmse, printed] = [rawError / trials, binomialError / trials, eq6Error / trials];
    if (process.env.MEMSWEEP_REPORT) console.log(`MSE raw ${raw.toFixed(4)}, MMSE binomial ${mmse.toFixed(4)}, MMSE eq. 6 ${printed.toFixed(4)}`);
    expect(mmse).toBeLessThan(0.85 * raw);
    expect(printed).toBeLessThan(raw * 1.01); // eq. 6's r² barely shrinks (gain ≈ 0.9996) but never hurts much
  });
});
