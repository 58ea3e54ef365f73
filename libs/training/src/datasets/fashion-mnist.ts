/**
 * Full Fashion-MNIST (60,000 train + 10,000 test, SPEC §8) from Debian's package `dataset-fashion-mnist`, which installs
 * the original gzipped IDX files under /usr/share/datasets/fashion-mnist. The package's own train/test split is used
 * (no reshuffle); optional sizes take the first samples of each file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readIdxDataset } from './idx.js';
import { firstSamples, type Dataset } from './dataset.js';

/** Where Debian's `dataset-fashion-mnist` puts the files. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/** Thrown when the files are not there; the message names the Debian package that provides them. */
export class DatasetMissingError extends Error {
  override name = 'DatasetMissingError';
}

export interface FashionMnistOptions {
  /** Directory holding the four IDX files (gzipped or not). @default FASHION_MNIST_DEBIAN_DIR */
  directory?: string;
  /** Use only the first `trainSize` training samples. @default all 60,000 */
  trainSize?: number;
  /** Use only the first `testSize` test samples. @default all 10,000 */
  testSize?: number;
}

/** Loads Fashion-MNIST (784 pixels in [0, 1], 10 classes). */
export function loadFashionMnist(options: FashionMnistOptions = {}): { train: Dataset; test: Dataset; info: { name: 'fashion-mnist'; source: string; trainSize: number; testSize: number } } {
  const directory = options.directory ?? FASHION_MNIST_DEBIAN_DIR;
  const file = (name: string): string => {
    const gz = path.join(directory, name);
    if (existsSync(gz)) return gz;
    const plain = gz.replace(/\.gz$/, '');
    if (existsSync(plain)) return plain;
    throw new DatasetMissingError(
      `Fashion-MNIST not found: ${gz} does not exist. Install Debian's package 'dataset-fashion-mnist' (apt-get install dataset-fashion-mnist) or pass the directory of the IDX files.`,
    );
  };
  const train = firstSamples(readIdxDataset(file(FILES.trainImages), file(FILES.trainLabels), 10), options.trainSize, 'trainSize');
  const test = firstSamples(readIdxDataset(file(FILES.testImages), file(FILES.testLabels), 10), options.testSize, 'testSize');
  return { train, test, info: { name: 'fashion-mnist', source: directory === FASHION_MNIST_DEBIAN_DIR ? 'deb:dataset-fashion-mnist' : directory, trainSize: train.n, testSize: test.n } };
}
