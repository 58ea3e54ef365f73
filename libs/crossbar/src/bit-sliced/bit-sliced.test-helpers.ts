/** Fixtures shared by the bit-sliced specs (excluded from the build by tsconfig). */
import type { DenseLayer } from '../layer.js';
import { Rng } from '../rng/rng.js';

/** A layer with weights and biases uniform in (−1, 1), a share `zeroShare` of them exactly 0. */
export function randomLayer(inputs: number, outputs: number, seed: string, zeroShare = 0.2): DenseLayer {
  const rng = Rng.of('spec', 'bit-sliced', 'layer', seed, inputs, outputs);
  const draw = (): number => (rng.uniform() < zeroShare ? 0 : 2 * rng.uniform() - 1);
  return {
    inputs,
    outputs,
    weights: Float32Array.from({ length: inputs * outputs }, draw),
    bias: Float32Array.from({ length: outputs }, draw),
  };
}

/** `batch` input vectors, row-major; uniform in [0, scale) (unsigned) or (−scale, scale) (signed), a third of them 0. */
export function randomInputs(batch: number, width: number, seed: string, options: { signed?: boolean; scale?: number } = {}): Float32Array {
  const rng = Rng.of('spec', 'bit-sliced', 'inputs', seed, batch, width);
  const scale = options.scale ?? 1;
  return Float32Array.from({ length: batch * width }, () => {
    if (rng.uniform() < 1 / 3) return 0;
    return options.signed ? scale * (2 * rng.uniform() - 1) : scale * rng.uniform();
  });
}
