import { describe, expect, it } from 'vitest';
import { chipKeyParts } from './chip-key.js';
import { compileSweepYaml } from './compile-spec.js';
import { planSweep } from './plan.js';

const yaml = `
name: plan-test
methods: [baseline, drop-connect]
seeds: [1, 2]
grid:
  faultRate: [0, 0.1, 0.2, 0.3, 0.4]
  dropConnectRate: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
  sigma: [0, 0.2, 0.4, 0.6, 0.8]
  crossbarSize: [32, 64, 128, 256]
  width: [1, 1.5, 2]
trials: 25
shardSize: 10
`;

describe('planSweep', () => {
  const spec = compileSweepYaml(yaml);
  const plan = planSweep(spec, yaml);

  it('trains each distinct training configuration once per seed (SPEC §10)', () => {
    // drop-connect: 6 rates × 3 widths; baseline ignores dropConnectRate: 3 widths. Times 2 seeds.
    expect(plan.trainings).toHaveLength((6 * 3 + 3) * 2);
    expect(new Set(plan.trainings.map((t) => t.key)).size).toBe(plan.trainings.length);
  });

  it('expands every deployment coordinate for every training', () => {
    const deployments = 5 * 5 * 4;
    expect(plan.points).toHaveLength(plan.trainings.length * deployments);
    expect(new Set(plan.points.map((p) => p.key)).size).toBe(plan.points.length);
    expect(plan.points.filter((p) => p.method === 'baseline').every((p) => p.dropConnectRate === null)).toBe(true);
  });

  it('cuts every point into shards covering its trials exactly once', () => {
    expect(plan.shards).toHaveLength(plan.points.length * 3);
    const last = plan.shards.slice(0, 3).map((s) => [s.trialStart, s.trialEnd]);
    expect(last).toEqual([[0, 10], [10, 20], [20, 25]]);
  });

  it('is deterministic: the same spec gives the same keys', () => {
    const again = planSweep(compileSweepYaml(yaml), yaml);
    expect(again.specHash).toBe(plan.specHash);
    expect(again.points.map((p) => p.key)).toEqual(plan.points.map((p) => p.key));
  });

  it('splits the fault rate by the preset and scales hidden units by width', () => {
    const point = plan.points.find((p) => p.faultRate === 0.2)!;
    expect(point.deployment.stuckOffRate + point.deployment.stuckOnRate).toBeCloseTo(0.2, 12);
    const wide = plan.trainings.find((t) => t.config.hidden[0] === 256);
    expect(wide).toBeDefined();
  });

  it('keys chips by deployment and trial only: methods and seeds share chips; crossbarSize is ignored by the weight-level model', () => {
    const at = (pred: (p: (typeof plan.points)[number]) => boolean) => plan.points.find(pred)!;
    const base = at((p) => p.method === 'baseline' && p.seed === 1 && p.faultRate === 0.2 && p.sigma === 0.4 && p.crossbarSize === 32);
    const dc = at((p) => p.method === 'drop-connect' && p.seed === 2 && p.faultRate === 0.2 && p.sigma === 0.4 && p.crossbarSize === 32);
    const otherSize = at((p) => p.method === 'baseline' && p.seed === 1 && p.faultRate === 0.2 && p.sigma === 0.4 && p.crossbarSize === 256);
    expect(chipKeyParts(1, base.deployment, 3)).toEqual(chipKeyParts(1, dc.deployment, 3));
    expect(chipKeyParts(1, base.deployment, 3)).toEqual(chipKeyParts(1, otherSize.deployment, 3));
    expect(chipKeyParts(1, base.deployment, 3)).not.toEqual(chipKeyParts(1, base.deployment, 4));
  });
});

describe('chipKeyParts per device model', () => {
  const planFor = (model: string) => {
    const text = `name: k\nmethods: [baseline]\ngrid:\n  faultRate: 0.1\n  crossbarSize: [32, 64]\ndeployment:\n  model: ${model}\n`;
    return planSweep(compileSweepYaml(text), text);
  };
  const keyOf = (plan: ReturnType<typeof planFor>, i: number) => JSON.stringify(chipKeyParts(plan.seed, plan.points[i].deployment, 0));

  it('weight-level: crossbarSize is not part of the chip key, and the key is what it always was', () => {
    const plan = planFor('{ kind: weight-level }');
    expect(keyOf(plan, 0)).toBe(keyOf(plan, 1));
    const d = plan.points[0].deployment;
    expect(chipKeyParts(1, d, 3)).toEqual(['chip', 1, { model: { kind: 'weight-level', stuckOnValue: 'signed-max' }, stuckOffRate: d.stuckOffRate, stuckOnRate: d.stuckOnRate, sigma: 0 }, 3]);
  });

  it('analog: the full model, the rates, σ and crossbarSize; bit-sliced: the same without σ', () => {
    const analog = planFor('{ kind: analog, preset: chakraborty2018 }');
    expect(keyOf(analog, 0)).not.toBe(keyOf(analog, 1));
    const parts = chipKeyParts(1, analog.points[0].deployment, 0)[2] as Record<string, unknown>;
    expect(Object.keys(parts).sort()).toEqual(['crossbarSize', 'model', 'sigma', 'stuckOffRate', 'stuckOnRate']);
    expect(parts.model).toEqual(analog.points[0].deployment.deviceModel);
    const bits = planFor('{ kind: bit-sliced, preset: yu2021 }');
    expect(keyOf(bits, 0)).not.toBe(keyOf(bits, 1));
    expect(Object.keys(chipKeyParts(1, bits.points[0].deployment, 0)[2] as object).sort()).toEqual(['crossbarSize', 'model', 'stuckOffRate', 'stuckOnRate']);
  });

  it('the deployment stored with each point carries the expanded model and its preset; training keys do not move', () => {
    const bits = planFor('{ kind: bit-sliced, preset: yu2021 }');
    expect(bits.points[0].deployment.deviceModel).toMatchObject({ kind: 'bit-sliced', preset: 'yu2021', mapping: 'bit-inversion', adcBits: 7 });
    expect(bits.trainings).toHaveLength(1);
    expect(bits.trainings[0].key).toBe(planFor('{ kind: weight-level }').trainings[0].key);
  });
});
