import { describe, expect, it } from 'vitest';
import { randomLayer } from './analog/analog.test-helpers.js';
import { CHAKRABORTY2018_MAPPING, ANALOG_MAPPING } from './analog/technology.js';
import { DEFAULT_BIT_SLICED_CONFIG } from './bit-sliced/config.js';
import { runBitSliced } from './bit-sliced/forward.js';
import { activate, countCorrectBitSliced, countCorrectNoisyDense, deployNetwork, denseForward, type DeployedNetwork, type NetworkDeployment } from './deploy-network.js';
import type { DenseLayer } from './layer.js';
import { Rng } from './rng/rng.js';

const layers: DenseLayer[] = [randomLayer(40, 24, 'net', 0), randomLayer(24, 10, 'net', 1)];
const key = ['chip', 1, { spec: true }, 0];
const { kind: _k, tileRows: _t, stuckOnRate: _on, stuckOffRate: _off, ...bitSliced } = DEFAULT_BIT_SLICED_CONFIG;

const analog = (crossbarSize: number, sourceResistance: number, mapping = CHAKRABORTY2018_MAPPING): NetworkDeployment => ({
  stuckOffRate: 0,
  stuckOnRate: 0,
  sigma: 0,
  crossbarSize,
  model: {
    kind: 'analog',
    preset: null,
    mapping: { ...mapping },
    parasitics: { kind: 'parasitics', sourceResistance, neuronResistance: sourceResistance / 5, model: 'first-order' },
    chipCorner: { kind: 'chip-corner', corner: 0, sigmaChip: 0, mode: 'linear' },
    columnNoise: 0,
  },
});
const bits = (crossbarSize: number, stuckOnRate = 0): NetworkDeployment => ({
  stuckOffRate: 0,
  stuckOnRate,
  sigma: 0,
  crossbarSize,
  model: { kind: 'bit-sliced', preset: null, ...bitSliced },
});
const weightLevel = (crossbarSize: number, stuckOffRate = 0, sigma = 0): NetworkDeployment => ({
  stuckOffRate,
  stuckOnRate: 0,
  sigma,
  crossbarSize,
  model: { kind: 'weight-level', stuckOnValue: 'signed-max' },
});

function dense(network: DeployedNetwork): DenseLayer[] {
  if (network.kind !== 'dense') throw new Error('expected dense layers');
  return network.layers;
}

/** Inputs in [0, 1] and the ideal network's argmax as labels. */
const x = Float32Array.from({ length: 30 * 40 }, (_, i) => Rng.of('spec', 'x', i).uniform());
const idealLogits = denseForward(layers[1], activate(denseForward(layers[0], x), 'relu'));
const labels = Uint8Array.from({ length: 30 }, (_, s) => {
  let best = 0;
  for (let c = 1; c < 10; c++) if (idealLogits[s * 10 + c] > idealLogits[s * 10 + best]) best = c;
  return best;
});

describe('deployNetwork', () => {
  it('strength 0: weight-level and analog (analog levels) return the weights bit for bit', () => {
    for (const network of [deployNetwork(layers, weightLevel(64), key), deployNetwork(layers, analog(64, 0, ANALOG_MAPPING), key)]) {
      dense(network).forEach((layer, l) => {
        expect(Array.from(layer.weights)).toEqual(Array.from(layers[l].weights));
        expect(Array.from(layer.bias)).toEqual(Array.from(layers[l].bias));
      });
    }
  });

  it('strength 0: the bit-sliced network (16-bit weights, 8-bit inputs, ideal ADC) predicts as the ideal one', () => {
    const network = deployNetwork(layers, bits(16), key);
    if (network.kind !== 'bit-sliced') throw new Error('expected bit-sliced');
    // Quantization to 16/8 bits is the only difference; on these 30 random inputs it flips no prediction.
    expect(countCorrectBitSliced(network, x, labels, 'relu', 7)).toBe(30);
  });

  it('crossbarSize changes analog-with-parasitics and bit-sliced chips, not weight-level ones', () => {
    expect(dense(deployNetwork(layers, weightLevel(16, 0.1, 0.3), key))[0].weights).toEqual(dense(deployNetwork(layers, weightLevel(64, 0.1, 0.3), key))[0].weights);
    expect(dense(deployNetwork(layers, analog(16, 500), key))[0].weights).not.toEqual(dense(deployNetwork(layers, analog(64, 500), key))[0].weights);
    // Bit-sliced: the tile size sets which rows share an ADC read; with a 2-bit ADC the outputs depend on it.
    const lossy = (size: number): NetworkDeployment => ({ ...bits(size), model: { kind: 'bit-sliced', preset: null, ...bitSliced, adcBits: 2 } });
    const outputs = (size: number) => {
      const network = deployNetwork(layers, lossy(size), key);
      if (network.kind !== 'bit-sliced') throw new Error('expected bit-sliced');
      expect(network.layers[0].positive.tiles).toBe(Math.ceil(41 / size));
      return Array.from(runBitSliced(network.layers[0], x, network.noise[0]));
    };
    expect(outputs(8)).not.toEqual(outputs(41));
  });

  it('is deterministic for a chip key, and the key matters', () => {
    const a = dense(deployNetwork(layers, weightLevel(0, 0.2, 0.5), key))[0].weights;
    expect(dense(deployNetwork(layers, weightLevel(0, 0.2, 0.5), key))[0].weights).toEqual(a);
    expect(dense(deployNetwork(layers, weightLevel(0, 0.2, 0.5), ['chip', 1, { spec: true }, 1]))[0].weights).not.toEqual(a);
  });

  it('bit-sliced needs σ = 0 and MMSE needs calibration inputs', () => {
    expect(() => deployNetwork(layers, { ...bits(16), sigma: 0.1 }, key)).toThrow(/sigma must be 0/);
    const mmse = { ...bits(16), model: { kind: 'bit-sliced' as const, preset: null, ...bitSliced, mmse: true } };
    expect(() => deployNetwork(layers, mmse, key)).toThrow(/calibrationInputs/);
    const network = deployNetwork(layers, mmse, key, 'relu', x);
    expect(network.kind === 'bit-sliced' && network.mmse.every((m) => m !== undefined)).toBe(true);
  });

  it('analog column noise: strength 0 is the folded fast path; > 0 a noisy JS pass whose std grows with the row tiles', () => {
    const noisy = (size: number, columnNoise: number) => {
      const d = analog(size, 0, ANALOG_MAPPING);
      return deployNetwork(layers, { ...d, model: { ...d.model, columnNoise } as NetworkDeployment['model'] }, key);
    };
    expect(noisy(16, 0).kind).toBe('dense');
    const a = noisy(16, 0.01);
    const b = noisy(64, 0.01);
    if (a.kind !== 'noisy-dense' || b.kind !== 'noisy-dense') throw new Error('expected noisy-dense');
    expect(a.noiseStd[0] / b.noiseStd[0]).toBeCloseTo(Math.sqrt(3 / 1), 10); // 41 rows: 3 tiles of 16 vs 1 of 64
    expect(countCorrectNoisyDense(a, x, labels, 'relu')).toBeGreaterThan(20);
    const silent = { ...a, noiseStd: [0, 0] };
    expect(countCorrectNoisyDense(silent, x, labels, 'relu')).toBe(30);
  });
});
