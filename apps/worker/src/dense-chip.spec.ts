import { chipKeyToParts, deployNetwork, Rng, type DenseLayer, type NetworkDeployment } from '@memsweep/crossbar';
import { describe, expect, it } from 'vitest';
import { nativeWeightLevel, wasmWeightLevel } from '@memsweep/kernels';
import { chipDeployer, deployChip } from './dense-chip.js';

function randomLayer(inputs: number, outputs: number, seed: number): DenseLayer {
  const rng = Rng.of('spec', 'dense-chip', seed);
  return {
    inputs,
    outputs,
    weights: Float32Array.from({ length: inputs * outputs }, () => rng.normal() * 0.2),
    bias: Float32Array.from({ length: outputs }, () => rng.normal() * 0.05),
  };
}

const bits = (layers: readonly DenseLayer[]) => layers.flatMap((l) => [Array.from(new Uint32Array(l.weights.buffer)), Array.from(new Uint32Array(l.bias.buffer))]);

const deployers = [nativeWeightLevel(), wasmWeightLevel()].filter((d) => d !== null);

describe.each(deployers.map((d) => [d.engine, d] as const))('deployChip, chips drawn by %s', (_, deployer) => {
  // odd and even cell counts (a Box–Muller pair split across weights and bias, a spare normal left over)
  const network = [randomLayer(33, 21, 1), randomLayer(21, 7, 2), randomLayer(7, 3, 3)];
  const points: Array<Omit<NetworkDeployment, 'model' | 'crossbarSize'> & { stuckOnValue: 'signed-max' | 'positive-max' }> = [
    { stuckOffRate: 0.0904, stuckOnRate: 0.0175, sigma: 0.5, stuckOnValue: 'positive-max' },
    { stuckOffRate: 0.2, stuckOnRate: 0.1, sigma: 1.3, stuckOnValue: 'signed-max' },
    { stuckOffRate: 0, stuckOnRate: 0, sigma: 0.05, stuckOnValue: 'signed-max' },
    { stuckOffRate: 0.3, stuckOnRate: 0, sigma: 0, stuckOnValue: 'signed-max' },
    { stuckOffRate: 0, stuckOnRate: 0, sigma: 0, stuckOnValue: 'signed-max' },
  ];

  it.each(points)('weight-level chips equal crossbar deployNetwork bit for bit: %o', ({ stuckOnValue, ...strengths }) => {
    const deployment: NetworkDeployment = { ...strengths, crossbarSize: 128, model: { kind: 'weight-level', stuckOnValue } };
    for (let trial = 0; trial < 4; trial++) {
      const parts = chipKeyToParts({ sweepSeed: 11, deployment: { ...strengths, stuckOnValue }, trial });
      const ours = deployChip(network, deployment, parts, 'sigmoid', undefined, deployer);
      const reference = deployNetwork(network, deployment, parts, 'sigmoid');
      expect(ours.kind).toBe('dense');
      expect(reference.kind).toBe('dense');
      if (ours.kind === 'dense' && reference.kind === 'dense') expect(bits(ours.layers)).toEqual(bits(reference.layers));
    }
  });

  it('reports who draws the chips and rejects invalid deployments like crossbar', () => {
    expect(chipDeployer).toBe(deployers[0]?.engine ?? 'js');
    const deployment: NetworkDeployment = { stuckOffRate: 0.8, stuckOnRate: 0.4, sigma: 0, crossbarSize: 128, model: { kind: 'weight-level', stuckOnValue: 'signed-max' } };
    const parts = chipKeyToParts({ sweepSeed: 1, deployment: {}, trial: 0 });
    let expected: unknown;
    try {
      deployNetwork(network, deployment, parts);
    } catch (error) {
      expected = error;
    }
    expect(expected).toBeInstanceOf(RangeError);
    expect(() => deployChip(network, deployment, parts, 'relu', undefined, deployer)).toThrow(expected as Error);
  });
});
