/**
 * One in-the-loop programming step on faulty devices ([K], SPEC §7.6): ΔRᵢ = fᵢ·ΔRᵢ^ideal + ηᵢ. The noise laws are those
 * of the authors' public code (IGITUGraz/Fault-Pruning, `update_memristive_vars`, `get_R_with_readout_noise`).
 */
import type { Rng } from '../rng/rng.js';
import { assertNonNegative } from '../validate.js';

/** Switching and read noise of a resistance update, both relative to the device's current resistance. Pure JSON data. */
export interface UpdateNoiseConfig {
  kind: 'update-noise';
  /**
   * ν_s: switching noise level, dimensionless. η_s ~ N(0, (ν_s·R/3)²) clipped to ±ν_s·R (the authors' "almost all within
   * 3σ"), added to every device that receives a pulse. The authors use 0.01. 0 = off. @default 0
   */
  switchingNoiseLevel: number;
  /** ν_r: read-out noise level, dimensionless: the read-back change carries ν_r·R·U(−1, 1). 0 = off. @default 0 */
  readNoiseLevel: number;
}

/** No noise. */
export const NO_UPDATE_NOISE: Readonly<UpdateNoiseConfig> = Object.freeze({ kind: 'update-noise', switchingNoiseLevel: 0, readNoiseLevel: 0 });

/** The authors' switching noise level 0.01 (their `delta_scaling_factor`), no read noise (their update path reads none). */
export const KRAISNIKOVIC_UPDATE_NOISE: Readonly<UpdateNoiseConfig> = Object.freeze({ kind: 'update-noise', switchingNoiseLevel: 0.01, readNoiseLevel: 0 });

/**
 * Applies one requested update to every device and returns the changes that happen (not mutating the inputs):
 *   ΔRᵢ = fᵢ·ΔRᵢ^ideal + η_s + η_r  when ΔRᵢ^ideal ≠ 0, and exactly 0 when no change was requested (no pulse, no noise).
 * Units: resistances and changes in Ω (any one unit). Draw order (fixed): per device in index order one `rng.normal()`
 * (switching) then one `rng.uniform()` (read), always — also for devices without a pulse and at zero noise.
 * With f = 1 and both levels 0 the result is the ideal change bit for bit.
 * @param resistance Rᵢ before the update (> 0), sets the scale of the relative noise
 */
export function applyUpdate(resistance: Float64Array, idealDelta: Float64Array, factors: Float64Array, noise: UpdateNoiseConfig, rng: Rng): Float64Array {
  if (resistance.length !== idealDelta.length || factors.length !== idealDelta.length) {
    throw new RangeError(`applyUpdate: lengths differ (resistance ${resistance.length}, idealDelta ${idealDelta.length}, factors ${factors.length})`);
  }
  assertNonNegative('switchingNoiseLevel', noise.switchingNoiseLevel);
  assertNonNegative('readNoiseLevel', noise.readNoiseLevel);
  const delta = new Float64Array(idealDelta.length);
  for (let i = 0; i < delta.length; i++) {
    const z = rng.normal();
    const u = rng.uniform();
    if (idealDelta[i] === 0) continue;
    let change = factors[i] * idealDelta[i];
    if (noise.switchingNoiseLevel > 0) {
      const bound = noise.switchingNoiseLevel * resistance[i];
      change += Math.max(-bound, Math.min(bound, (bound / 3) * z));
    }
    if (noise.readNoiseLevel > 0) change += noise.readNoiseLevel * resistance[i] * (2 * u - 1);
    delta[i] = change;
  }
  return delta;
}
