/**
 * Counting correct predictions of an MLP on a data set with tfjs. Called thousands of times per sweep (once per
 * Monte-Carlo chip), so the inputs are uploaded once (`prepareEvaluation`) and each call only uploads the weights.
 */
import type { DenseLayer } from '@memsweep/crossbar';
import type { Scalar, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { assertDataset, type Dataset } from './datasets/dataset.js';
import { assertLayerChain, mlpLogits, type Activation } from './mlp.js';
import type { Tf } from './tf.js';

/** Rows per forward pass: large enough for fast matMuls, small enough to bound activation memory. */
export const DEFAULT_EVALUATION_BATCH = 2048;

/** A data set resident on the tf backend, ready for repeated evaluations. Call `dispose()` when done. */
export interface PreparedEvaluation {
  /** Number of samples evaluated per call. */
  readonly n: number;
  /** Number of samples whose argmax logit equals the label (an integer in [0, n]); ties go to the lowest class. */
  countCorrect(layers: readonly DenseLayer[], activation: Activation): number;
  /** Frees the uploaded inputs and labels; the handle must not be used afterwards. */
  dispose(): void;
}

interface ResidentBatch {
  x: Tensor2D;
  labels: Tensor1D;
}

/**
 * Correct argmax predictions (ties to the lowest class) summed over resident batches, in one `tf.tidy`: `uploadModel`
 * runs inside it (so the weights it uploads are freed) and returns the forward pass from a batch's inputs to its logits.
 */
export function countCorrectOnBatches<X extends Tensor>(tf: Tf, batches: readonly { x: X; labels: Tensor1D }[], uploadModel: () => (x: X) => Tensor2D): number {
  const correct = tf.tidy(() => {
    const logits = uploadModel();
    let total: Scalar = tf.scalar(0, 'int32');
    for (const batch of batches) {
      const predicted = tf.argMax(logits(batch.x), 1);
      total = tf.add(total, tf.sum(tf.cast(tf.equal(predicted, batch.labels), 'int32')));
    }
    return total;
  });
  const count = correct.dataSync()[0];
  correct.dispose();
  return count;
}

/** Uploads `data` once, in batches of `batchSize` rows (default 2048). */
export function prepareEvaluation(tf: Tf, data: Dataset, batchSize = DEFAULT_EVALUATION_BATCH): PreparedEvaluation {
  assertDataset(data);
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`evaluation batchSize must be a positive integer, got ${batchSize}`);
  const { features, classes, n } = data;
  const batches: ResidentBatch[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    batches.push({
      x: tf.tensor2d(data.x.subarray(start * features, end * features), [end - start, features]),
      labels: tf.tensor1d(Int32Array.from(data.y.subarray(start, end)), 'int32'),
    });
  }
  let disposed = false;
  return {
    n,
    countCorrect(layers, activation) {
      if (disposed) throw new Error('countCorrect: this prepared evaluation was disposed');
      assertLayerChain(layers, features, classes);
      return countCorrectOnBatches(tf, batches, () => {
        const params = layers.map((layer) => ({
          weights: tf.tensor2d(layer.weights, [layer.inputs, layer.outputs]),
          bias: tf.tensor1d(layer.bias),
        }));
        return (x) => mlpLogits(tf, x, params, activation);
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const batch of batches) {
        batch.x.dispose();
        batch.labels.dispose();
      }
    },
  };
}

/** One-shot `prepareEvaluation(tf, data).countCorrect(layers, activation)`; prefer a prepared handle in loops. */
export function countCorrect(tf: Tf, layers: readonly DenseLayer[], activation: Activation, data: Dataset): number {
  const prepared = prepareEvaluation(tf, data);
  try {
    return prepared.countCorrect(layers, activation);
  } finally {
    prepared.dispose();
  }
}
