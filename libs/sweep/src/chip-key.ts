import { chipKeyToParts, type KeyPart } from '@memsweep/crossbar';
import type { DeploymentConfig } from './plan-types.js';

/**
 * The random-stream key path of one simulated chip (SPEC §9): the sweep seed, the deployment parameters the device
 * model actually reads, and the trial index. Training parameters are left out on purpose, so every method, drop-connect
 * rate and training seed meets the same chips at a point (common random numbers). Parameters the model ignores are left
 * out too (the weight-level model ignores crossbarSize, the bit-sliced one σ), so they cannot change its chips. The
 * weight-level key is exactly what it was before the analog and bit-sliced models existed.
 */
export function chipKeyParts(sweepSeed: number, deployment: DeploymentConfig, trial: number): KeyPart[] {
  const model = deployment.deviceModel;
  const modelInputs: Record<string, unknown> = { model, stuckOffRate: deployment.stuckOffRate, stuckOnRate: deployment.stuckOnRate };
  // σ: read by weight-level and analog (the bit-sliced cells are binary: no σ). crossbarSize: the tile size of the
  // analog and bit-sliced arrays; the weight-level model has no arrays.
  if (model.kind !== 'bit-sliced') modelInputs.sigma = deployment.sigma;
  if (model.kind !== 'weight-level') modelInputs.crossbarSize = deployment.crossbarSize;
  return chipKeyToParts({ sweepSeed, deployment: modelInputs, trial });
}
