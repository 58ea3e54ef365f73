import { describe, expect, it } from 'vitest';
import { Rng } from '../rng/rng.js';
import { randomLayer } from './analog.test-helpers.js';
import { analogIsActive, assertAnalogDeployment, deployLayerAnalog, type AnalogDeployment } from './deploy.js';
import { NO_PARASITICS } from './parasitics.js';
import { ANALOG_MAPPING, CHAKRABORTY2018_MAPPING } from './technology.js';
import { squareTiling, UNTILED } from './tiling.js';
import { NO_CHIP_CORNER } from './variation.js';

const ideal: AnalogDeployment = {
  kind: 'analog',
  mapping: ANALOG_MAPPING,
  stuckOffRate: 0,
  stuckOnRate: 0,
  sigma: 0,
  chipCorner: NO_CHIP_CORNER,
  parasitics: NO_PARASITICS,
  tiling: UNTILED,
};
const streams = (trial: number) => ({ faults: Rng.of('spec', 'deploy', trial, 'faults'), variation: Rng.of('spec', 'deploy', trial, 'variation') });
const layer = randomLayer(100, 20, 'deploy');

describe('deployLayerAnalog', () => {
  it('strength 0 returns the weights bit for bit and is reported inactive', () => {
    const deployed = deployLayerAnalog(layer, ideal, streams(0));
    expect(deployed.weights).toEqual(layer.weights);
    expect(deployed.bias).toEqual(layer.bias);
    expect(analogIsActive(ideal)).toBe(false);
    expect(analogIsActive({ ...ideal, mapping: CHAKRABORTY2018_MAPPING })).toBe(true);
  });

  it('a chip corner alone scales every effective weight by its factor (the Gmin offsets cancel)', () => {
    const deployed = deployLayerAnalog(layer, { ...ideal, chipCorner: { kind: 'chip-corner', corner: -2, sigmaChip: 0.1, mode: 'linear' } }, streams(0));
    for (let k = 0; k < layer.weights.length; k++) expect(deployed.weights[k]).toBeCloseTo(0.8 * layer.weights[k], 5);
  });

  it('is deterministic per chip, differs between chips, and never mutates the input', () => {
    const before = layer.weights.slice();
    const noisy: AnalogDeployment = {
      ...ideal,
      mapping: CHAKRABORTY2018_MAPPING,
      stuckOffRate: 0.05,
      stuckOnRate: 0.01,
      sigma: 0.3,
      parasitics: { kind: 'parasitics', sourceResistance: 400, neuronResistance: 100, model: 'first-order' },
      tiling: squareTiling(32),
    };
    expect(deployLayerAnalog(layer, noisy, streams(1))).toEqual(deployLayerAnalog(layer, noisy, streams(1)));
    expect(deployLayerAnalog(layer, noisy, streams(1)).weights).not.toEqual(deployLayerAnalog(layer, noisy, streams(2)).weights);
    expect(layer.weights).toEqual(before);
  });

  it('rejects unknown keys and bad strengths at every level', () => {
    expect(() => assertAnalogDeployment({ ...ideal, sigmma: 1 } as unknown as AnalogDeployment)).toThrow(/unknown key "sigmma"/);
    expect(() => assertAnalogDeployment({ ...ideal, tiling: { ...UNTILED, rows: 3 } } as unknown as AnalogDeployment)).toThrow(/unknown key "rows"/);
    expect(() => assertAnalogDeployment({ ...ideal, stuckOffRate: 0.7, stuckOnRate: 0.5 })).toThrow(RangeError);
    expect(() => assertAnalogDeployment({ ...ideal, parasitics: { ...NO_PARASITICS, sourceResistance: -1 } })).toThrow(RangeError);
    expect(JSON.parse(JSON.stringify(ideal))).toEqual(ideal);
  });
});
