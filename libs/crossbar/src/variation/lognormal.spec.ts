import { describe, expect, it } from 'vitest';
import { Rng } from '../rng/rng.js';
import { applyLogNormal } from './lognormal.js';

describe('applyLogNormal [W eq. 1]', () => {
  const n = 1_000_000;
  const ones = new Float32Array(n).fill(1);

  it.each([0.5, 1, 1.3])('σ = %d: E[exp(σθ)] = exp(σ²/2) and Var[ln] = σ², within Monte-Carlo error', (sigma) => {
    const factors = applyLogNormal(ones, sigma, Rng.of('spec', 'lognormal', sigma));
    let sum = 0;
    let logSum = 0;
    let logSquares = 0;
    for (const factor of factors) {
      sum += factor;
      const log = Math.log(factor);
      logSum += log;
      logSquares += log * log;
    }
    const mean = sum / n;
    const logMean = logSum / n;
    const logVariance = (logSquares - n * logMean * logMean) / (n - 1);
    const s2 = sigma * sigma;
    // 4-sigma bounds: Var[exp(σθ)] = (e^{σ²} − 1)·e^{σ²}; the sample variance of N(0, σ²) has sd σ²·√(2/(n−1)).
    expect(Math.abs(mean - Math.exp(s2 / 2))).toBeLessThan(4 * Math.sqrt(((Math.exp(s2) - 1) * Math.exp(s2)) / n));
    expect(Math.abs(logMean)).toBeLessThan(4 * Math.sqrt(s2 / n));
    expect(Math.abs(logVariance - s2)).toBeLessThan(4 * s2 * Math.sqrt(2 / (n - 1)));
  });

  it('multiplies each value by its own factor, is deterministic, and never mutates the input', () => {
    const values = new Float32Array([1, -2, 0.5, 0, 3]);
    const before = values.slice();
    const a = applyLogNormal(values, 0.7, Rng.of('spec', 'lognormal', 'small'));
    const b = applyLogNormal(values, 0.7, Rng.of('spec', 'lognormal', 'small'));
    const rng = Rng.of('spec', 'lognormal', 'small');
    const expected = Float32Array.from(values, (x) => x * Math.exp(0.7 * rng.normal()));
    expect(a).toEqual(expected);
    expect(b).toEqual(a);
    expect(values).toEqual(before);
    expect(a[3]).toBe(0);
    expect(Math.sign(a[1])).toBe(-1);
  });

  it('σ = 0 returns an exact copy (a new array)', () => {
    const values = new Float32Array([1.1, -0, 3e-38, -7]);
    const out = applyLogNormal(values, 0, Rng.of('unused'));
    expect(out).not.toBe(values);
    expect(new Uint8Array(out.buffer)).toEqual(new Uint8Array(values.buffer));
  });

  it('rejects a negative or non-finite σ', () => {
    expect(() => applyLogNormal(ones, -0.1, Rng.of('x'))).toThrow(RangeError);
    expect(() => applyLogNormal(ones, NaN, Rng.of('x'))).toThrow(RangeError);
  });
});
