import { createHash } from 'node:crypto';
import type { AdaptiveMonteCarlo, DeploymentConfig, PlannedPoint, PlannedShard, PlannedTraining, SweepPlan, TrainingConfig } from '@memsweep/sweep';

export interface TestPlanOptions {
  name?: string;
  /** Distinct training runs. @default 2 */
  trainings?: number;
  /** Points per training run (one fault rate each). @default 2 */
  pointsPerTraining?: number;
  /** @default 4 */
  trialsPerPoint?: number;
  /** Trials per shard. @default 2 */
  shardSize?: number;
  /** Changes the specHash (a different sweep with otherwise equal content). @default 0 */
  variant?: number;
  /** Adaptive Monte-Carlo (its maxTrials replaces trialsPerPoint), written into the spec as a sweep file would. */
  adaptive?: AdaptiveMonteCarlo;
}

/**
 * A small, valid SweepPlan built by hand (no planner involved) for tests of the store and its users. Keys are sha256 of
 * the content, so equal options give equal plans and the same specHash.
 */
export function buildTestPlan(options: TestPlanOptions = {}): SweepPlan {
  const { name = 'test-sweep', trainings: trainingCount = 2, pointsPerTraining = 2, shardSize = 2, variant = 0, adaptive } = options;
  const trialsPerPoint = adaptive?.maxTrials ?? options.trialsPerPoint ?? 4;
  const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
  const trainings: PlannedTraining[] = [];
  const points: PlannedPoint[] = [];
  const shards: PlannedShard[] = [];
  for (let t = 0; t < trainingCount; t++) {
    const dropConnectRate = t % 2 === 0 ? null : 0.5;
    const config: TrainingConfig = {
      dataset: { name: 'mnist', trainSize: 100, testSize: 50, splitSeed: 1 },
      hidden: [16 * (t + 1)],
      activation: 'relu',
      method: dropConnectRate === null ? { name: 'baseline' } : { name: 'drop-connect', rate: dropConnectRate },
      epochs: 1,
      batchSize: 10,
      learningRate: 0.01,
      seed: 1 + t,
    };
    const trainingKey = hash(config);
    trainings.push({ key: trainingKey, config });
    for (let p = 0; p < pointsPerTraining; p++) {
      const deployment: DeploymentConfig = {
        faultRate: p / 10,
        sigma: 0.1,
        crossbarSize: 64,
        faultPreset: 'wang2020',
        stuckOffRate: (p / 10) * 0.8,
        stuckOnRate: (p / 10) * 0.2,
        deviceModel: { kind: 'weight-level', stuckOnValue: 'signed-max' },
      };
      const deploymentKey = hash(deployment);
      const key = hash([trainingKey, deploymentKey]);
      points.push({
        index: points.length,
        key,
        method: config.method.name,
        faultRate: deployment.faultRate,
        dropConnectRate,
        sigma: deployment.sigma,
        crossbarSize: deployment.crossbarSize,
        width: t + 1,
        seed: config.seed,
        trainingKey,
        deploymentKey,
        deployment,
      });
      for (let start = 0; start < trialsPerPoint; start += shardSize) {
        shards.push({ pointKey: key, trialStart: start, trialEnd: Math.min(trialsPerPoint, start + shardSize) });
      }
    }
  }
  const spec = { name, trainingCount, pointsPerTraining, trialsPerPoint, shardSize, variant, ...(adaptive ? { montecarlo: { adaptive } } : {}) };
  return {
    name,
    specHash: hash(spec),
    specJson: JSON.stringify(spec),
    specYaml: `name: ${name}\n`,
    seed: 42,
    trialsPerPoint,
    ...(adaptive ? { adaptive } : {}),
    points,
    trainings,
    shards,
  };
}
