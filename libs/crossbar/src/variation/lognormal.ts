/** Device-to-device programming variation [W eq. 1], SPEC §4. */
import type { Rng } from '../rng/rng.js';
import { assertNonNegative } from '../validate.js';

/**
 * Log-normal programming variation [W eq. 1]: x̃ᵢ = xᵢ·exp(θᵢ), θᵢ ~ N(0, σ²), independent per element.
 * `values` are conductances (S) or, in the weight-level model, weights (any unit); the factor is dimensionless, so the
 * output has the unit of the input. `sigma` is the standard deviation of θ, i.e. of ln(x̃/x) (dimensionless; [W] sweeps
 * 0.5–1.3). Draws one `rng.normal()` per element in index order; σ = 0 returns an exact copy and draws nothing.
 * The input is never mutated.
 */
export function applyLogNormal(values: Float32Array, sigma: number, rng: Rng): Float32Array {
  assertNonNegative('sigma', sigma);
  const out = values.slice();
  if (sigma === 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = values[i] * Math.exp(sigma * rng.normal());
  return out;
}
