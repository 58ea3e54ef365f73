// The samplers are tested as distributions, not only for determinism (SPEC §9).
import { describe, expect, it } from 'vitest';
import { kolmogorovSmirnov } from '../stats/kolmogorov-smirnov.js';
import { normalCdf } from '../stats/normal.js';
import { Rng } from './rng.js';

const SAMPLES = 1_000_000;
const uniformCdf = (x: number): number => Math.min(1, Math.max(0, x));

function draw(fill: (out: Float64Array) => void): Float64Array {
  const out = new Float64Array(SAMPLES);
  fill(out);
  return out;
}

describe('Rng as a distribution (1,000,000 draws each)', () => {
  it('uniform() passes a Kolmogorov–Smirnov test against U[0, 1)', () => {
    const rng = Rng.of('spec', 'rng-distribution', 'uniform');
    const sample = draw((out) => rng.fillUniform(out));
    expect(kolmogorovSmirnov(sample, uniformCdf).pValue).toBeGreaterThan(0.001);
  });

  it('normal() passes a Kolmogorov–Smirnov test against N(0, 1), with the right mean and variance', () => {
    const rng = Rng.of('spec', 'rng-distribution', 'normal');
    const sample = draw((out) => rng.fillNormal(out));
    expect(kolmogorovSmirnov(sample, normalCdf).pValue).toBeGreaterThan(0.001);
    let sum = 0;
    for (const z of sample) sum += z;
    const mean = sum / SAMPLES;
    let squares = 0;
    for (const z of sample) squares += (z - mean) * (z - mean);
    const variance = squares / (SAMPLES - 1);
    // 4-sigma Monte-Carlo bounds: sd(mean) = 1/√n, sd(sample variance) = √(2/(n−1)).
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(SAMPLES));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / (SAMPLES - 1)));
  });

  it('the odd (cosine) and even (sine) Box–Muller outputs are each N(0, 1)', () => {
    // A sampler that reused bits between the pair would pass the pooled test yet fail one of these halves.
    const rng = Rng.of('spec', 'rng-distribution', 'normal-halves');
    const pairs = draw((out) => rng.fillNormal(out));
    const cosines = new Float64Array(SAMPLES / 2);
    const sines = new Float64Array(SAMPLES / 2);
    for (let i = 0; i < SAMPLES / 2; i++) {
      cosines[i] = pairs[2 * i];
      sines[i] = pairs[2 * i + 1];
    }
    expect(kolmogorovSmirnov(cosines, normalCdf).pValue).toBeGreaterThan(0.001);
    expect(kolmogorovSmirnov(sines, normalCdf).pValue).toBeGreaterThan(0.001);
  });
});
