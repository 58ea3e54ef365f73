import { chipKeyToParts, type KeyPart } from '@memsweep/crossbar';
import type { DeploymentConfig } from './plan-types.js';

/**
 * The random-stream key path of one simulated chip (SPEC §9): the sweep seed, the deployment parameters the device
 * model actually reads, and the trial index. Training parameters are left out on purpose, so every method, drop-connect
 * rate and training seed meets the same chips at a point (common random numbers). Parameters the model ignores are left
 * out too (the weight-level model ignores crossbarSize), so they cannot change its chips.
 */
export function chipKeyParts(sweepSeed: number, deployment: DeploymentConfig, trial: number): KeyPart[] {
  const modelInputs = {
    model: deployment.deviceModel,
    stuckOffRate: deployment.stuckOffRate,
    stuckOnRate: deployment.stuckOnRate,
    sigma: deployment.sigma,
  };
  return chipKeyToParts({ sweepSeed, deployment: modelInputs, trial });
}
