/**
 * Differential analog mapping [C], SPEC §2.1: every signed weight is a pair of cells (G⁺, G⁻) in [Gmin, Gmax]; the
 * output is I⁺ − I⁻. The bias is one extra row (driven by a constant input of 1), so a layer of `inputs × outputs`
 * becomes two `(inputs + 1) × outputs` conductance matrices.
 */
import { assertDenseLayer, type DenseLayer } from '../layer.js';
import { augmentedMaxAbs } from '../weight-level/perturb.js';
import { assertConfigShape, assertIntegerAtLeast, assertPositive } from './config-checks.js';

/** How a layer's weights become conductance pairs. Plain JSON data. */
export interface DifferentialMapping {
  kind: 'differential';
  /** Lowest programmable conductance Gmin (S), = 1/R_max. A zero weight is two cells at Gmin. */
  gMin: number;
  /** Gmax/Gmin (dimensionless, > 1). @default 15 [C] */
  gMaxOverGMin: number;
  /**
   * Number of conductance levels per cell, 2^b, counting Gmin and Gmax: |w|/w_max is rounded to one of
   * 0, 1/(L−1), …, 1. b = 4 → 16 [C]; b = 8 → 256 [X]. null = analog (no rounding). @default 16
   */
  levels: number | null;
  /**
   * w_max, the weight that maps to Gmax: 'layer-max' = max |w| over the layer's weights and bias, or a fixed clip value
   * (weight units, > 0); weights beyond ±clip are clipped to ±clip. @default 'layer-max'
   */
  clip: 'layer-max' | number;
}

const MAPPING_KEYS = ['gMin', 'gMaxOverGMin', 'levels', 'clip'] as const;

/** Throws a `RangeError` unless `mapping` is a valid `DifferentialMapping` with no unknown keys. */
export function assertDifferentialMapping(mapping: DifferentialMapping): void {
  assertConfigShape(mapping, 'differential', MAPPING_KEYS);
  assertPositive('gMin', mapping.gMin);
  if (!(Number.isFinite(mapping.gMaxOverGMin) && mapping.gMaxOverGMin > 1)) {
    throw new RangeError(`gMaxOverGMin must be a finite number > 1, got ${String(mapping.gMaxOverGMin)}`);
  }
  if (mapping.levels !== null) assertIntegerAtLeast('levels', mapping.levels, 2);
  if (mapping.clip !== 'layer-max') assertPositive('clip', mapping.clip);
}

/** Gmax = Gmin·(Gmax/Gmin) (S). */
export function gMaxOf(mapping: Pick<DifferentialMapping, 'gMin' | 'gMaxOverGMin'>): number {
  return mapping.gMin * mapping.gMaxOverGMin;
}

/**
 * A layer written to a differential pair of arrays. Conductances are Float64Array (S): the nodal solver and the
 * parasitic models work in float64, and Gmin ≈ 1e-6 S must not cost the small weights their precision.
 */
export interface DifferentialConductances {
  /** Rows: the layer's inputs + 1 (the last row is the bias, driven by a constant input of 1). */
  rows: number;
  /** Columns: the layer's outputs. */
  columns: number;
  /** Positive array, row-major rows × columns (S). */
  gPlus: Float64Array;
  /** Negative array, row-major rows × columns (S). Driven by the negated inputs, so the output is I⁺ − I⁻. */
  gMinus: Float64Array;
  /** Gmin (S). */
  gMin: number;
  /** Gmax (S). */
  gMax: number;
  /** The weight that maps to Gmax (weight units; 0 for an all-zero layer). */
  wMax: number;
}

/** Rounds a normalized magnitude m ∈ [0, 1] to the nearest of `levels` evenly spaced levels (null = unchanged). */
export function quantizeMagnitude(m: number, levels: number | null): number {
  if (levels === null) return m;
  return Math.round(m * (levels - 1)) / (levels - 1);
}

/**
 * Maps a dense layer onto a differential pair (SPEC §2.1): for w ≥ 0, G⁺ = Gmin + (Gmax − Gmin)·q(|w|/w_max) and
 * G⁻ = Gmin; for w < 0 the roles swap (q = quantization to `levels`, |w| clipped at w_max). The input is not mutated.
 */
export function mapLayerDifferential(layer: DenseLayer, mapping: DifferentialMapping): DifferentialConductances {
  assertDenseLayer(layer);
  assertDifferentialMapping(mapping);
  const rows = layer.inputs + 1;
  const columns = layer.outputs;
  const gMin = mapping.gMin;
  const gMax = gMaxOf(mapping);
  const span = gMax - gMin;
  const wMax = mapping.clip === 'layer-max' ? augmentedMaxAbs(layer) : mapping.clip;
  const gPlus = new Float64Array(rows * columns).fill(gMin);
  const gMinus = new Float64Array(rows * columns).fill(gMin);
  if (wMax > 0) {
    const nWeights = layer.weights.length;
    for (let k = 0; k < rows * columns; k++) {
      const w = k < nWeights ? layer.weights[k] : layer.bias[k - nWeights];
      const magnitude = quantizeMagnitude(Math.min(Math.abs(w) / wMax, 1), mapping.levels);
      if (w >= 0) gPlus[k] = gMin + span * magnitude;
      else gMinus[k] = gMin + span * magnitude;
    }
  }
  return { rows, columns, gPlus, gMinus, gMin, gMax, wMax };
}

/** Weight units per siemens of G⁺ − G⁻: w_max/(Gmax − Gmin). */
export function weightPerSiemens(conductances: Pick<DifferentialConductances, 'wMax' | 'gMax' | 'gMin'>): number {
  return conductances.wMax / (conductances.gMax - conductances.gMin);
}

/**
 * Reads a pair back as weights, ignoring parasitics: w_eff = w_max·(G⁺ − G⁻)/(Gmax − Gmin), rounded once to float32.
 * With analog levels and untouched cells, w_eff equals the original weight bit for bit whenever |w| ≥ 2⁻²⁴·w_max, and
 * within 2⁻⁵⁰·w_max otherwise (float64 rounding of Gmin + span·|w|/w_max, then of the difference).
 */
export function readBackDifferential(conductances: DifferentialConductances): DenseLayer {
  const { rows, columns, gPlus, gMinus } = conductances;
  const span = conductances.gMax - conductances.gMin;
  const wMax = conductances.wMax;
  const inputs = rows - 1;
  const weights = new Float32Array(inputs * columns);
  const bias = new Float32Array(columns);
  for (let k = 0; k < rows * columns; k++) {
    const w = wMax === 0 ? 0 : ((gPlus[k] - gMinus[k]) / span) * wMax;
    if (k < weights.length) weights[k] = w;
    else bias[k - weights.length] = w;
  }
  return { inputs, outputs: columns, weights, bias };
}
