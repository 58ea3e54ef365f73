import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetMissingError, FASHION_MNIST_DEBIAN_DIR, loadFashionMnist } from './fashion-mnist.js';
import { CIFAR10_RECORD_BYTES, DatasetFormatError, encodeIdxU8, parseCifar10, parseIdx, readCifar10, readIdxDataset, toChannelsLast } from './idx.js';

const dir = mkdtempSync(path.join(tmpdir(), 'memsweep-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 3 images of 2×2 pixels and their labels, as the tests write them. */
const pixels = Uint8Array.from([0, 255, 51, 102, 10, 20, 30, 40, 255, 255, 0, 0]);
const labels = Uint8Array.from([3, 0, 9]);

describe('IDX reader', () => {
  it('reads image and label files, plain and gzipped, and scales pixels to [0, 1]', () => {
    const images = encodeIdxU8([3, 2, 2], pixels);
    writeFileSync(path.join(dir, 'img'), images);
    writeFileSync(path.join(dir, 'lbl'), encodeIdxU8([3], labels));
    writeFileSync(path.join(dir, 'img.gz'), gzipSync(images));
    writeFileSync(path.join(dir, 'lbl.gz'), gzipSync(encodeIdxU8([3], labels)));
    for (const [i, l] of [['img', 'lbl'], ['img.gz', 'lbl.gz']]) {
      const data = readIdxDataset(path.join(dir, i), path.join(dir, l), 10);
      expect(data).toMatchObject({ n: 3, features: 4, classes: 10 });
      expect(Array.from(data.y)).toEqual([3, 0, 9]);
      expect(data.x[1]).toBe(1);
      expect(data.x[2]).toBeCloseTo(0.2, 6);
    }
    expect(parseIdx(images).dims).toEqual([3, 2, 2]);
  });

  it('reads other element types big-endian and rejects bad files with the reason', () => {
    const f32 = new Uint8Array(4 + 4 + 8);
    const view = new DataView(f32.buffer);
    f32[2] = 0x0d;
    f32[3] = 1;
    view.setUint32(4, 2, false);
    view.setFloat32(8, 1.5, false);
    view.setFloat32(12, -2, false);
    expect(Array.from(parseIdx(f32).data)).toEqual([1.5, -2]);
    expect(() => parseIdx(Uint8Array.from([1, 0, 8, 1]))).toThrow(DatasetFormatError);
    expect(() => parseIdx(encodeIdxU8([3, 2, 2], pixels).subarray(0, 20))).toThrow(/need/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x42, 1]))).toThrow(/type code/);
  });
});

describe('CIFAR-10 binary reader', () => {
  it('reads label + 3072 channel-major bytes per record, concatenates batches, converts to channels-last', () => {
    const records = new Uint8Array(2 * CIFAR10_RECORD_BYTES);
    records[0] = 7;
    records[1] = 255; // red (0, 0)
    records[1 + 1024] = 51; // green (0, 0)
    records[CIFAR10_RECORD_BYTES] = 2;
    writeFileSync(path.join(dir, 'b1.bin'), records);
    writeFileSync(path.join(dir, 'b2.bin'), records.subarray(0, CIFAR10_RECORD_BYTES));
    const data = readCifar10([path.join(dir, 'b1.bin'), path.join(dir, 'b2.bin')]);
    expect(data).toMatchObject({ n: 3, features: 3072, classes: 10 });
    expect(Array.from(data.y)).toEqual([7, 2, 7]);
    expect(data.x[0]).toBe(1);
    const last = toChannelsLast(data, 3, 32, 32);
    expect(last.x[0]).toBe(1);
    expect(last.x[1]).toBeCloseTo(0.2, 6);
    expect(() => parseCifar10(records.subarray(1))).toThrow(/whole number/);
  });
});

describe('Fashion-MNIST (Debian dataset-fashion-mnist)', () => {
  it('names the Debian package when the files are absent', () => {
    expect(() => loadFashionMnist({ directory: path.join(dir, 'nowhere') })).toThrow(DatasetMissingError);
    expect(() => loadFashionMnist({ directory: path.join(dir, 'nowhere') })).toThrow(/dataset-fashion-mnist/);
  });

  it.skipIf(!existsSync(FASHION_MNIST_DEBIAN_DIR))('loads the installed package (60,000 + 10,000, 784 pixels, 10 classes)', () => {
    const { train, test, info } = loadFashionMnist({ testSize: 100 });
    expect(train).toMatchObject({ n: 60000, features: 784, classes: 10 });
    expect(test.n).toBe(100);
    expect(info.source).toBe('deb:dataset-fashion-mnist');
    expect(Math.max(...train.y.subarray(0, 1000))).toBe(9);
  });
});
