import { describe, expect, it } from 'vitest';
import { configErrorMessages } from './config-errors.test-helpers.js';
import { compileSweepYaml } from './compile-spec.js';
import { planSweep } from './plan.js';

const withMethods = (methods: string) => `
name: m
methods: ${methods}
grid:
  faultRate: [0, 0.1]
  dropConnectRate: [0.2, 0.4]
`;

const messagesOf = configErrorMessages;

describe('methods: entries', () => {
  it('accepts names and objects, expanding every method to its documented defaults', () => {
    const spec = compileSweepYaml(withMethods('[baseline, {name: drop-connect}, reliability-driven, {name: sparsity, l1: 0.001}, {name: technology-aware}, {name: fault-pruning, variant: freeze}]'));
    expect(spec.methods[0]).toBe('baseline');
    expect(spec.methods[1]).toBe('drop-connect');
    expect(spec.methods[2]).toEqual({
      label: 'reliability-driven',
      method: { name: 'reliability-driven', stuckAtZeroRate: 0.0904, stuckAtMaxRate: 0.0175, l2: 1e-4, gradientPenalty: 1, faultLayers: 'all', stuckAtMaxValue: 'signed-max' },
    });
    expect(spec.methods[3]).toEqual({ label: 'sparsity(l1=0.001)', method: { name: 'sparsity', l1: 0.001, l1Step: 'subgradient' } });
    const tech = spec.methods[4] as { label: string; method: Record<string, unknown> };
    expect(tech.label).toBe('technology-aware');
    expect(tech.method.parasitics).toEqual({ kind: 'parasitics', sourceResistance: 800, neuronResistance: 200, model: 'first-order' });
    expect(tech.method.tiling).toMatchObject({ kind: 'tiling', crossbarRows: 64, crossbarColumns: 64 });
    const prune = spec.methods[5] as { label: string; method: { pruning: { action: string; threshold: number; window: number }; pruneEvery: number } };
    expect(prune.label).toBe('fault-pruning(variant=freeze)');
    expect(prune.method.pruning).toMatchObject({ action: 'freeze', threshold: 0.1, window: 10 });
    expect(prune.method.pruneEvery).toBe(1);
  });

  it('labels an entry by the parameters that differ from the defaults, without commas', () => {
    const spec = compileSweepYaml(withMethods('[{name: fault-pruning, variant: freeze, threshold: 0.2, window: 10}]'));
    expect((spec.methods[0] as { label: string }).label).toBe('fault-pruning(variant=freeze;threshold=0.2)');
  });

  it('rejects unknown names and keys, out-of-range values and repeats, naming the field', () => {
    expect(messagesOf(withMethods('[baseline, reliability]'))).toEqual(['methods[1]: must be one of: baseline, drop-connect, reliability-driven, technology-aware, sparsity, fault-pruning']);
    expect(messagesOf(withMethods('[{name: sparsity, l2: 1}]'))).toEqual(['methods[0].l2: unknown key']);
    expect(messagesOf(withMethods('[{name: drop-connect, rate: 0.1}]'))).toEqual(['methods[0].rate: unknown key']);
    expect(messagesOf(withMethods('[{name: sparsity, l1: -1}]'))).toEqual(['methods[0].l1: must be between 0 and 10']);
    expect(messagesOf(withMethods('[{name: fault-pruning, variant: cut}]'))).toEqual(['methods[0].variant: must be one of: prune, freeze, none']);
    expect(messagesOf(withMethods('[{name: technology-aware, preset: xiang2021}]'))).toEqual(['methods[0].preset: must be one of: chakraborty2018']);
    expect(messagesOf(withMethods('[{name: reliability-driven, stuckAtZeroRate: 0.6, stuckAtMaxRate: 0.5}]'))).toEqual(['methods[0].stuckAtMaxRate: stuckAtZeroRate + stuckAtMaxRate must be below 1']);
    expect(messagesOf(withMethods('[sparsity, {name: sparsity, l1: 0.0001}]'))).toEqual(['methods: must not repeat a method']);
  });

  it('plans one training per distinct method params and labels points apart; baseline keys unchanged', () => {
    const base = planSweep(compileSweepYaml(withMethods('[baseline, drop-connect]')), '');
    const plan = planSweep(compileSweepYaml(withMethods('[baseline, drop-connect, {name: sparsity, l1: 0.0001}, {name: sparsity, l1: 0.001}, reliability-driven]')), '');
    // baseline 1 + drop-connect 2 rates + 2 sparsity + 1 reliability-driven; none multiplied by dropConnectRate
    expect(plan.trainings).toHaveLength(6);
    expect(plan.points).toHaveLength(6 * 2);
    for (const t of base.trainings) expect(plan.trainings.map((p) => p.key)).toContain(t.key);
    expect([...new Set(plan.points.map((p) => p.method))]).toEqual(['baseline', 'drop-connect', 'sparsity', 'sparsity(l1=0.001)', 'reliability-driven']);
    expect(plan.points.filter((p) => p.method.startsWith('sparsity')).every((p) => p.dropConnectRate === null)).toBe(true);
    const sparsity = plan.trainings.filter((t) => t.config.method.name === 'sparsity').map((t) => t.config.method);
    expect(sparsity).toEqual([{ name: 'sparsity', l1: 0.0001, l1Step: 'subgradient' }, { name: 'sparsity', l1: 0.001, l1Step: 'subgradient' }]);
    const proximal = compileSweepYaml(withMethods('[baseline, {name: sparsity, l1Step: proximal}]'));
    expect(proximal.methods[1]).toEqual({ label: 'sparsity(l1Step=proximal)', method: { name: 'sparsity', l1: 0.0001, l1Step: 'proximal' } });
    expect(messagesOf(withMethods('[{name: sparsity, l1Step: lasso}]'))).toEqual(['methods[0].l1Step: must be one of: subgradient, proximal']);
  });
});
