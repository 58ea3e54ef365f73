/**
 * One layer on one chip in the cell-level analog model: map → device variation → stuck cells → chip corner → fold the
 * parasitics and tiling into one effective float32 layer (weight units), so a chip evaluates as a plain matmul.
 */
import type { DenseLayer } from '../layer.js';
import type { Rng } from '../rng/rng.js';
import { assertNonNegative, assertStuckRates } from '../validate.js';
import { applyCellFaults } from './cell-faults.js';
import { assertConfigShape } from './config-checks.js';
import { assertDifferentialMapping, mapLayerDifferential, type DifferentialMapping } from './differential.js';
import { assertParasitics, parasiticsIsActive, type ParasiticsConfig } from './parasitics.js';
import { assertTiling, foldDifferentialLayer, type TilingConfig } from './tiling.js';
import { applyChipCorner, applyConductanceLogNormal, assertChipCorner, chipCornerFactor, type ChipCorner } from './variation.js';

/** A deployment point of the analog cell-level model. Plain JSON data; every strength 0 = off. */
export interface AnalogDeployment {
  kind: 'analog';
  /** Weight → conductance-pair mapping, quantization included. */
  mapping: DifferentialMapping;
  /** Probability a cell (each cell of a pair independently) is stuck at Gmin. 0 = off. */
  stuckOffRate: number;
  /** Probability a cell is stuck at Gmax. 0 = off. stuckOffRate + stuckOnRate ≤ 1. */
  stuckOnRate: number;
  /** σ of the device-to-device log-normal variation on conductances [W] (dimensionless). 0 = off. */
  sigma: number;
  /** Chip-to-chip process corner [C]. */
  chipCorner: ChipCorner;
  /** Source and neuron resistance [C]. */
  parasitics: ParasiticsConfig;
  /** How the layer is cut into crossbar tiles. */
  tiling: TilingConfig;
}

const DEPLOYMENT_KEYS = ['mapping', 'stuckOffRate', 'stuckOnRate', 'sigma', 'chipCorner', 'parasitics', 'tiling'] as const;

/** Throws a `RangeError` unless every part of the deployment is valid (unknown keys included, at every level). */
export function assertAnalogDeployment(deployment: AnalogDeployment): void {
  assertConfigShape(deployment, 'analog', DEPLOYMENT_KEYS);
  assertDifferentialMapping(deployment.mapping);
  assertStuckRates(deployment.stuckOffRate, deployment.stuckOnRate);
  assertNonNegative('sigma', deployment.sigma);
  assertChipCorner(deployment.chipCorner);
  assertParasitics(deployment.parasitics);
  assertTiling(deployment.tiling);
}

/**
 * True when the deployment perturbs anything beyond float rounding: faults, variation, a chip corner, parasitics, or
 * level quantization (levels ≠ null). When false, `deployLayerAnalog` returns the weights as `readBackDifferential` does.
 */
export function analogIsActive(deployment: AnalogDeployment): boolean {
  return (
    deployment.stuckOffRate > 0 ||
    deployment.stuckOnRate > 0 ||
    deployment.sigma > 0 ||
    chipCornerFactor(deployment.chipCorner) !== 1 ||
    parasiticsIsActive(deployment.parasitics) ||
    deployment.mapping.levels !== null
  );
}

/** The random streams of one layer of one chip (key them as `layerStreams` in chip.ts does). */
export interface AnalogLayerStreams {
  /** Two `uniform()` per weight position (positive cell, then negative cell), row-major, bias row last. */
  faults: Rng;
  /** Two `normal()` per weight position in the same order. */
  variation: Rng;
}

/**
 * Deploys one dense layer on one analog chip and returns its effective layer (weight units, float32).
 * Order: `mapLayerDifferential` → `applyConductanceLogNormal` (σ) → `applyCellFaults` (stuck cells take exactly Gmin or
 * Gmax, so they carry no programming variation) → `applyChipCorner` (every cell, stuck ones included: the corner is a
 * chip-wide process shift) → `foldDifferentialLayer` (parasitics per tile). Every cell consumes its draws whatever the
 * strengths; strength 0 everywhere with analog levels returns `readBackDifferential(mapLayerDifferential(layer))`, i.e.
 * the original weights bit for bit whenever |w| ≥ 2⁻²⁴·w_max (within 2⁻⁵⁰·w_max below that).
 */
export function deployLayerAnalog(layer: DenseLayer, deployment: AnalogDeployment, streams: AnalogLayerStreams): DenseLayer {
  assertAnalogDeployment(deployment);
  const mapped = mapLayerDifferential(layer, deployment.mapping);
  const varied = applyConductanceLogNormal(mapped, deployment.sigma, streams.variation);
  const faulty = applyCellFaults(varied, deployment, streams.faults);
  const cornered = applyChipCorner(faulty, deployment.chipCorner);
  return foldDifferentialLayer(cornered, deployment.parasitics, deployment.tiling);
}
