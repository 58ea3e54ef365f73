/**
 * The shapes the evaluation kernels read, defined structurally (kernels import no other memsweep library): a dense layer
 * is what libs/crossbar calls `DenseLayer`, a data set what libs/training calls `Dataset`.
 */

/** One dense layer: row-major weights `[inputs × outputs]` (input i, output j at `i * outputs + j`) and a bias. */
export interface DenseLayerLike {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

/** `n` labelled samples of `features` inputs each, row-major; labels in [0, classes). */
export interface EvaluationData {
  readonly x: Float32Array;
  readonly y: Uint8Array;
  readonly n: number;
  readonly features: number;
  readonly classes: number;
}

/** The hidden layers' activation; the last layer has none (its argmax is the prediction). */
export type HiddenActivation = 'sigmoid' | 'relu';

/** Throws a `RangeError` unless the arrays match the declared shape and every label is below `classes`. */
export function assertEvaluationData(data: EvaluationData): void {
  const { x, y, n, features, classes } = data;
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(features) && features > 0 && Number.isInteger(classes) && classes > 0)) {
    throw new RangeError(`evaluation data: n, features and classes must be integers (n ≥ 0, others > 0), got ${n}, ${features}, ${classes}`);
  }
  if (!(x instanceof Float32Array) || x.length !== n * features) {
    throw new RangeError(`evaluation data: x must be a Float32Array of n × features = ${n * features} entries, got ${x?.length}`);
  }
  if (!(y instanceof Uint8Array) || y.length !== n) throw new RangeError(`evaluation data: y must be a Uint8Array of n = ${n} labels, got ${y?.length}`);
  for (let s = 0; s < n; s++) {
    if (y[s] >= classes) throw new RangeError(`evaluation data: label ${y[s]} of sample ${s} is not below classes = ${classes}`);
  }
}

/** Throws a `RangeError` unless `layers` chain from `features` inputs to `classes` outputs with matching arrays. */
export function assertLayerChain(layers: readonly DenseLayerLike[], features: number, classes: number): void {
  if (layers.length === 0) throw new RangeError('network has no layers');
  let width = features;
  layers.forEach((layer, l) => {
    const { inputs, outputs, weights, bias } = layer;
    if (!(Number.isInteger(inputs) && inputs > 0 && Number.isInteger(outputs) && outputs > 0)) {
      throw new RangeError(`layer ${l}: inputs and outputs must be positive integers, got ${inputs}, ${outputs}`);
    }
    if (!(weights instanceof Float32Array) || weights.length !== inputs * outputs) {
      throw new RangeError(`layer ${l}: weights must be a Float32Array of inputs × outputs = ${inputs * outputs} entries, got ${weights?.length}`);
    }
    if (!(bias instanceof Float32Array) || bias.length !== outputs) {
      throw new RangeError(`layer ${l}: bias must be a Float32Array of ${outputs} entries, got ${bias?.length}`);
    }
    if (inputs !== width) throw new RangeError(`layer ${l}: has ${inputs} inputs, expected ${width}`);
    width = outputs;
  });
  if (width !== classes) throw new RangeError(`network ends with ${width} outputs, expected ${classes} classes`);
}

/** Throws a `RangeError` unless `activation` is 'sigmoid' or 'relu'. */
export function assertHiddenActivation(activation: HiddenActivation): void {
  if (activation !== 'sigmoid' && activation !== 'relu') throw new RangeError(`activation must be 'sigmoid' or 'relu', got ${JSON.stringify(activation)}`);
}
