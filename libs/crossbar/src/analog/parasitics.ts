/**
 * Source and neuron resistance of one crossbar tile [C], SPEC §5. Inputs are row voltages Vᵢ, cells Gᵢⱼ (S), outputs
 * the column currents Iⱼ into the neurons. Both models below are one fixed linear map per tile and chip,
 * I = Tᵀ·V, returned as the tile's *effective conductance matrix* T (rows × columns, S, row-major like G), so a
 * deployed layer folds into one plain matrix (see tiling.ts).
 *
 * First-order [C eqs. 1–3]:  αᵢ = 1/(1 + R_S·Σⱼ Gᵢⱼ) (fan-out),  βⱼ = 1/(1 + R_N·Σᵢ Gᵢⱼ) (fan-in),  T = diag(α)·G·diag(β).
 * Ideal-wire (exact for ideal wires; Kirchhoff at the row nodes uᵢ and column nodes xⱼ = R_N·Iⱼ):
 *   I = I₀ + K·I,  I₀ = diag(β)·Gᵀ·diag(α)·V,  K = R_S·R_N·diag(β)·Gᵀ·diag(α)·G  (C×C),
 *   so Tᵀ = (1 − K)⁻¹·diag(β)·Gᵀ·diag(α), one dense C×C LU per tile.
 * K ≥ 0 elementwise, so for non-negative inputs the first-order model under-estimates every current; it is exact when
 * R_S = 0 or R_N = 0 (then K = 0).
 */
import { assertNonNegative } from '../validate.js';
import { assertConfigShape } from './config-checks.js';
import { luFactor, luSolve } from './dense-lu.js';

/** Source and neuron resistance, and which tile model applies them. Plain JSON data. */
export interface ParasiticsConfig {
  kind: 'parasitics';
  /** R_S, each row driver's series resistance (Ω, ≥ 0). [C]: 200–800 Ω. 0 = off. @default 0 */
  sourceResistance: number;
  /** R_N, each column neuron's input resistance to ground (Ω, ≥ 0). [C]: 0–200 Ω. 0 = off. @default 0 */
  neuronResistance: number;
  /**
   * 'first-order': [C]'s model (what it trains with). 'ideal-wire': the exact (1 − K)⁻¹ answer for ideal wires, same
   * evaluation cost, one C×C solve per tile and chip. Identical when either resistance is 0.
   * @default 'ideal-wire'
   */
  model: 'first-order' | 'ideal-wire';
}

/** No parasitics: every tile reads its conductances exactly. */
export const NO_PARASITICS: Readonly<ParasiticsConfig> = Object.freeze({ kind: 'parasitics', sourceResistance: 0, neuronResistance: 0, model: 'ideal-wire' });

/** Throws a `RangeError` unless the config is valid and has no unknown keys. */
export function assertParasitics(parasitics: ParasiticsConfig): void {
  assertConfigShape(parasitics, 'parasitics', ['sourceResistance', 'neuronResistance', 'model']);
  assertNonNegative('sourceResistance', parasitics.sourceResistance);
  assertNonNegative('neuronResistance', parasitics.neuronResistance);
  if (parasitics.model !== 'first-order' && parasitics.model !== 'ideal-wire') {
    throw new RangeError(`parasitics model must be 'first-order' or 'ideal-wire', got ${JSON.stringify(parasitics.model)}`);
  }
}

/** True when the parasitics change anything (a strength of 0 means off). */
export function parasiticsIsActive(parasitics: Pick<ParasiticsConfig, 'sourceResistance' | 'neuronResistance'>): boolean {
  return parasitics.sourceResistance > 0 || parasitics.neuronResistance > 0;
}

/** The first-order factors of one tile: α per row (source), β per column (neuron), both dimensionless in (0, 1]. */
export interface FirstOrderFactors {
  rowFactors: Float64Array;
  columnFactors: Float64Array;
}

/** αᵢ = 1/(1 + R_S·Σⱼ Gᵢⱼ), βⱼ = 1/(1 + R_N·Σᵢ Gᵢⱼ) for the row-major rows × columns tile `g` (S). */
export function firstOrderFactors(g: Float64Array, rows: number, columns: number, sourceResistance: number, neuronResistance: number): FirstOrderFactors {
  const rowSums = new Float64Array(rows);
  const columnSums = new Float64Array(columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const gij = g[i * columns + j];
      rowSums[i] += gij;
      columnSums[j] += gij;
    }
  }
  return {
    rowFactors: rowSums.map((s) => 1 / (1 + sourceResistance * s)),
    columnFactors: columnSums.map((s) => 1 / (1 + neuronResistance * s)),
  };
}

/**
 * The tile's effective conductance matrix T (rows × columns, row-major, S): column currents are Iⱼ = Σᵢ Tᵢⱼ·Vᵢ.
 * With both resistances 0 it returns an exact copy of `g`. The input is not mutated.
 */
export function tileTransfer(g: Float64Array, rows: number, columns: number, parasitics: ParasiticsConfig): Float64Array {
  const { sourceResistance: rS, neuronResistance: rN } = parasitics;
  if (!parasiticsIsActive(parasitics)) return g.slice();
  const { rowFactors, columnFactors } = firstOrderFactors(g, rows, columns, rS, rN);
  const firstOrder = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) firstOrder[i * columns + j] = rowFactors[i] * g[i * columns + j] * columnFactors[j];
  }
  if (parasitics.model === 'first-order' || rS === 0 || rN === 0) return firstOrder;
  // Rows of T are rows of the first-order matrix pushed through (1 − Kᵀ)⁻¹: Tᵢ,: = (1 − K)⁻¹·(first-order row i).
  const factors = luFactor(oneMinusK(g, rows, columns, rowFactors, columnFactors, rS * rN), columns);
  const transfer = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) transfer.set(luSolve(factors, firstOrder.subarray(i * columns, (i + 1) * columns)), i * columns);
  return transfer;
}

/** 1 − K with K = R_S·R_N·diag(β)·Gᵀ·diag(α)·G (C×C, row-major). */
function oneMinusK(g: Float64Array, rows: number, columns: number, alpha: Float64Array, beta: Float64Array, rSrN: number): Float64Array {
  const gram = new Float64Array(columns * columns); // Gᵀ·diag(α)·G, upper triangle then mirrored
  for (let i = 0; i < rows; i++) {
    const base = i * columns;
    for (let j = 0; j < columns; j++) {
      const weighted = alpha[i] * g[base + j];
      const out = j * columns;
      for (let k = j; k < columns; k++) gram[out + k] += weighted * g[base + k];
    }
  }
  const m = new Float64Array(columns * columns);
  for (let j = 0; j < columns; j++) {
    for (let k = 0; k < columns; k++) {
      const s = j <= k ? gram[j * columns + k] : gram[k * columns + j];
      m[j * columns + k] = (j === k ? 1 : 0) - rSrN * beta[j] * s;
    }
  }
  return m;
}

/** Column currents I = Tᵀ·V (A) of a tile transfer T (rows × columns, S) for row voltages V (V). */
export function tileColumnCurrents(transfer: Float64Array, rows: number, columns: number, voltages: ArrayLike<number>): Float64Array {
  const currents = new Float64Array(columns);
  for (let i = 0; i < rows; i++) {
    const v = voltages[i];
    if (v === 0) continue;
    for (let j = 0; j < columns; j++) currents[j] += transfer[i * columns + j] * v;
  }
  return currents;
}
