import { describe, expect, it } from 'vitest';
import { chipKeyToParts, deployNetworkWeightLevel, layerStreams, type ChipKey } from './chip.js';
import { splitFaultRate } from './faults/stuck-at.js';
import type { DenseLayer } from './layer.js';
import { Rng } from './rng/rng.js';
import { DEFAULT_WEIGHT_LEVEL_MODEL, type WeightLevelDeployment } from './weight-level/model.js';
import { perturbLayerWeightLevel } from './weight-level/perturb.js';

function randomLayer(inputs: number, outputs: number, seed: string): DenseLayer {
  const rng = Rng.of('spec', 'chip', seed);
  return {
    inputs,
    outputs,
    weights: Float32Array.from({ length: inputs * outputs }, () => rng.normal() * 0.1),
    bias: Float32Array.from({ length: outputs }, () => rng.normal() * 0.01),
  };
}

const network = [randomLayer(64, 32, 'l0'), randomLayer(32, 10, 'l1')];
const deployment: WeightLevelDeployment = { ...splitFaultRate(0.1079, 'wang2020'), sigma: 0.5, model: DEFAULT_WEIGHT_LEVEL_MODEL };
const chip = (trial: number, deploymentConfig: ChipKey['deployment'] = { faultRate: 0.1079, preset: 'wang2020', sigma: 0.5 }): ChipKey => ({
  sweepSeed: 42,
  deployment: deploymentConfig,
  trial,
});
const bytes = (layers: DenseLayer[]): number[][] => layers.flatMap((l) => [Array.from(new Uint8Array(l.weights.buffer)), Array.from(new Uint8Array(l.bias.buffer))]);

describe('deployNetworkWeightLevel', () => {
  it('the same key gives the same chip; another trial gives another chip', () => {
    const a = deployNetworkWeightLevel(network, deployment, chipKeyToParts(chip(0)));
    const b = deployNetworkWeightLevel(network, deployment, chipKeyToParts(chip(0)));
    const c = deployNetworkWeightLevel(network, deployment, chipKeyToParts(chip(1)));
    expect(bytes(b)).toEqual(bytes(a));
    for (let l = 0; l < network.length; l++) expect(c[l].weights).not.toEqual(a[l].weights);
  });

  it('key order inside the deployment config does not matter', () => {
    const a = deployNetworkWeightLevel(network, deployment, chipKeyToParts(chip(3, { sigma: 0.5, preset: 'wang2020' })));
    const b = deployNetworkWeightLevel(network, deployment, chipKeyToParts(chip(3, { preset: 'wang2020', sigma: 0.5 })));
    expect(bytes(b)).toEqual(bytes(a));
  });

  it('layer l draws from Rng.of(...chipKeyParts, "layer", l, "faults" | "variation")', () => {
    const parts = chipKeyToParts(chip(7));
    const deployed = deployNetworkWeightLevel(network, deployment, parts);
    network.forEach((layer, l) => {
      const streams = { faults: Rng.of(...parts, 'layer', l, 'faults'), variation: Rng.of(...parts, 'layer', l, 'variation') };
      expect(perturbLayerWeightLevel(layer, deployment, streams)).toEqual(deployed[l]);
      expect(perturbLayerWeightLevel(layer, deployment, layerStreams(parts, l))).toEqual(deployed[l]);
    });
  });

  it('strength 0 returns every layer bit-identical', () => {
    const ideal = { stuckOffRate: 0, stuckOnRate: 0, sigma: 0, model: DEFAULT_WEIGHT_LEVEL_MODEL };
    expect(bytes(deployNetworkWeightLevel(network, ideal, chipKeyToParts(chip(0))))).toEqual(bytes(network));
  });

  it('with the rates left out of the key, two fault rates meet the same per-cell draws (common random numbers)', () => {
    const parts = ['chip', 42, { sigma: 0.5 }, 0];
    const low = deployNetworkWeightLevel(network, { ...deployment, ...splitFaultRate(0.05, 'xiang2021') }, parts);
    const high = deployNetworkWeightLevel(network, { ...deployment, ...splitFaultRate(0.25, 'xiang2021') }, parts);
    for (let l = 0; l < network.length; l++) {
      for (let i = 0; i < network[l].weights.length; i++) {
        if (low[l].weights[i] === 0) expect(high[l].weights[i]).toBe(0);
        else if (high[l].weights[i] !== 0) expect(high[l].weights[i]).toBe(low[l].weights[i]);
      }
    }
  });
});
