import { compileSweepYaml, planSweep, type PlannedPoint } from '@memsweep/sweep';
import { openStore } from '@memsweep/store';
import { completeWithSyntheticTrials } from '@memsweep/store/testing';

/**
 * TEST DATA, not a simulation: a stored sweep whose trials are fabricated by a formula (no network is trained or
 * deployed), for specs of `query`, `compare` and `plot`. The grid varies every deployment dimension.
 */
export const SYNTHETIC_SWEEP = `
name: synthetic
seed: 1
dataset: { name: mnist, trainSize: 100, testSize: 200, splitSeed: 1 }
network: { kind: mlp, hidden: [8], activation: relu }
training: { epochs: 1, batchSize: 10, learningRate: 0.01 }
methods: [baseline, drop-connect]
seeds: [1, 2]
grid:
  faultRate: [0, 0.1, 0.2]
  dropConnectRate: [0.2, 0.4]
  sigma: [0, 0.5]
  crossbarSize: [64, 128]
trials: 6
shardSize: 6
`;
export const SYNTHETIC_TOTAL = 200;

/** What the chip of `trial` does to every network alike (the common random number), in test images: −10..+10. */
export const chipEffect = (trial: number) => ((trial * 7) % 6) * 4 - 10;

/**
 * Fabricated correct count. Drop-connect halves the fault damage (+0.5·faultRate of accuracy at rate 0.2, +0.25·faultRate
 * at 0.4 relative to baseline); on top, a drop-connect network is off by −1/0/+1 images per chip, so at fault rate 0
 * the arms differ only by that small symmetric term.
 */
export function syntheticCorrect(point: Pick<PlannedPoint, 'faultRate' | 'dropConnectRate' | 'sigma' | 'crossbarSize' | 'seed'>, trial: number): number {
  const damage = point.dropConnectRate === null ? 1 : point.dropConnectRate === 0.2 ? 0.5 : 0.75;
  const accuracy = 0.95 - damage * point.faultRate - 0.1 * point.sigma - (point.crossbarSize === 128 ? 0.02 : 0) - 0.01 * point.seed;
  // Drop-connect networks also react a little to each chip on their own: −1, 0 or +1 images, varying with the trial.
  const own = point.dropConnectRate === null ? 0 : ((trial * 5 + point.seed) % 3) - 1;
  return Math.round(accuracy * SYNTHETIC_TOTAL) + chipEffect(trial) + own;
}

/** Writes the synthetic sweep (under `name`, with other fault rates when given) into the database at `databaseUrl`. */
export async function writeSyntheticSweep(databaseUrl: string, options: { name?: string; faultRates?: number[] } = {}): Promise<string> {
  let yaml = SYNTHETIC_SWEEP;
  if (options.name) yaml = yaml.replace('name: synthetic', `name: ${options.name}`);
  if (options.faultRates) yaml = yaml.replace('faultRate: [0, 0.1, 0.2]', `faultRate: [${options.faultRates.join(', ')}]`);
  const plan = planSweep(compileSweepYaml(yaml), yaml);
  const store = await openStore({ databaseUrl });
  try {
    const { sweepId } = await store.insertPlan(plan, { maxAttempts: 1 });
    await completeWithSyntheticTrials(store, plan, sweepId, (point, trial) => ({ correct: syntheticCorrect(point, trial), total: SYNTHETIC_TOTAL }));
    return sweepId;
  } finally {
    await store.close();
  }
}
