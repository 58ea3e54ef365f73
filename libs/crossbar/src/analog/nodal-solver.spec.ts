import { describe, expect, it } from 'vitest';
import { crossbarColumnCurrentsExact, type CrossbarCircuit } from './nodal-solver.js';

const circuit = (rows: number, columns: number, conductances: number[], rest: Partial<CrossbarCircuit> = {}): CrossbarCircuit => ({
  rows,
  columns,
  conductances: Float64Array.from(conductances),
  sourceResistance: 0,
  neuronResistance: 0,
  wireResistance: 0,
  ...rest,
});

describe('exact nodal solver ([C] §IV-B)', () => {
  it('one cell: I = V/(R_S + 1/G + R_N), with and without wires, and in the R_S = 0, R_N = 0 limits', () => {
    for (const [rS, rN] of [[300, 150], [0, 150], [300, 0], [0, 0]]) {
      for (const wireResistance of [0, 2]) {
        const [current] = crossbarColumnCurrentsExact(circuit(1, 1, [1e-5], { sourceResistance: rS, neuronResistance: rN, wireResistance }), [0.7]);
        expect(current / (0.7 / (rS + 1e5 + rN))).toBeCloseTo(1, 12);
      }
    }
  });

  it('word-line wire, 1 × 2, ideal source and virtual ground: I₀ = V·G₀, I₁ = V/(r_w + 1/G₁)', () => {
    const currents = crossbarColumnCurrentsExact(circuit(1, 2, [2e-5, 1e-5], { wireResistance: 1e3 }), [0.5]);
    expect(currents[0] / (0.5 * 2e-5)).toBeCloseTo(1, 12);
    expect(currents[1] / (0.5 / (1e3 + 1e5))).toBeCloseTo(1, 12);
  });

  it('bit-line wire, 2 × 1: the upper cell reaches ground through one segment', () => {
    const [g0, g1, rW, v0, v1] = [2e-5, 1e-5, 1e3, 0.3, 0.9];
    const x = (g0 * v0) / (g0 + 1 / rW);
    const [current] = crossbarColumnCurrentsExact(circuit(2, 1, [g0, g1], { wireResistance: rW }), [v0, v1]);
    expect(current / (x / rW + g1 * v1)).toBeCloseTo(1, 12);
  });

  it('zero inputs give zero currents; without parasitics the currents are Gᵀ·V', () => {
    expect(Array.from(crossbarColumnCurrentsExact(circuit(2, 2, [1e-5, 2e-5, 3e-5, 4e-5], { sourceResistance: 100, neuronResistance: 100 }), [0, 0]))).toEqual([0, 0]);
    const currents = crossbarColumnCurrentsExact(circuit(2, 2, [1e-5, 2e-5, 3e-5, 4e-5]), [1, 2]);
    expect(currents[0]).toBeCloseTo(7e-5, 18);
    expect(currents[1]).toBeCloseTo(10e-5, 18);
  });

  it('rejects a shape mismatch and negative resistances', () => {
    expect(() => crossbarColumnCurrentsExact(circuit(2, 2, [1, 2, 3]), [1, 1])).toThrow(RangeError);
    expect(() => crossbarColumnCurrentsExact(circuit(1, 1, [1e-5], { sourceResistance: -1 }), [1])).toThrow(RangeError);
    expect(() => crossbarColumnCurrentsExact(circuit(1, 1, [1e-5]), [1, 2])).toThrow(RangeError);
  });
});
