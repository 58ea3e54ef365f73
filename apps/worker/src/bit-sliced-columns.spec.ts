import {
  DEFAULT_BIT_SLICED_CONFIG,
  deployBitSlicedLayer,
  estimateMmseStatistics,
  Rng,
  runBitSlicedTotals,
  YU2021_BIT_SLICED,
  type BitSlicedConfig,
  type DenseLayer,
} from '@memsweep/crossbar';
import { nativeBitSlicedColumns } from '@memsweep/kernels';
import { describe, expect, it } from 'vitest';

const native = nativeBitSlicedColumns();

function randomLayer(inputs: number, outputs: number, zeroOutputs: number, seed: number): DenseLayer {
  const rng = Rng.of('spec', 'bit-sliced-columns', seed);
  const weights = Float32Array.from({ length: inputs * outputs }, (_, i) => (i % outputs < zeroOutputs ? 0 : rng.normal() * 0.3));
  const bias = Float32Array.from({ length: outputs }, (_, j) => (j < zeroOutputs ? 0 : rng.normal() * 0.1));
  return { inputs, outputs, weights, bias };
}

function randomInputs(n: number, width: number, signed: boolean, seed: number): Float32Array {
  const rng = Rng.of('spec', 'bit-sliced-inputs', seed);
  return Float32Array.from({ length: n * width }, () => (rng.uniform() < 0.4 ? 0 : signed ? 2 * rng.uniform() - 1 : rng.uniform()));
}

const configs: Array<[string, BitSlicedConfig]> = [
  ['yu2021 (bit inversion, 7-bit ADC, noise, MMSE, ZNS)', { ...YU2021_BIT_SLICED }],
  ['traditional, 2-bit full-range ADC, strong noise, two’s-complement inputs, 40-row tiles', {
    ...DEFAULT_BIT_SLICED_CONFIG, adcBits: 2, adcStep: 'full-range', noiseVariance: 3, inputEncoding: 'twos-complement', tileRows: 40, weightBits: 6, stuckOnRate: 0.05, stuckOffRate: 0.05,
  }],
  ['ideal ADC, noise, no MMSE: raw double totals, every bit of every normal counts', { ...DEFAULT_BIT_SLICED_CONFIG, noiseVariance: 0.5, stuckOffRate: 0.05 }],
  ['ideal ADC, no noise, MMSE (binomial variance)', { ...DEFAULT_BIT_SLICED_CONFIG, mmse: true, mmseVariance: 'binomial', stuckOnRate: 0.1 }],
];

describe.skipIf(!native)('the native bit-sliced column engine', () => {
  it.each(configs)('gives the JavaScript engine’s totals bit for bit and leaves the noise stream where it would: %s', (_, config) => {
    const signed = config.inputEncoding === 'twos-complement';
    const layer = randomLayer(70, 9, 2, 1);
    const deployment = deployBitSlicedLayer(layer, config, Rng.of('spec', 'faults'));
    const stats = config.mmse ? estimateMmseStatistics(randomInputs(16, 70, signed, 2), deployment.cells, config) : undefined;
    const [jsNoise, nativeNoise] = [Rng.of('spec', 'noise'), Rng.of('spec', 'noise')];
    for (const batch of [5, 4]) { // two batches: the stream continues across calls
      const inputs = randomInputs(batch, 70, signed, batch);
      const js = runBitSlicedTotals(deployment, inputs, jsNoise, stats);
      const ours = runBitSlicedTotals(deployment, inputs, nativeNoise, stats, native!);
      expect(Array.from(new BigUint64Array(ours.totals.buffer))).toEqual(Array.from(new BigUint64Array(js.totals.buffer)));
      expect(ours.inputSteps).toEqual(js.inputSteps);
      expect(new Set(js.totals).size).toBeGreaterThan(batch * 5); // real totals, not a trivial agreement on zeros
    }
    for (let i = 0; i < 3; i++) expect(nativeNoise.normal()).toBe(jsNoise.normal());
  });

  it('refuses a noise stream that is not at a block boundary', () => {
    const deployment = deployBitSlicedLayer(randomLayer(10, 3, 0, 3), { ...YU2021_BIT_SLICED }, Rng.of('spec', 'faults'));
    const noise = Rng.of('spec', 'noise');
    noise.nextUint32();
    expect(() => runBitSlicedTotals(deployment, randomInputs(2, 10, false, 4), noise, { inputOnesFraction: 0.3, positiveOnesFraction: 0.5, negativeOnesFraction: 0.5 }, native!)).toThrow(
      new RangeError('bit-sliced noise: the stream is not at a block boundary (only normal() may draw from it)'),
    );
  });
});
