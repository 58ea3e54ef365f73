/**
 * One entry point for every data set a sweep can name (SPEC §8): the bundled MNIST digits, Fashion-MNIST from a
 * directory of IDX files (Debian's `dataset-fashion-mnist` by default), any IDX image/label pair, or the CIFAR-10 binary
 * batches. Each comes back with the image shape a convolutional network needs (channels-last) and a description to
 * record with results. File sets use the first `trainSize` / `testSize` samples of their files (all when absent).
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { firstSamples, type Dataset } from './dataset.js';
import { loadFashionMnist } from './fashion-mnist.js';
import { datasetFromIdx, DatasetFormatError, parseIdx, readCifar10, toChannelsLast } from './idx.js';
import { loadMnist } from './mnist.js';

/** Where a data set comes from; mirrors the compiled `dataset:` section of a sweep file (plain JSON). */
export type DatasetSource =
  | { name: 'mnist'; trainSize: number; testSize: number; splitSeed: number }
  | { name: 'fashion-mnist'; directory: string; trainSize?: number; testSize?: number; fingerprint?: string }
  | { name: 'idx'; trainImages: string; trainLabels: string; testImages: string; testLabels: string; trainSize?: number; testSize?: number; fingerprint?: string }
  | { name: 'cifar10'; directory: string; trainSize?: number; testSize?: number; fingerprint?: string };

/** A loaded data set with its image shape. */
export interface LoadedDataset {
  train: Dataset;
  test: Dataset;
  /** [height, width, channels] of each sample; `x` is stored channels-last in that order. */
  inputShape: [number, number, number];
  /** What was loaded, to record with results: name, where from, sizes, and the source's other fields. */
  info: Record<string, unknown> & { name: string; trainSize: number; testSize: number };
}

/** Loads a data set; throws `DatasetMissingError` / `DatasetFormatError` / `RangeError` with the reason. */
export function loadDatasetSource(source: DatasetSource): LoadedDataset {
  switch (source.name) {
    case 'mnist': {
      const { train, test, info } = loadMnist(source);
      return { train, test, inputShape: [28, 28, 1], info: { ...info } };
    }
    case 'fashion-mnist': {
      const { train, test, info } = loadFashionMnist({ directory: source.directory, trainSize: source.trainSize, testSize: source.testSize });
      return { train, test, inputShape: [28, 28, 1], info: { ...info, fingerprint: source.fingerprint } };
    }
    case 'idx': {
      const train = readIdxImages(source.trainImages, source.trainLabels);
      const test = readIdxImages(source.testImages, source.testLabels);
      if (train.shape.join('×') !== test.shape.join('×')) throw new DatasetFormatError(`IDX: train images are ${train.shape.join('×')}, test images ${test.shape.join('×')}`);
      const classes = Math.max(train.data.classes, test.data.classes);
      const trainSet = firstSamples({ ...train.data, classes }, source.trainSize, 'trainSize');
      const testSet = firstSamples({ ...test.data, classes }, source.testSize, 'testSize');
      return {
        train: trainSet,
        test: testSet,
        inputShape: train.shape,
        info: { name: 'idx', source: `${source.trainImages} (+3 files)`, trainSize: trainSet.n, testSize: testSet.n, classes, fingerprint: source.fingerprint },
      };
    }
    case 'cifar10': {
      const batches = (names: string[]) => names.map((n) => path.join(source.directory, n));
      const train = firstSamples(toChannelsLast(readCifar10(batches([1, 2, 3, 4, 5].map((b) => `data_batch_${b}.bin`))), 3, 32, 32), source.trainSize, 'trainSize');
      const test = firstSamples(toChannelsLast(readCifar10(batches(['test_batch.bin'])), 3, 32, 32), source.testSize, 'testSize');
      return { train, test, inputShape: [32, 32, 3], info: { name: 'cifar10', source: source.directory, trainSize: train.n, testSize: test.n, fingerprint: source.fingerprint } };
    }
  }
}

/** An IDX image file of rank 3 ([n, rows, cols]) or 4 ([n, rows, cols, channels]) with its label file. */
function readIdxImages(imagesPath: string, labelsPath: string): { data: Dataset; shape: [number, number, number] } {
  const images = parseIdx(readFileSync(imagesPath), imagesPath);
  const labels = parseIdx(readFileSync(labelsPath), labelsPath);
  const [, rows, cols, channels = 1] = images.dims;
  if (images.dims.length !== 3 && images.dims.length !== 4) {
    throw new DatasetFormatError(`${imagesPath}: images must have dims [n, rows, cols] or [n, rows, cols, channels], got [${images.dims.join(', ')}]`);
  }
  return { data: datasetFromIdx(images, labels, undefined, `${imagesPath} + ${labelsPath}`), shape: [rows, cols, channels] };
}
