/** The network layer the deployment models act on. Pure data: typed arrays and their shape. */

/** A fully connected layer y = xW + b, as it is written to a crossbar: `inputs` rows, `outputs` columns. */
export interface DenseLayer {
  /** Number of inputs (crossbar rows, not counting the bias row). */
  inputs: number;
  /** Number of outputs (crossbar columns). */
  outputs: number;
  /** Weights, row-major `inputs × outputs`: weight (i, j) is at `i * outputs + j`. Dimensionless. */
  weights: Float32Array;
  /** Biases, one per output. On a crossbar the bias is one extra row driven by a constant input of 1. */
  bias: Float32Array;
}

/** Throws a `RangeError` unless the layer's arrays match its declared shape. */
export function assertDenseLayer(layer: DenseLayer, name = 'layer'): void {
  const { inputs, outputs, weights, bias } = layer;
  if (!(Number.isInteger(inputs) && inputs >= 0 && Number.isInteger(outputs) && outputs >= 0)) {
    throw new RangeError(`${name}: inputs and outputs must be non-negative integers, got ${inputs} × ${outputs}`);
  }
  if (weights.length !== inputs * outputs) {
    throw new RangeError(`${name}: weights has ${weights.length} entries, expected inputs × outputs = ${inputs * outputs}`);
  }
  if (bias.length !== outputs) {
    throw new RangeError(`${name}: bias has ${bias.length} entries, expected outputs = ${outputs}`);
  }
}
