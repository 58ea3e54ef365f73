/**
 * Cell-level stuck-at faults (SPEC §3): each cell of each differential pair is stuck independently — stuck-off reads
 * Gmin, stuck-on reads Gmax — Bernoulli per cell with the rates of a `StuckAtConfig`.
 */
import type { StuckAtConfig } from '../faults/stuck-at.js';
import type { Rng } from '../rng/rng.js';
import { assertStuckRates } from '../validate.js';
import type { DifferentialConductances } from './differential.js';

/** The per-cell law, given the cell's U[0, 1) draw: u < off → Gmin; u < off + on → Gmax; otherwise g unchanged. */
export function stuckCell(g: number, faultUniform: number, rates: Pick<StuckAtConfig, 'stuckOffRate' | 'stuckOnRate'>, gMin: number, gMax: number): number {
  if (faultUniform < rates.stuckOffRate) return gMin;
  if (faultUniform < rates.stuckOffRate + rates.stuckOnRate) return gMax;
  return g;
}

/**
 * Applies stuck-at faults to both arrays of a pair and returns NEW arrays (the input is not mutated).
 *
 * Draw order (a fixed contract): cells are visited row-major (bias row last); at each position k the positive cell takes
 * one `faults.uniform()`, then the negative cell takes one. Every cell draws exactly once whatever the rates, so the fault
 * map at a given draw is the same for every rate (common random numbers across rates: a cell stuck at some rates is
 * still stuck, possibly in the other state, when the rates grow), and afterwards the stream has advanced by exactly 2·rows·columns uniforms.
 * With both rates 0 the result is bit-identical to the input (the draws are still consumed).
 */
export function applyCellFaults(
  conductances: DifferentialConductances,
  rates: Pick<StuckAtConfig, 'stuckOffRate' | 'stuckOnRate'>,
  faults: Rng,
): DifferentialConductances {
  assertStuckRates(rates.stuckOffRate, rates.stuckOnRate);
  const { gPlus, gMinus, gMin, gMax } = conductances;
  const outPlus = new Float64Array(gPlus.length);
  const outMinus = new Float64Array(gMinus.length);
  for (let k = 0; k < gPlus.length; k++) {
    outPlus[k] = stuckCell(gPlus[k], faults.uniform(), rates, gMin, gMax);
    outMinus[k] = stuckCell(gMinus[k], faults.uniform(), rates, gMin, gMax);
  }
  return { ...conductances, gPlus: outPlus, gMinus: outMinus };
}
