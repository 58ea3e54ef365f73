import { describe, expect, it } from 'vitest';
import { seeded } from './engine.test-helpers.js';
import { pairSamples } from './sample-pairs.js';
import { toSparseRows } from './sparse-rows.js';

/** Sample s of a CSR block as a map column → value. */
function rowOf(rows: { rowStart: Int32Array; cols: Int32Array; vals: Float32Array }, s: number): Map<number, number> {
  const row = new Map<number, number>();
  for (let k = rows.rowStart[s]; k < rows.rowStart[s + 1]; k++) row.set(rows.cols[k], rows.vals[k]);
  return row;
}

describe('pairSamples', () => {
  it.each([41, 40, 1, 0])('reorders %i samples and builds each pair’s union of nonzero columns', (n) => {
    const random = seeded(n + 3);
    const features = 70;
    const x = Float32Array.from({ length: n * features }, () => (random() < 0.7 ? 0 : random()));
    const labels = Uint8Array.from({ length: n }, () => Math.floor(random() * 4));
    const rows = toSparseRows(x, n, features);
    const paired = pairSamples(rows, labels, features);

    // a permutation of the samples, labels moved with them
    const key = (row: Map<number, number>, label: number) => `${label}:${[...row].join(';')}`;
    const before = Array.from({ length: n }, (_, s) => key(rowOf(rows, s), labels[s])).sort();
    const after = Array.from({ length: n }, (_, s) => key(rowOf(paired.rows, s), paired.labels[s])).sort();
    expect(after).toEqual(before);

    expect(paired.pairStart.length).toBe((n >> 1) + 1);
    for (let p = 0; p < n >> 1; p++) {
      const [a, b] = [rowOf(paired.rows, 2 * p), rowOf(paired.rows, 2 * p + 1)];
      const union = [...new Set([...a.keys(), ...b.keys()])].sort((u, v) => u - v);
      const span = paired.pairStart.subarray(p, p + 2);
      expect(Array.from(paired.pairCols.subarray(span[0], span[1]))).toEqual(union);
      union.forEach((col, i) => {
        const k = span[0] + i;
        expect([paired.pairVals[2 * k], paired.pairVals[2 * k + 1]]).toEqual([a.get(col) ?? 0, b.get(col) ?? 0]);
      });
    }
  });

  it('pairs samples that share their nonzero columns', () => {
    // two shapes, interleaved: pairing them by shape makes every union as small as one sample
    const features = 64, n = 40;
    const x = new Float32Array(n * features);
    for (let s = 0; s < n; s++) for (let f = 0; f < 32; f++) x[s * features + (s % 2 ? f + 32 : f)] = 1;
    const paired = pairSamples(toSparseRows(x, n, features), new Uint8Array(n), features);
    expect(paired.pairCols.length).toBe(32 * (n / 2));
  });
});
