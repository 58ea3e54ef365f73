/** A labelled classification data set held in memory as typed arrays. */

/** `n` samples of `features` inputs each, labels in [0, classes). */
export interface Dataset {
  /** Inputs, row-major `n × features` (sample s, feature f at `s * features + f`). Pixels are scaled to [0, 1]. */
  x: Float32Array;
  /** Class label of each sample, in [0, classes). */
  y: Uint8Array;
  /** Number of samples. */
  n: number;
  /** Inputs per sample. */
  features: number;
  /** Number of classes. */
  classes: number;
}

/** Throws a `RangeError` unless the arrays match the declared shape and every label is a valid class. */
export function assertDataset(data: Dataset, name = 'dataset'): void {
  const { x, y, n, features, classes } = data;
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(features) && features > 0 && Number.isInteger(classes) && classes > 0)) {
    throw new RangeError(`${name}: n, features and classes must be integers (n ≥ 0, others > 0), got ${n}, ${features}, ${classes}`);
  }
  if (x.length !== n * features) throw new RangeError(`${name}: x has ${x.length} entries, expected n × features = ${n * features}`);
  if (y.length !== n) throw new RangeError(`${name}: y has ${y.length} labels, expected n = ${n}`);
  for (let s = 0; s < n; s++) {
    if (y[s] >= classes) throw new RangeError(`${name}: label ${y[s]} of sample ${s} is not below classes = ${classes}`);
  }
}

/** The samples at `indices`, in that order, as a new data set (inputs copied). */
export function selectSamples(data: Dataset, indices: ArrayLike<number>): Dataset {
  const { features } = data;
  const x = new Float32Array(indices.length * features);
  const y = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const s = indices[k];
    x.set(data.x.subarray(s * features, (s + 1) * features), k * features);
    y[k] = data.y[s];
  }
  return { x, y, n: indices.length, features, classes: data.classes };
}

/** The first `size` samples as a new data set (all, shared, when `size` is undefined); `name` labels a size out of range. */
export function firstSamples(data: Dataset, size: number | undefined, name = 'size'): Dataset {
  if (size === undefined) return data;
  if (!(Number.isInteger(size) && size >= 0 && size <= data.n)) throw new RangeError(`${name} must be a whole number in [0, ${data.n}] (the samples available), got ${size}`);
  return { ...data, n: size, x: data.x.slice(0, size * data.features), y: data.y.slice(0, size) };
}
