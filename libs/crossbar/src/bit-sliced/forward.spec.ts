import { describe, expect, it } from 'vitest';
import { Rng } from '../rng/rng.js';
import { bitSlicedConfig, type BitSlicedConfig } from './config.js';
import {
  bitSlicedForward,
  bitSlicedReference,
  deployBitSlicedLayer,
  packBitSlicedLayer,
  runBitSliced,
  runBitSlicedTotals,
  type BitSlicedStreams,
} from './forward.js';
import { effectiveWeightCodes, mapWeightsToCells } from './mapping.js';
import { estimateMmseStatistics } from './mmse.js';
import { quantizeInputVector, quantizeLayerWeights } from './quantize.js';
import { randomInputs, randomLayer } from './bit-sliced.test-helpers.js';

function streams(...parts: Array<string | number>): BitSlicedStreams {
  return { faults: Rng.of('spec', ...parts, 'faults'), noise: Rng.of('spec', ...parts, 'noise') };
}

/** Q(W)ᵀQ(x) in integer code units, straight from the codes (independent of cells, tiles and shift-and-add). */
function referenceTotals(layer: ReturnType<typeof randomLayer>, inputs: Float32Array, config: BitSlicedConfig): Float64Array {
  const weights = quantizeLayerWeights(layer, config.weightBits);
  const batch = inputs.length / layer.inputs;
  const totals = new Float64Array(batch * layer.outputs);
  for (let s = 0; s < batch; s++) {
    const { codes } = quantizeInputVector(inputs, s * layer.inputs, layer.inputs, config);
    for (let i = 0; i < weights.rows; i++) {
      for (let j = 0; j < layer.outputs; j++) totals[s * layer.outputs + j] += codes[i] * weights.codes[i * layer.outputs + j];
    }
  }
  return totals;
}

describe('bit-sliced MVM, fault-free (SPEC §2.4, [Y] eqs. 2, 3, 7)', () => {
  const layer = randomLayer(300, 12, 'exact'); // 301 rows: tiles of 128, 128 and a partial 45
  const inputs = randomInputs(6, 300, 'exact', { scale: 1.7 });

  for (const mapping of ['traditional', 'bit-inversion'] as const) {
    it(`${mapping}: f(J₊) − f(J₋) equals Q(W)ᵀQ(x) exactly`, () => {
      const config = bitSlicedConfig({ mapping });
      const deployment = deployBitSlicedLayer(layer, config, Rng.of('spec', 'exact', mapping));
      const { totals } = runBitSlicedTotals(deployment, inputs, Rng.of('unused'));
      expect(Array.from(totals)).toEqual(Array.from(referenceTotals(layer, inputs, config)));
      expect(totals.some((t) => t !== 0)).toBe(true);
      // and the float outputs are those of the reference, which is close to the float layer
      const outputs = runBitSliced(deployment, inputs, Rng.of('unused'));
      expect(outputs).toEqual(bitSlicedReference(layer, inputs, config));
      for (let s = 0; s < 6; s++) {
        for (let j = 0; j < 12; j++) {
          let exact = layer.bias[j];
          for (let i = 0; i < 300; i++) exact += inputs[s * 300 + i] * layer.weights[i * 12 + j];
          expect(Math.abs(outputs[s * 12 + j] - exact)).toBeLessThan(300 * 1.7 / 255); // ≤ Σ|w|·Δx/2 + tiny
        }
      }
    });
  }

  it('a reversed bit-inversion assignment gives −Q(W)ᵀx, and the exactness check catches it', () => {
    const config = bitSlicedConfig({ mapping: 'bit-inversion' });
    const weights = quantizeLayerWeights(layer, config.weightBits);
    const cells = mapWeightsToCells(weights, config.weightBits, 'bit-inversion');
    const reversed = { ...cells, positive: cells.negative, negative: cells.positive }; // w > 0 → G₋ = 1s, G₊ = ~Q
    const { totals } = runBitSlicedTotals(packBitSlicedLayer(reversed, weights, config), inputs, Rng.of('unused'));
    const reference = referenceTotals(layer, inputs, config);
    expect(Array.from(totals)).not.toEqual(Array.from(reference));
    expect(Array.from(totals)).toEqual(Array.from(reference, (t) => -t || 0));
    expect(Array.from(effectiveWeightCodes(reversed))).toEqual(Array.from(weights.codes, (q) => -q || 0));
  });

  it('is exact for signed (two\'s-complement) inputs, other word sizes and tile heights (incl. not multiples of 32)', () => {
    const signed = randomInputs(4, 300, 'signed', { signed: true, scale: 3 });
    const cases: Array<Partial<BitSlicedConfig>> = [
      { inputEncoding: 'twos-complement', mapping: 'bit-inversion' },
      { inputEncoding: 'twos-complement', inputBits: 5, weightBits: 7, tileRows: 50 },
      { weightBits: 4, inputBits: 3, tileRows: 33, mapping: 'bit-inversion' },
      { tileRows: 1000, adcBits: 10 },
      { inputFullScale: 2, tileRows: 64, mapping: 'bit-inversion', adcBits: 7 },
    ];
    for (const partial of cases) {
      const config = bitSlicedConfig(partial);
      const data = config.inputEncoding === 'twos-complement' ? signed : randomInputs(4, 300, 'unsigned', { scale: 2.5 });
      const { totals } = runBitSlicedTotals(deployBitSlicedLayer(layer, config, Rng.of('f')), data, Rng.of('n'));
      expect(Array.from(totals), JSON.stringify(partial)).toEqual(Array.from(referenceTotals(layer, data, config)));
    }
  });

  it('rejects negative inputs under unsigned encoding, and MMSE without statistics', () => {
    const deployment = deployBitSlicedLayer(layer, bitSlicedConfig(), Rng.of('f'));
    const negative = randomInputs(1, 300, 'neg', { signed: true });
    expect(() => runBitSliced(deployment, negative, Rng.of('n'))).toThrow(/twos-complement/);
    const mmse = deployBitSlicedLayer(layer, bitSlicedConfig({ mmse: true }), Rng.of('f'));
    expect(() => runBitSliced(mmse, inputs, Rng.of('n'))).toThrow(/MmseStatistics/);
    expect(() => bitSlicedConfig({ mapping: 'bit-inversion', adcbits: 3 } as Partial<BitSlicedConfig>)).toThrow(/unknown key "adcbits"/);
  });
});

describe('bit-sliced strength 0 (STYLE: off is bit-identical to ideal)', () => {
  const layer = randomLayer(200, 10, 'strength0');
  const inputs = randomInputs(5, 200, 'strength0');
  const reference = bitSlicedReference(layer, inputs, bitSlicedConfig());

  it('no faults, no noise, lossless or ideal ADC, MMSE at σ_n² = 0: output equals Q(W)ᵀQ(x) bit for bit', () => {
    for (const partial of [
      {},
      { mapping: 'bit-inversion' as const },
      { mapping: 'bit-inversion' as const, adcBits: 8 },
      { adcBits: 8, adcStep: 'full-range' as const },
      { mapping: 'bit-inversion' as const, adcBits: 8, zeroNodeSuppression: true },
    ]) {
      const config = bitSlicedConfig(partial);
      expect(bitSlicedForward(layer, inputs, config, streams('s0')), JSON.stringify(partial)).toEqual(reference);
    }
    const mmseConfig = bitSlicedConfig({ mapping: 'bit-inversion', adcBits: 8, mmse: true });
    const deployment = deployBitSlicedLayer(layer, mmseConfig, Rng.of('f'));
    const stats = estimateMmseStatistics(inputs, deployment.cells, mmseConfig);
    expect(runBitSliced(deployment, inputs, Rng.of('n'), stats)).toEqual(reference);
  });

  it('is deterministic given the streams, and noise/faults change it', () => {
    const noisy = bitSlicedConfig({ mapping: 'bit-inversion', adcBits: 8, stuckOnRate: 0.0904, stuckOffRate: 0.0175, noiseVariance: 0.4608 });
    const a = bitSlicedForward(layer, inputs, noisy, streams('det'));
    expect(bitSlicedForward(layer, inputs, noisy, streams('det'))).toEqual(a);
    expect(bitSlicedForward(layer, inputs, noisy, streams('det2'))).not.toEqual(a);
    expect(a).not.toEqual(reference);
  });
});

describe('zero-node suppression ([Y] eq. 11)', () => {
  it('forces outputs whose quantized weights and bias are all zero to exactly 0 and leaves the others alone', () => {
    const layer = randomLayer(150, 6, 'zero-node');
    for (let i = 0; i < 150; i++) layer.weights[i * 6 + 2] = 0;
    layer.bias[2] = 0;
    layer.bias[4] = 0.5; // output 4 has a bias: not all-zero even if its weights were
    for (let i = 0; i < 150; i++) layer.weights[i * 6 + 4] = 0;
    const inputs = randomInputs(4, 150, 'zero-node');
    const base = { mapping: 'bit-inversion' as const, adcBits: 8, noiseVariance: 0.4608, stuckOnRate: 0.0904, stuckOffRate: 0.0175 };
    const off = bitSlicedForward(layer, inputs, bitSlicedConfig(base), streams('zn'));
    const on = bitSlicedForward(layer, inputs, bitSlicedConfig({ ...base, zeroNodeSuppression: true }), streams('zn'));
    for (let s = 0; s < 4; s++) {
      expect(off[s * 6 + 2]).not.toBe(0); // BI: the all-zero column holds all ones on both crossbars, noise and faults leak through
      expect(on[s * 6 + 2]).toBe(0);
      for (const j of [0, 1, 3, 4, 5]) expect(on[s * 6 + j]).toBe(off[s * 6 + j]);
    }
  });
});
