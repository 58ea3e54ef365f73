/** Seeded fixtures for the analog specs (excluded from the build by the `*.test-helpers.ts` rule). */
import type { DenseLayer } from '../layer.js';
import { Rng } from '../rng/rng.js';

/** A dense layer with N(0, 1) weights and biases drawn from `Rng.of('spec', 'analog', ...key)`. */
export function randomLayer(inputs: number, outputs: number, ...key: (string | number)[]): DenseLayer {
  const rng = Rng.of('spec', 'analog', ...key);
  const weights = new Float32Array(inputs * outputs);
  rng.fillNormal(weights);
  const bias = new Float32Array(outputs);
  rng.fillNormal(bias);
  return { inputs, outputs, weights, bias };
}

/** `count` uniform draws in [lo, hi) as float64. */
export function uniformVector(count: number, lo: number, hi: number, ...key: (string | number)[]): Float64Array {
  const rng = Rng.of('spec', 'analog', 'vector', ...key);
  return Float64Array.from({ length: count }, () => lo + (hi - lo) * rng.uniform());
}

/** Max over k of |a[k] − b[k]| / max |b|. */
export function maxRelativeDeviation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let worst = 0;
  for (let k = 0; k < b.length; k++) scale = Math.max(scale, Math.abs(b[k]));
  for (let k = 0; k < b.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  return worst / scale;
}
