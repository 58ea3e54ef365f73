/** The native evaluation engine: native/eval/forward.c through the memsweep_eval addon. */
import { loadNativeAddon } from '../native-addon.js';
import type { DenseLayerLike, EvaluationData } from './network.js';
import type { SparseRows } from './sparse-rows.js';
import { pairSamples } from './sample-pairs.js';

/** The functions memsweep_eval exports (native/eval.c). */
export interface EvalAddon {
  /** The kernel it runs on this CPU: 'avx2' or 'generic'. */
  readonly kernel: string;
  countCorrect(x: Float32Array, rowStart: Int32Array, cols: Int32Array, vals: Float32Array, labels: Uint8Array, n: number, features: number,
    denseFirstLayer: number, widths: Int32Array, weights: Float32Array[], biases: Float32Array[], activation: number,
    pairStart: Int32Array | null, pairCols: Int32Array | null, pairVals: Float32Array | null): number;
  perturbWeightLevel(weights: Float32Array, bias: Float32Array, keys: Uint32Array, stuckOffRate: number, stuckOnRate: number, sigma: number,
    signedMax: boolean, outWeights: Float32Array, outBias: Float32Array, liveRows: Uint8Array | null): void;
  bitSlicedColumns(codes: Int32Array, dims: Int32Array, positive: Uint32Array, negative: Uint32Array, reals: Float64Array, mmse: Float64Array | null,
    allZero: Uint8Array, noise: Float64Array, totals: Float64Array): void;
}

/** Above this input density the first layer runs the dense register-blocked kernel instead of the sparse one. */
export const DENSE_KERNEL_MIN_DENSITY = 0.5;

/** The addon, or why it is unavailable. */
export function evalAddon() {
  return loadNativeAddon<EvalAddon>('memsweep_eval');
}

/**
 * A forward pass over `data` on the native kernels (the data's arrays are referenced, not copied). Sparse inputs run
 * in pairs of samples that share most nonzero columns (sample-pairs.ts), which changes no result.
 */
export function prepareNativeForward(addon: EvalAddon, data: EvaluationData, rows: SparseRows) {
  const dense = rows.density > DENSE_KERNEL_MIN_DENSITY ? 1 : 0;
  const paired = dense ? null : pairSamples(rows, data.y, data.features);
  const [sparse, labels] = paired ? [paired.rows, paired.labels] : [rows, data.y];
  return (layers: readonly DenseLayerLike[], relu: boolean): number =>
    addon.countCorrect(data.x, sparse.rowStart, sparse.cols, sparse.vals, labels, data.n, data.features, dense,
      Int32Array.from([layers[0].inputs, ...layers.map((l) => l.outputs)]), layers.map((l) => l.weights), layers.map((l) => l.bias), relu ? 1 : 0,
      paired?.pairStart ?? null, paired?.pairCols ?? null, paired?.pairVals ?? null);
}
