/**
 * The data sets a pool thread loads, from the compiled `dataset:` of a training config. File-based sets are checked
 * against the content fingerprint the sweep was compiled with, so a worker whose files differ from the submitter's
 * fails the task with the reason instead of training on other data under the same key.
 */
import path from 'node:path';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES, FASHION_MNIST_FILES, fashionMnistFile, filesFingerprint, type DatasetConfig } from '@memsweep/sweep';
import { loadDatasetSource, type LoadedDataset } from '@memsweep/training';

/** The files behind a file-based data set, in the order the fingerprint hashes them; [] for the bundled MNIST. */
function datasetFiles(config: DatasetConfig): string[] {
  switch (config.name) {
    case 'mnist':
      return [];
    case 'fashion-mnist':
      return Object.values(FASHION_MNIST_FILES).map((name) => fashionMnistFile(config.directory, name) ?? path.join(config.directory, name));
    case 'idx':
      return [config.trainImages, config.trainLabels, config.testImages, config.testLabels];
    case 'cifar10':
      return [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES].map((name) => path.join(config.directory, name));
  }
}

/** Loads `config`'s data set after checking its files are the ones the sweep was compiled with. */
export function loadWorkerDataset(config: DatasetConfig): LoadedDataset {
  if (config.name !== 'mnist') {
    let actual: string;
    try {
      actual = filesFingerprint(datasetFiles(config));
    } catch (err) {
      throw new Error(`data set ${config.name} is not readable on this worker: ${(err as Error).message}`);
    }
    if (actual !== config.fingerprint) throw new Error(`data set ${config.name}: the files on this worker differ from the ones the sweep was compiled with (fingerprint ${actual.slice(0, 12)}… ≠ ${config.fingerprint.slice(0, 12)}…)`);
  }
  return loadDatasetSource(config);
}
