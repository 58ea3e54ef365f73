import { chipKeyToParts, deployNetwork, Rng, type DenseLayer, type NetworkDeployment } from '@memsweep/crossbar';
import { describe, expect, it } from 'vitest';
import { nativeWeightLevel, prepareDenseEvaluation, wasmWeightLevel } from '@memsweep/kernels';
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
      const ours = deployChip(network, deployment, parts, 'sigmoid', { deployer });
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
    expect(() => deployChip(network, deployment, parts, 'relu', { deployer })).toThrow(expected as Error);
  });
});

describe.each([...deployers.map((d) => [d.engine, d] as const), ['js', null] as const])('deployChip with live input rows, chips drawn by %s', (_, deployer) => {
  // 40 × 37: drawing vectors of 8 or 16 cells straddle rows; dead rows at both ends, alone and in runs
  const network = [randomLayer(40, 37, 4), randomLayer(37, 5, 5)];
  const dead = new Set([0, 1, 2, 7, 19, 20, 21, 22, 23, 24, 25, 33, 38, 39]);
  const liveInputRows = Uint8Array.from({ length: 40 }, (_, row) => (dead.has(row) ? 0 : 1));
  const deployment: NetworkDeployment = { stuckOffRate: 0.0904, stuckOnRate: 0.0175, sigma: 0.5, crossbarSize: 128, model: { kind: 'weight-level', stuckOnValue: 'signed-max' } };
  const parts = (trial: number) => chipKeyToParts({ sweepSeed: 5, deployment: { live: true }, trial });

  it('draws the live rows exactly as the full chip and leaves the dead rows 0', () => {
    for (let trial = 0; trial < 3; trial++) {
      const full = deployChip(network, deployment, parts(trial), 'sigmoid', { deployer });
      const skipped = deployChip(network, deployment, parts(trial), 'sigmoid', { deployer, liveInputRows });
      if (full.kind !== 'dense' || skipped.kind !== 'dense') throw new Error('weight-level chips are dense');
      const [f, g] = [full.layers[0], skipped.layers[0]];
      for (let row = 0; row < 40; row++) {
        const cells = (w: Float32Array) => Array.from(new Uint32Array(w.buffer, row * 37 * 4, 37));
        expect(cells(g.weights)).toEqual(dead.has(row) ? new Array(37).fill(0) : cells(f.weights));
      }
      expect(bits([{ ...g, weights: new Float32Array(0) }, ...skipped.layers.slice(1)])).toEqual(bits([{ ...f, weights: new Float32Array(0) }, ...full.layers.slice(1)]));
    }
    expect(network[0].weights.every((w) => w !== 0)).toBe(true); // the trained weights are never written
  });

  it('leaves the evaluation unchanged: the dead rows meet only zero inputs', () => {
    const n = 64;
    const rng = Rng.of('spec', 'dense-chip', 'inputs');
    const x = Float32Array.from({ length: n * 40 }, (_, i) => (dead.has(i % 40) || rng.uniform() < 0.3 ? 0 : rng.uniform()));
    const y = Uint8Array.from({ length: n }, () => Math.floor(rng.uniform() * 5));
    const prepared = prepareDenseEvaluation({ x, y, n, features: 40, classes: 5 });
    expect(Array.from(prepared.liveInputRows)).toEqual(Array.from(liveInputRows));
    for (let trial = 0; trial < 3; trial++) {
      const full = deployChip(network, deployment, parts(trial), 'sigmoid', { deployer });
      const skipped = deployChip(network, deployment, parts(trial), 'sigmoid', { deployer, liveInputRows: prepared.liveInputRows });
      if (full.kind !== 'dense' || skipped.kind !== 'dense') throw new Error('weight-level chips are dense');
      expect(prepared.countCorrect(skipped.layers, 'sigmoid')).toBe(prepared.countCorrect(full.layers, 'sigmoid'));
    }
  });
});
