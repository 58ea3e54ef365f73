/**
 * The files behind the file-based data sets of a sweep (SPEC §8) and their identity. Checked when a sweep file is
 * compiled, on the machine that compiles it (for `memsweep run`, the machine that runs the workers): a missing file is a
 * configuration error naming the path, before anything is planned or written. The content fingerprint enters the
 * compiled spec, hence the training dedupe key and every stored training config: other bytes at the same path are
 * another data set.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where Debian's package `dataset-fashion-mnist` installs the four gzipped IDX files. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** The Fashion-MNIST file names, as Zalando and the Debian package ship them (gzipped; a plain copy also works). */
export const FASHION_MNIST_FILES = Object.freeze({
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
});

/** The CIFAR-10 binary batches ("CIFAR-10 binary version"): five training batches and one test batch. */
export const CIFAR10_TRAIN_FILES = Object.freeze(['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin']);
export const CIFAR10_TEST_FILES = Object.freeze(['test_batch.bin']);

/** True when `file` exists and is a regular file. */
export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The Fashion-MNIST file of `name` in `directory`: the gzipped name, or the same name without `.gz`; null when neither exists. */
export function fashionMnistFile(directory: string, name: string): string | null {
  const gz = path.join(directory, name);
  if (isFile(gz)) return gz;
  const plain = gz.replace(/\.gz$/, '');
  return isFile(plain) ? plain : null;
}

const digests = new Map<string, string>();

/**
 * sha256 (hex) over the files' contents, in order, each digest keyed by its base name; cached per process by path, size
 * and modification time (so a sweep compiled twice reads its files once).
 */
export function filesFingerprint(files: readonly string[]): string {
  const outer = createHash('sha256');
  for (const file of files) {
    const stat = statSync(file);
    const cacheKey = `${path.resolve(file)}\0${stat.size}\0${stat.mtimeMs}`;
    let digest = digests.get(cacheKey);
    if (!digest) {
      digest = createHash('sha256').update(readFileSync(file)).digest('hex');
      digests.set(cacheKey, digest);
    }
    outer.update(`${path.basename(file)}:${digest}\n`);
  }
  return outer.digest('hex');
}
