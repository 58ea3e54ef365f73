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

  it('refuses an unknown method parameter, naming it', async () => {
    const bad = METHODS_SWEEP.replace('{name: sparsity, l1: 0.0001}', '{name: sparsity, lambda: 0.001}');
    const run = await runCli(['run', writeSweep(dir, 'bad.yaml', bad), '--workers', '1', '--database', `file:${join(dir, 'bad.db')}`]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('methods[1].lambda: unknown key');
  }, 30_000);
});
