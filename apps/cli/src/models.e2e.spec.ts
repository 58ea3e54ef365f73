import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '@memsweep/store';
import { runCli, tempDir, writeSweep } from './testing/cli-harness.test-helpers.js';

/** A tiny analog sweep ([C] preset: 4-bit TiO₂, R_S 500 Ω / R_N 100 Ω first-order) over two tile sizes. */
const ANALOG_SWEEP = `
name: tiny-analog
seed: 11
dataset: { name: mnist, trainSize: 600, testSize: 200, splitSeed: 3 }
network: { kind: mlp, hidden: [16], activation: relu }
training: { epochs: 1, batchSize: 50, learningRate: 0.005 }
methods: [baseline]
grid:
  faultRate: [0, 0.1]
  crossbarSize: [16, 128]
deployment:
  faultPreset: wang2020
  model: { kind: analog, preset: chakraborty2018, parasitics: { model: ideal-wire } }
trials: 3
shardSize: 3
`;

describe('memsweep run with the analog device model (end to end)', () => {
  const dir = tempDir();

  it('runs, stores every trial, and reports one row per fault rate and crossbar size', async () => {
    const db = `file:${join(dir, 'analog.db')}`;
    const run = await runCli(['run', writeSweep(dir, 'analog.yaml', ANALOG_SWEEP), '--workers', '1', '--database', db, '--format', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('method,faultRate,crossbarSize,n,mean,std,ci95Low,ci95High,min,max,median');
    expect(lines).toHaveLength(1 + 2 * 2);
    const store = await openStore({ databaseUrl: db });
    try {
      const sweep = await store.findSweep('tiny-analog');
      const rows = await store.trialResults(sweep!.id);
      expect(rows).toHaveLength(12);
      expect(rows.every((r) => r.total === 200 && r.correct > 20)).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('refuses an analog model with an unknown key, naming it', async () => {
    const bad = ANALOG_SWEEP.replace('parasitics: { model: ideal-wire }', 'parasitics: { model: ideal-wire, wireResistance: 1 }');
    const run = await runCli(['run', writeSweep(dir, 'bad.yaml', bad), '--database', `file:${join(dir, 'bad.db')}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('deployment.model.parasitics.wireResistance: unknown key');
  });
});
