/**
 * Resistance mapping of [K] (SPEC §2.3): one device per weight, w = α·(1/R − 1/R_C), R ∈ [R_min, R_max]; inverse
 * R = 1/(1/R_C + w/α). The conductance 1/R is affine in w, so fitting α and R_C is mapping a weight interval
 * [w_lo, w_hi] onto the conductance window [1/R_max, 1/R_min]:
 *   α = (w_hi − w_lo)/(1/R_min − 1/R_max),   1/R_C = 1/R_max − w_lo/α.
 * With the 'symmetric' range, [w_lo, w_hi] = [−w_max, +w_max]: a zero weight sits at the window's middle conductance,
 * 1/R_C = (1/R_min + 1/R_max)/2, and ±w map symmetrically. With 'min-max' the layer's own min and max are used, so no
 * conductance is wasted on a sign the layer does not have.
 */
import { assertConfigShape, assertPositive } from './config-checks.js';

/** What to fit a resistance mapping to. Plain JSON data. */
export interface ResistanceWindow {
  kind: 'resistance-window';
  /** Lowest device resistance R_min (Ω, > 0); the largest weight maps here. */
  rMin: number;
  /** Highest device resistance R_max (Ω, > R_min); the smallest (most negative) weight maps here. */
  rMax: number;
  /** Which weight interval fills the window: [−max|w|, +max|w|] or [min w, max w]. @default 'symmetric' */
  range: 'symmetric' | 'min-max';
}

/** A fitted [K] mapping: w = α·(1/R − 1/R_C). */
export interface ResistanceMapping {
  kind: 'resistance';
  /** α (weight units × Ω, i.e. weight per siemens). */
  alpha: number;
  /** R_C, the resistance that reads as weight 0 (Ω). */
  referenceResistance: number;
  /** R_min of the window (Ω). */
  rMin: number;
  /** R_max of the window (Ω). */
  rMax: number;
}

/** Throws a `RangeError` unless the window is valid and has no unknown keys. */
export function assertResistanceWindow(window: ResistanceWindow): void {
  assertConfigShape(window, 'resistance-window', ['rMin', 'rMax', 'range']);
  assertPositive('rMin', window.rMin);
  assertPositive('rMax', window.rMax);
  if (!(window.rMax > window.rMin)) throw new RangeError(`rMax must exceed rMin, got ${window.rMin} .. ${window.rMax}`);
  if (window.range !== 'symmetric' && window.range !== 'min-max') {
    throw new RangeError(`range must be 'symmetric' or 'min-max', got ${JSON.stringify(window.range)}`);
  }
}

/**
 * Fits α and R_C so the weights' interval (see the file comment) fills [R_min, R_max]. A degenerate interval (all
 * weights equal, or all zero) is widened to [−max(|w|, 1), +max(|w|, 1)] so the mapping stays finite.
 */
export function fitResistanceMapping(weights: ArrayLike<number>, window: ResistanceWindow): ResistanceMapping {
  assertResistanceWindow(window);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < weights.length; i++) {
    lo = Math.min(lo, weights[i]);
    hi = Math.max(hi, weights[i]);
  }
  if (window.range === 'symmetric' || !(hi > lo)) {
    const wMax = Math.max(Math.abs(lo), Math.abs(hi));
    const half = hi > lo || wMax > 0 ? wMax : 1;
    [lo, hi] = [-half, half];
  }
  const gLow = 1 / window.rMax;
  const gHigh = 1 / window.rMin;
  const alpha = (hi - lo) / (gHigh - gLow);
  return { kind: 'resistance', alpha, referenceResistance: 1 / (gLow - lo / alpha), rMin: window.rMin, rMax: window.rMax };
}

/** R = 1/(1/R_C + w/α) (Ω). Weights outside the fitted interval give resistances outside [R_min, R_max]: clip first. */
export function weightToResistance(weight: number, mapping: ResistanceMapping): number {
  return 1 / (1 / mapping.referenceResistance + weight / mapping.alpha);
}

/** w = α·(1/R − 1/R_C). */
export function resistanceToWeight(resistance: number, mapping: ResistanceMapping): number {
  return mapping.alpha * (1 / resistance - 1 / mapping.referenceResistance);
}

/** Maps every weight to its resistance (Ω), clipped into [R_min, R_max]. */
export function weightsToResistances(weights: ArrayLike<number>, mapping: ResistanceMapping): Float64Array {
  const out = new Float64Array(weights.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.min(mapping.rMax, Math.max(mapping.rMin, weightToResistance(weights[i], mapping)));
  }
  return out;
}

/** Reads resistances (Ω) back as float32 weights. */
export function resistancesToWeights(resistances: ArrayLike<number>, mapping: ResistanceMapping): Float32Array {
  const out = new Float32Array(resistances.length);
  for (let i = 0; i < out.length; i++) out[i] = resistanceToWeight(resistances[i], mapping);
  return out;
}
