import { describe, expect, it } from 'vitest';
import { YU2021_FAULTS } from '../faults/stuck-at.js';
import { Rng } from '../rng/rng.js';
import { applyBinaryStuckAt } from './cell-faults.js';
import { mapWeightsToCells, type BitCells } from './mapping.js';
import type { QuantizedWeights } from './quantize.js';

const WEIGHT_BITS = 16;
const ROWS = 256;
const OUTPUTS = 64; // 256 × 64 × 16 = 262,144 cell pairs per mapping
const e1 = YU2021_FAULTS.paperRates.stuckOnRate; // SA1 of [Y]: stuck at 1 = high conductance
const e0 = YU2021_FAULTS.paperRates.stuckOffRate; // SA0 of [Y]

/** Codes with random signs whose magnitude bits are 1 with probability `onesProbability`, so P₍₀,₀₎,t ≈ 1 − that. */
function codesWithBitDensity(onesProbability: number, seed: string, rows = ROWS): QuantizedWeights {
  const rng = Rng.of('spec', 'binary-faults', 'codes', seed);
  const codes = new Int32Array(rows * OUTPUTS);
  for (let i = 0; i < codes.length; i++) {
    let magnitude = 0;
    for (let k = 0; k < WEIGHT_BITS; k++) magnitude = 2 * magnitude + (rng.uniform() < onesProbability ? 1 : 0);
    codes[i] = rng.uniform() < 0.5 ? -magnitude : magnitude;
  }
  return { rows, outputs: OUTPUTS, codes, weightStep: 1 };
}

/** Fraction of cell pairs whose difference G₊ − G₋ changed, i.e. [Y]'s effective error rate. */
function pairErrorRate(programmed: BitCells, faulty: BitCells): number {
  let errors = 0;
  for (let c = 0; c < programmed.positive.length; c++) {
    if (programmed.positive[c] - programmed.negative[c] !== faulty.positive[c] - faulty.negative[c]) errors++;
  }
  return errors / programmed.positive.length;
}

function stateShare(cells: BitCells, a: number, b: number): number {
  let n = 0;
  for (let c = 0; c < cells.positive.length; c++) if (cells.positive[c] === a && cells.negative[c] === b) n++;
  return n / cells.positive.length;
}

/** [Y] eq. 8. */
const analyticTraditional = (p00: number): number => (e1 - e0 - 2 * e1 * e1 + e0 * e1) * p00 + e1 + e0 - e1 * e0;
/** [Y] eq. 9 (P₍₁,₁₎,b = P₍₀,₀₎,t). */
const analyticInversion = (p11: number): number => (e0 - e1 - 2 * e0 * e0 + e0 * e1) * p11 + e1 + e0 - e1 * e0;

describe('applyBinaryStuckAt', () => {
  it('rates 0 return identical cells and still take one draw per cell', () => {
    const cells = mapWeightsToCells(codesWithBitDensity(0.5, 'zero', 16), WEIGHT_BITS, 'traditional');
    const rng = Rng.of('spec', 'draws');
    const out = applyBinaryStuckAt(cells, { stuckOffRate: 0, stuckOnRate: 0 }, rng);
    expect(out.positive).toEqual(cells.positive);
    expect(out.negative).toEqual(cells.negative);
    const reference = Rng.of('spec', 'draws');
    reference.skipTo(2 * 2 * cells.positive.length); // 2 words per uniform, 2 crossbars
    expect(rng.nextUint32()).toBe(reference.nextUint32());
  });

  it('sticks cells at the rates asked, and at the documented draw positions', () => {
    const cells = mapWeightsToCells(codesWithBitDensity(0.5, 'rates', 64), WEIGHT_BITS, 'traditional');
    const out = applyBinaryStuckAt(cells, { stuckOffRate: e0, stuckOnRate: e1 }, Rng.of('spec', 'rates'));
    const replay = Rng.of('spec', 'rates');
    let mismatches = 0;
    let stuckOn = 0;
    let stuckOff = 0;
    for (const [programmed, faulty] of [[cells.positive, out.positive], [cells.negative, out.negative]] as const) {
      for (let c = 0; c < programmed.length; c++) {
        const u = replay.uniform();
        if (faulty[c] !== (u < e0 ? 0 : u < e0 + e1 ? 1 : programmed[c])) mismatches++;
        if (u < e0) stuckOff++;
        else if (u < e0 + e1) stuckOn++;
      }
    }
    expect(mismatches).toBe(0);
    const cellCount = 2 * cells.positive.length; // 131,072
    expect(Math.abs(stuckOn / cellCount - e1)).toBeLessThan(4.5 * Math.sqrt((e1 * (1 - e1)) / cellCount));
    expect(Math.abs(stuckOff / cellCount - e0)).toBeLessThan(4.5 * Math.sqrt((e0 * (1 - e0)) / cellCount));
  });
});

describe('bit inversion vs traditional mapping under SAFs: Monte-Carlo vs [Y] eqs. 8–10', () => {
  it('error frequencies match eqs. 8, 9 and their difference eq. 10 within binomial bounds, for several P₍₀,₀₎,t', () => {
    const report: string[] = [];
    for (const onesProbability of [0.9, 0.6, 0.3, 0.1, 0.02]) {
      const weights = codesWithBitDensity(onesProbability, String(onesProbability));
      const traditional = mapWeightsToCells(weights, WEIGHT_BITS, 'traditional');
      const inversion = mapWeightsToCells(weights, WEIGHT_BITS, 'bit-inversion');
      const pairs = traditional.positive.length;
      const p00 = stateShare(traditional, 0, 0);
      expect(stateShare(inversion, 1, 1)).toBe(p00); // [Y]: P₍₀,₀₎,t = P₍₁,₁₎,b
      expect(stateShare(traditional, 1, 1)).toBe(0); // (1,1) is not a valid traditional state
      expect(stateShare(inversion, 0, 0)).toBe(0);
      const rates = { stuckOffRate: e0, stuckOnRate: e1 };
      // Independent streams per mapping, so the variance of the difference is the sum of the two.
      const measuredT = pairErrorRate(traditional, applyBinaryStuckAt(traditional, rates, Rng.of('spec', 'eq8', onesProbability)));
      const measuredB = pairErrorRate(inversion, applyBinaryStuckAt(inversion, rates, Rng.of('spec', 'eq9', onesProbability)));
      const expectedT = analyticTraditional(p00);
      const expectedB = analyticInversion(p00);
      const sdT = Math.sqrt((expectedT * (1 - expectedT)) / pairs);
      const sdB = Math.sqrt((expectedB * (1 - expectedB)) / pairs);
      expect(Math.abs(measuredT - expectedT)).toBeLessThan(4.5 * sdT);
      expect(Math.abs(measuredB - expectedB)).toBeLessThan(4.5 * sdB);
      const expectedDifference = 2 * p00 * (e1 - e0) * (1 - e1 - e0); // eq. 10
      expect(expectedT - expectedB).toBeCloseTo(expectedDifference, 14);
      expect(Math.abs(measuredT - measuredB - expectedDifference)).toBeLessThan(4.5 * Math.hypot(sdT, sdB));
      report.push(
        `P00=${p00.toFixed(4)} Pt: MC ${measuredT.toFixed(5)} eq8 ${expectedT.toFixed(5)} | Pb: MC ${measuredB.toFixed(5)} eq9 ${expectedB.toFixed(5)} | ` +
          `diff: MC ${(measuredT - measuredB).toFixed(5)} eq10 ${expectedDifference.toFixed(5)} (sd ${Math.hypot(sdT, sdB).toFixed(5)})`,
      );
    }
    if (process.env.MEMSWEEP_REPORT) console.log(report.join('\n'));
  });

  it('error counts cannot tell a reversed BI assignment from the right one (only the MVM sign test can)', () => {
    const weights = codesWithBitDensity(0.3, 'reversed');
    const inversion = mapWeightsToCells(weights, WEIGHT_BITS, 'bit-inversion');
    const reversed = { ...inversion, positive: inversion.negative, negative: inversion.positive };
    const rates = { stuckOffRate: e0, stuckOnRate: e1 };
    const right = pairErrorRate(inversion, applyBinaryStuckAt(inversion, rates, Rng.of('spec', 'rev')));
    const wrong = pairErrorRate(reversed, applyBinaryStuckAt(reversed, rates, Rng.of('spec', 'rev')));
    expect(Math.abs(right - wrong)).toBeLessThan(0.004); // same law: both follow eq. 9
    expect(Math.abs(wrong - analyticInversion(stateShare(inversion, 1, 1)))).toBeLessThan(0.004);
  });
});
