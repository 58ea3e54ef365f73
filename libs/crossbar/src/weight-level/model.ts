/**
 * The weight-level deployment model (SPEC §2.2): [W] and [X] do not model cells, they act on each weight directly.
 * Its parameters are plain JSON data; the law that applies them to one weight is `weightLevelCell`.
 */
import { assertNonNegative, assertStuckRates } from '../validate.js';

/** What a stuck-on weight reads. See `WeightLevelModel.stuckOnValue`. */
export type StuckOnValue = 'signed-max' | 'positive-max';

/** The weight-level deployment model: faults and variation act on weights, not on conductance pairs. */
export interface WeightLevelModel {
  kind: 'weight-level';
  /**
   * What a stuck-on weight reads, w_max being the layer's max |w| (weights and bias).
   * 'signed-max': +w_max with the sign of the weight, so a weight ≥ 0 (including 0) reads +w_max and a negative weight
   * −w_max — SPEC §2.2's reading of [W]'s "maximum value" for a differential pair.
   * 'positive-max': +w_max whatever the sign, as the reference benchmark /work/shared/bench/ref_mc.py does.
   * @default 'signed-max'
   */
  stuckOnValue: StuckOnValue;
}

/** The default weight-level model (SPEC §2.2). */
export const DEFAULT_WEIGHT_LEVEL_MODEL: Readonly<WeightLevelModel> = Object.freeze({ kind: 'weight-level', stuckOnValue: 'signed-max' });

const STUCK_ON_VALUES: readonly StuckOnValue[] = ['signed-max', 'positive-max'];
const MODEL_KEYS = new Set(['kind', 'stuckOnValue']);

/** Throws a `RangeError` unless `model` is a valid `WeightLevelModel` with no unknown keys (a misspelt key is an error). */
export function assertWeightLevelModel(model: WeightLevelModel): void {
  if (model === null || typeof model !== 'object') throw new RangeError(`weight-level model must be an object, got ${String(model)}`);
  if (model.kind !== 'weight-level') throw new RangeError(`weight-level model: kind must be 'weight-level', got ${JSON.stringify(model.kind)}`);
  if (!STUCK_ON_VALUES.includes(model.stuckOnValue)) {
    throw new RangeError(`weight-level model: stuckOnValue must be one of ${STUCK_ON_VALUES.join(', ')}, got ${JSON.stringify(model.stuckOnValue)}`);
  }
  for (const key of Object.keys(model)) {
    if (!MODEL_KEYS.has(key)) throw new RangeError(`weight-level model: unknown key ${JSON.stringify(key)} (valid keys: ${[...MODEL_KEYS].join(', ')})`);
  }
}

/** One deployment point in the weight-level model: the non-idealities' strengths and the model that applies them. */
export interface WeightLevelDeployment {
  /** Probability a weight is stuck-off (reads 0). 0 = off. */
  stuckOffRate: number;
  /** Probability a weight is stuck-on (reads the model's stuck-on value). 0 = off. stuckOffRate + stuckOnRate ≤ 1. */
  stuckOnRate: number;
  /** σ of the log-normal variation [W eq. 1]: standard deviation of ln(w̃/w), dimensionless. 0 = off. */
  sigma: number;
  /** How the faults read. */
  model: WeightLevelModel;
}

/** Throws a `RangeError` unless the deployment's rates, σ and model are valid. */
export function assertWeightLevelDeployment(deployment: WeightLevelDeployment): void {
  assertStuckRates(deployment.stuckOffRate, deployment.stuckOnRate);
  assertNonNegative('sigma', deployment.sigma);
  assertWeightLevelModel(deployment.model);
}

/** True when the deployment perturbs anything; when false, deployment returns the weights bit for bit. */
export function weightLevelIsActive(deployment: Pick<WeightLevelDeployment, 'stuckOffRate' | 'stuckOnRate' | 'sigma'>): boolean {
  return deployment.stuckOffRate > 0 || deployment.stuckOnRate > 0 || deployment.sigma > 0;
}

/**
 * The weight-level law for one cell, given its two draws:
 *   faultUniform < stuckOffRate                  → 0                       (stuck-off)
 *   faultUniform < stuckOffRate + stuckOnRate    → stuck-on value (±w_max) (stuck-on)
 *   otherwise                                    → weight·exp(σ·variationNormal)  [W eq. 1]
 * Stuck cells get no variation: they read the fixed fault value. With σ = 0 an unstuck weight is returned unchanged.
 * @param weight the programmed weight
 * @param wMax the layer's max |w| over weights and bias (≥ 0, same unit as the weight)
 * @param faultUniform a U[0, 1) draw
 * @param variationNormal an N(0, 1) draw
 */
export function weightLevelCell(
  weight: number,
  wMax: number,
  faultUniform: number,
  variationNormal: number,
  deployment: WeightLevelDeployment,
): number {
  if (faultUniform < deployment.stuckOffRate) return 0;
  if (faultUniform < deployment.stuckOffRate + deployment.stuckOnRate) {
    return deployment.model.stuckOnValue === 'signed-max' && weight < 0 ? -wMax : wMax;
  }
  return deployment.sigma === 0 ? weight : weight * Math.exp(deployment.sigma * variationNormal);
}
