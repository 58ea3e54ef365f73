/**
 * Conductance variation and read noise of the cell-level models (SPEC §4): device-to-device log-normal programming
 * variation [W], one chip-wide process corner [C], and additive Gaussian noise on column currents [Y].
 */
import type { Rng } from '../rng/rng.js';
import { assertNonNegative } from '../validate.js';
import { assertConfigShape } from './config-checks.js';
import type { DifferentialConductances } from './differential.js';

/**
 * Log-normal device-to-device variation on conductances [W eq. 1]: g̃ = g·exp(σ·z), z ~ N(0, 1) per cell — the rule of
 * `applyLogNormal`, in float64. Draw order: row-major, the positive cell then the negative cell at each position, one
 * `variation.normal()` per cell whatever σ is (so the variation of a cell does not depend on σ except through σ·z).
 * σ = 0 returns bit-identical arrays. The input is not mutated.
 * @param sigma standard deviation of ln(g̃/g), dimensionless, ≥ 0 ([W] sweeps 0.5–1.3). 0 = off.
 */
export function applyConductanceLogNormal(conductances: DifferentialConductances, sigma: number, variation: Rng): DifferentialConductances {
  assertNonNegative('sigma', sigma);
  const { gPlus, gMinus } = conductances;
  const outPlus = new Float64Array(gPlus.length);
  const outMinus = new Float64Array(gMinus.length);
  for (let k = 0; k < gPlus.length; k++) {
    const zPlus = variation.normal();
    const zMinus = variation.normal();
    outPlus[k] = sigma === 0 ? gPlus[k] : gPlus[k] * Math.exp(sigma * zPlus);
    outMinus[k] = sigma === 0 ? gMinus[k] : gMinus[k] * Math.exp(sigma * zMinus);
  }
  return { ...conductances, gPlus: outPlus, gMinus: outMinus };
}

/**
 * Chip-to-chip variation [C §III-C]: every cell of one chip (both arrays, stuck cells included) is scaled by one factor,
 * a process corner of k standard deviations. Plain JSON data.
 */
export interface ChipCorner {
  kind: 'chip-corner';
  /** k, the corner in standard deviations (dimensionless; [C] sweeps −2 … +2). 0 = off. @default 0 */
  corner: number;
  /** σ_chip, the relative standard deviation of the chip-wide conductance shift (dimensionless, ≥ 0). [C] does not state it. @default 0 */
  sigmaChip: number;
  /**
   * 'linear': G̃ = G·(1 + k·σ_chip), [C]'s "k σ error" on the conductances read literally (a Gaussian process spread), the
   * default because it is [C]'s model; requires 1 + k·σ_chip > 0. 'exponential': G̃ = G·exp(k·σ_chip), the log-normal
   * counterpart (positive for any k, consistent with the device-to-device law). @default 'linear'
   */
  mode: 'linear' | 'exponential';
}

/** No chip-to-chip shift. */
export const NO_CHIP_CORNER: Readonly<ChipCorner> = Object.freeze({ kind: 'chip-corner', corner: 0, sigmaChip: 0, mode: 'linear' });

/** Throws a `RangeError` unless the corner is valid (and, in linear mode, keeps conductances positive). */
export function assertChipCorner(chipCorner: ChipCorner): void {
  assertConfigShape(chipCorner, 'chip-corner', ['corner', 'sigmaChip', 'mode']);
  if (!Number.isFinite(chipCorner.corner)) throw new RangeError(`corner must be finite, got ${String(chipCorner.corner)}`);
  assertNonNegative('sigmaChip', chipCorner.sigmaChip);
  if (chipCorner.mode !== 'linear' && chipCorner.mode !== 'exponential') {
    throw new RangeError(`chip-corner mode must be 'linear' or 'exponential', got ${JSON.stringify(chipCorner.mode)}`);
  }
  if (chipCorner.mode === 'linear' && !(1 + chipCorner.corner * chipCorner.sigmaChip > 0)) {
    throw new RangeError(`linear chip corner needs 1 + corner·sigmaChip > 0, got 1 + ${chipCorner.corner}·${chipCorner.sigmaChip}`);
  }
}

/** The corner's conductance factor: 1 + k·σ_chip or exp(k·σ_chip); exactly 1 when k·σ_chip = 0. */
export function chipCornerFactor(chipCorner: ChipCorner): number {
  const shift = chipCorner.corner * chipCorner.sigmaChip;
  if (shift === 0) return 1;
  return chipCorner.mode === 'linear' ? 1 + shift : Math.exp(shift);
}

/** Scales every cell of both arrays by the corner's factor; a factor of 1 returns bit-identical arrays. Draws nothing. */
export function applyChipCorner(conductances: DifferentialConductances, chipCorner: ChipCorner): DifferentialConductances {
  assertChipCorner(chipCorner);
  const factor = chipCornerFactor(chipCorner);
  return { ...conductances, gPlus: conductances.gPlus.map((g) => g * factor), gMinus: conductances.gMinus.map((g) => g * factor) };
}

/**
 * Computation noise [Y], SPEC §4: J_n = J + n, n ~ N(0, σ_n²) independently per element, drawn per MVM — call it once
 * for each output vector. Returns a new array of the input's type; one `rng.normal()` per element in index order.
 * σ_n = 0 returns an exact copy and draws nothing.
 * @param sigmaN standard deviation of n, in the unit of `columnOutputs` (A for currents; multiply a current σ by
 *   `weightPerSiemens` × volts-per-input-unit to apply it to outputs in weight units). [Y]'s example: σ_n² = 0.4608 (counts).
 */
export function addColumnNoise<T extends Float32Array | Float64Array>(columnOutputs: T, sigmaN: number, rng: Rng): T {
  assertNonNegative('sigmaN', sigmaN);
  const out = columnOutputs.slice() as T;
  if (sigmaN === 0) return out;
  for (let j = 0; j < out.length; j++) out[j] = columnOutputs[j] + sigmaN * rng.normal();
  return out;
}
