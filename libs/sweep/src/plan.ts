import { splitFaultRate } from '@memsweep/crossbar';
import { canonicalJson } from '@memsweep/crossbar';
import { cartesian } from './grid.js';
import { configKey } from './keys.js';
import { methodDescriptor } from './methods.js';
import type { DeploymentConfig, PlannedPoint, PlannedShard, PlannedTraining, SweepPlan, TrainingConfig } from './plan-types.js';
import type { SweepSpec } from './spec-schema.js';

/** Hidden sizes after the width multiplier [X Fig. 2]; at least one unit per layer. */
export function scaleHidden(hidden: readonly number[], width: number): number[] {
  return hidden.map((units) => Math.max(1, Math.round(units * width)));
}

function deploymentFor(spec: SweepSpec, faultRate: number, sigma: number, crossbarSize: number): DeploymentConfig {
  const { stuckOffRate, stuckOnRate } = splitFaultRate(faultRate, spec.deployment.faultPreset);
  return {
    faultRate,
    sigma,
    crossbarSize,
    faultPreset: spec.deployment.faultPreset,
    stuckOffRate,
    stuckOnRate,
    deviceModel: structuredClone(spec.deployment.model) as DeploymentConfig['deviceModel'],
    ...(spec.deployment.batchNormRecalibration ? { batchNormRecalibration: spec.deployment.batchNormRecalibration } : {}),
  };
}

/**
 * Expands a compiled spec into points, deduplicated training runs and evaluation shards. Pure and deterministic:
 * the same spec always gives the same plan with the same keys, which is what lets a restarted coordinator resume.
 */
export function planSweep(spec: SweepSpec, specYaml: string): SweepPlan {
  const grid = spec.grid;
  const deployments = cartesian([
    ['faultRate', grid.faultRate],
    ['sigma', grid.sigma],
    ['crossbarSize', grid.crossbarSize],
  ] as const).map((d) => deploymentFor(spec, d.faultRate, d.sigma, d.crossbarSize));

  const trainings = new Map<string, PlannedTraining>();
  const points: PlannedPoint[] = [];
  for (const entry of spec.methods) {
    const method = methodDescriptor(entry);
    const dropConnectRates = method.trainingDimensions.includes('dropConnectRate') ? (grid.dropConnectRate ?? []) : [null];
    for (const seed of spec.seeds) {
      for (const width of grid.width) {
        for (const dropConnectRate of dropConnectRates) {
          const run = {
            dataset: { ...spec.dataset },
            method: method.build({ dropConnectRate }),
            epochs: spec.training.epochs,
            batchSize: spec.training.batchSize,
            learningRate: spec.training.learningRate,
            seed,
          };
          const network = spec.network;
          const config: TrainingConfig =
            network.kind === 'mlp'
              ? { ...run, hidden: scaleHidden(network.hidden, width), activation: network.activation }
              : { ...run, network: { ...structuredClone(network), width } };
          const trainingKey = configKey(config);
          if (!trainings.has(trainingKey)) trainings.set(trainingKey, { key: trainingKey, config });
          for (const deployment of deployments) {
            const deploymentKey = configKey(deployment);
            points.push({
              index: points.length,
              key: configKey({ trainingKey, deploymentKey }),
              method: method.label,
              faultRate: deployment.faultRate,
              dropConnectRate,
              sigma: deployment.sigma,
              crossbarSize: deployment.crossbarSize,
              width,
              seed,
              trainingKey,
              deploymentKey,
              deployment,
            });
          }
        }
      }
    }
  }

  // Adaptive: every shard up to maxTrials is planned; the store holds back those beyond the stopping rule's frontier.
  const adaptive = spec.montecarlo?.adaptive;
  const trials = adaptive ? adaptive.maxTrials : spec.trials;
  const shards: PlannedShard[] = [];
  for (const point of points) {
    for (let start = 0; start < trials; start += spec.shardSize) {
      shards.push({ pointKey: point.key, trialStart: start, trialEnd: Math.min(trials, start + spec.shardSize) });
    }
  }

  const specJson = canonicalJson(spec);
  return {
    name: spec.name,
    specHash: configKey(spec),
    specJson,
    specYaml,
    seed: spec.seed,
    trialsPerPoint: trials,
    ...(adaptive ? { adaptive } : {}),
    points,
    trainings: [...trainings.values()],
    shards,
  };
}
