/** Stuck-at faults on binary cells (SPEC §3, [Y] §II-B.2): each cell is stuck at 1, stuck at 0, or free. */
import type { Rng } from '../rng/rng.js';
import { assertStuckRates } from '../validate.js';
import type { BitCells } from './mapping.js';

/** Stuck rates of binary cells, named by state. In [Y]'s names e₁ (SA1) = stuckOnRate and e₀ (SA0) = stuckOffRate. */
export interface BinaryStuckRates {
  /** Probability a cell is stuck at 0 (low conductance). */
  stuckOffRate: number;
  /** Probability a cell is stuck at 1 (high conductance). */
  stuckOnRate: number;
}

/**
 * Returns new cells with stuck-at faults applied (the input is not mutated). Per cell, one `rng.uniform()` u:
 * u < stuckOffRate → 0; u < stuckOffRate + stuckOnRate → 1; otherwise the programmed value.
 * Draw order (a fixed contract): every cell of the positive crossbar row-major, then every cell of the negative crossbar
 * row-major; exactly one draw per cell even when both rates are 0, so the stream always advances by 2·rows·columns
 * draws and a cell's draw does not depend on the rates (common random numbers across fault strengths). Rates 0 return
 * cells bit-identical to the input.
 */
export function applyBinaryStuckAt(cells: BitCells, rates: BinaryStuckRates, rng: Rng): BitCells {
  assertStuckRates(rates.stuckOffRate, rates.stuckOnRate);
  const stuckLimit = rates.stuckOffRate + rates.stuckOnRate;
  const faulty = (programmed: Uint8Array): Uint8Array => {
    const out = programmed.slice();
    for (let c = 0; c < out.length; c++) {
      const u = rng.uniform();
      if (u < rates.stuckOffRate) out[c] = 0;
      else if (u < stuckLimit) out[c] = 1;
    }
    return out;
  };
  const positive = faulty(cells.positive);
  const negative = faulty(cells.negative);
  return { ...cells, positive, negative };
}
