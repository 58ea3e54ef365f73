import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '@memsweep/store';
import { runCli, tempDir, writeSweep } from './testing/cli-harness.test-helpers.js';

/** Three methods on a very small setting; the point label shows only parameters that differ from the defaults (l1 = 1e-4 is sparsity's default). */
const METHODS_SWEEP = `
name: tiny-methods
seed: 5
dataset: { name: mnist, trainSize: 300, testSize: 100, splitSeed: 2 }
network: { kind: mlp, hidden: [16], activation: relu }
training: { epochs: 1, batchSize: 50, learningRate: 0.005 }
methods: [baseline, {name: sparsity, l1: 0.0001}, {name: reliability-driven}]
grid:
  faultRate: [0, 0.1]
deployment: { faultPreset: wang2020 }
trials: 2
shardSize: 2
`;

/** [C] and [K] on a tiny setting: technology-aware trained for 8 × 8 tiles and deployed on them; fault-pruning's variants on
 *  the same training chip (30 % stuck, 30 % discordant devices). */
const CHIP_METHODS_SWEEP = `
name: tiny-chip-methods
seed: 9
dataset: { name: mnist, trainSize: 200, testSize: 60, splitSeed: 2 }
network: { kind: mlp, hidden: [8], activation: sigmoid }
training: { epochs: 1, batchSize: 20, learningRate: 0.01 }
methods:
  - { name: technology-aware, tileSize: 8 }
  - { name: fault-pruning, stuckShare: 0.3, discordantShare: 0.3, switchingNoise: 0.01 }
  - { name: fault-pruning, variant: none, stuckShare: 0.3, discordantShare: 0.3, switchingNoise: 0.01 }
grid:
  faultRate: 0
  sigma: 0.1
  crossbarSize: 8
deployment: { model: { kind: analog, preset: chakraborty2018 } }
trials: 2
shardSize: 2
`;
const TECH_LABEL = 'technology-aware(tileSize=8)';
const PRUNE_LABEL = 'fault-pruning(stuckShare=0.3;discordantShare=0.3;switchingNoise=0.01)';
const NONE_LABEL = 'fault-pruning(variant=none;stuckShare=0.3;discordantShare=0.3;switchingNoise=0.01)';

describe('memsweep run with parameterized training methods (end to end)', () => {
  const dir = tempDir();

  it('trains each method once, labels its points and stores every trial', async () => {
    const db = `file:${join(dir, 'methods.db')}`;
    const run = await runCli(['run', writeSweep(dir, 'methods.yaml', METHODS_SWEEP), '--workers', '1', '--database', db, '--format', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('method,faultRate,n,mean,std,ci95Low,ci95High,min,max,median');
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(
      ['baseline', 'baseline', 'reliability-driven', 'reliability-driven', 'sparsity', 'sparsity'],
    );
    const store = await openStore({ databaseUrl: db });
    try {
      const sweep = await store.findSweep('tiny-methods');
      const rows = await store.trialResults(sweep!.id);
      expect(rows).toHaveLength(3 * 2 * 2);
      expect(rows.every((r) => r.total === 100)).toBe(true);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('runs technology-aware [C] and fault-pruning [K] through the chip models, recording every method parameter', async () => {
    const db = `file:${join(dir, 'chip-methods.db')}`;
    const run = await runCli(['run', writeSweep(dir, 'chip-methods.yaml', CHIP_METHODS_SWEEP), '--workers', '1', '--database', db, '--format', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    const store = await openStore({ databaseUrl: db });
    try {
      const sweep = await store.findSweep('tiny-chip-methods');
      const rows = await store.trialResults(sweep!.id);
      const labels = [...new Set(rows.map((r) => r.method))].sort();
      expect(labels).toEqual([TECH_LABEL, PRUNE_LABEL, NONE_LABEL].sort());
      expect(rows).toHaveLength(3 * 2);
      expect(rows.every((r) => r.total === 60 && r.crossbarSize === 8)).toBe(true);
      // The stored spec holds each method fully expanded: what the worker trained with.
      const methods = (JSON.parse(sweep!.specJson) as { methods: { label: string; method: unknown }[] }).methods;
      const byLabel = new Map(methods.map((m) => [m.label, m.method]));
      expect(byLabel.get(TECH_LABEL)).toMatchObject({
        name: 'technology-aware',
        mapping: { levels: 16, gMaxOverGMin: 15 },
        parasitics: { sourceResistance: 800, neuronResistance: 200, model: 'first-order' },
        tiling: { crossbarRows: 8, crossbarColumns: 8 },
      });
      expect(byLabel.get(PRUNE_LABEL)).toMatchObject({
        name: 'fault-pruning',
        devices: { stuckShare: 0.3, discordantShare: 0.3 },
        noise: { switchingNoiseLevel: 0.01 },
        pruning: { action: 'prune', threshold: 0.1, window: 10, significance: 0.02 },
        window: { rMin: 6843.97, rMax: 14109.06 },
        weightRange: 0.5,
        pruneEvery: 1,
      });
      expect(byLabel.get(NONE_LABEL)).toMatchObject({ name: 'fault-pruning', pruning: { action: 'none' } });
    } finally {
      await store.close();
    }
  }, 90_000);

  it('refuses an unknown method parameter, naming it', async () => {
    const bad = METHODS_SWEEP.replace('{name: sparsity, l1: 0.0001}', '{name: sparsity, lambda: 0.001}');
    const run = await runCli(['run', writeSweep(dir, 'bad.yaml', bad), '--workers', '1', '--database', `file:${join(dir, 'bad.db')}`]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('methods[1].lambda: unknown key');
  }, 30_000);
});
