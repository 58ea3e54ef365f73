/**
 * The last-resort evaluation engine in plain JavaScript, with the arithmetic of the native kernels: every output is
 * summed in input order (acc = acc + x_i·w_i, float32), zero inputs skipped, then + bias, then the activation.
 */
import { activateF32 } from './float32-math.js';
import type { DenseLayerLike } from './network.js';
import type { SparseRows } from './sparse-rows.js';

const f = Math.fround;

/** Index of the largest entry; ties and NaNs go to the lowest index. */
export function argmaxLowest(z: Float32Array, width: number): number {
  let best = 0;
  for (let c = 1; c < width; c++) if (z[c] > z[best]) best = c;
  return best;
}

function finishLayer(acc: Float32Array, layer: DenseLayerLike, apply: boolean, relu: boolean): void {
  for (let j = 0; j < layer.outputs; j++) {
    const z = f(acc[j] + layer.bias[j]);
    acc[j] = apply ? activateF32(z, relu) : z;
  }
}

function addScaledRow(acc: Float32Array, v: number, weights: Float32Array, offset: number, width: number): void {
  for (let j = 0; j < width; j++) acc[j] = f(acc[j] + f(v * weights[offset + j]));
}

/** A forward pass over the sparse rows in plain JavaScript (the arrays are referenced, not copied). */
export function prepareJsForward(rows: SparseRows, labels: Uint8Array) {
  return (layers: readonly DenseLayerLike[], relu: boolean): number => countCorrectJs(rows, labels, layers, relu);
}

/** Number of samples whose argmax output equals its label. Layers and shapes must have been checked by the caller. */
export function countCorrectJs(rows: SparseRows, labels: Uint8Array, layers: readonly DenseLayerLike[], relu: boolean): number {
  const maxWidth = Math.max(...layers.map((l) => l.outputs));
  let input = new Float32Array(maxWidth);
  let output = new Float32Array(maxWidth);
  let correct = 0;
  for (let s = 0; s < labels.length; s++) {
    const first = layers[0];
    output.fill(0, 0, first.outputs);
    for (let k = rows.rowStart[s]; k < rows.rowStart[s + 1]; k++) addScaledRow(output, rows.vals[k], first.weights, rows.cols[k] * first.outputs, first.outputs);
    finishLayer(output, first, layers.length > 1, relu);
    for (let l = 1; l < layers.length; l++) {
      [input, output] = [output, input];
      const layer = layers[l];
      output.fill(0, 0, layer.outputs);
      for (let i = 0; i < layer.inputs; i++) if (input[i] !== 0) addScaledRow(output, input[i], layer.weights, i * layer.outputs, layer.outputs);
      finishLayer(output, layer, l + 1 < layers.length, relu);
    }
    if (argmaxLowest(output, layers[layers.length - 1].outputs) === labels[s]) correct++;
  }
  return correct;
}
