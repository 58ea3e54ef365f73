import { describe, expect, it } from 'vitest';
import { normalCdf, normalPdf } from './normal.js';

describe('normalCdf', () => {
  // Reference: 0.5·erfc(−x/√2) from CPython's math.erfc (correctly rounded to ~1 ulp).
  const reference: Array<[number, number]> = [
    [-38, 2.88542835e-316],
    [-20, 2.7536241186063314e-89],
    [-10, 7.619853024160593e-24],
    [-5, 2.866515718791946e-7],
    [-3.0000001, 0.0013498975884453205],
    [-3, 0.0013498980316300957],
    [-2.9999, 0.0013503412829549248],
    [-1.96, 0.024997895148220435],
    [-1, 0.15865525393145707],
    [-0.5, 0.3085375387259869],
    [0, 0.5],
    [0.3, 0.6179114221889526],
    [1, 0.8413447460685429],
    [2, 0.9772498680518208],
    [3, 0.9986501019683699],
    [3.5, 0.9997673709209645],
    [5, 0.9999997133484281],
    [8, 0.9999999999999993],
  ];
  it.each(reference)('Φ(%d) matches erfc to ~1e-14 relative', (x, expected) => {
    const got = normalCdf(x);
    if (expected < 1e-300) expect(got).toBeCloseTo(expected, 320);
    else expect(Math.abs(got - expected) / expected).toBeLessThan(1e-13);
  });

  it('is symmetric, monotone across the branch points and saturates', () => {
    for (const x of [0.1, 1.5, 2.99, 3, 3.01, 6]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
    let previous = 0;
    for (let x = -6; x <= 6; x += 0.001) {
      const value = normalCdf(x);
      expect(value).toBeGreaterThanOrEqual(previous);
      previous = value;
    }
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(NaN)).toBeNaN();
  });

  it('has the density as its derivative', () => {
    const h = 1e-5;
    for (const x of [-4, -1, 0, 0.7, 2.5, 3.2]) {
      expect((normalCdf(x + h) - normalCdf(x - h)) / (2 * h)).toBeCloseTo(normalPdf(x), 9);
    }
  });
});
