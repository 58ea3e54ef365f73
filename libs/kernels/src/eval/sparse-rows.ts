/** The nonzero inputs of each sample (compressed sparse rows), the first layer's input format. */

/** Row s's nonzeros are `cols[k]`, `vals[k]` for k in [rowStart[s], rowStart[s + 1]), columns increasing. */
export interface SparseRows {
  readonly rowStart: Int32Array;
  readonly cols: Int32Array;
  readonly vals: Float32Array;
  /** Fraction of nonzero entries, in [0, 1]. */
  readonly density: number;
}

/** The nonzero entries (x ≠ 0; −0 counts as zero) of a row-major `n × features` matrix. */
export function toSparseRows(x: Float32Array, n: number, features: number): SparseRows {
  let nnz = 0;
  for (let i = 0; i < n * features; i++) if (x[i] !== 0) nnz++;
  const rowStart = new Int32Array(n + 1);
  const cols = new Int32Array(nnz);
  const vals = new Float32Array(nnz);
  let k = 0;
  for (let s = 0; s < n; s++) {
    const base = s * features;
    for (let f = 0; f < features; f++) {
      const v = x[base + f];
      if (v !== 0) {
        cols[k] = f;
        vals[k] = v;
        k++;
      }
    }
    rowStart[s + 1] = k;
  }
  return { rowStart, cols, vals, density: n === 0 ? 0 : nnz / (n * features) };
}

/** One byte per feature: 1 when some sample's input there is nonzero, 0 when every sample's is 0 (a dead input row). */
export function liveFeatures(rows: SparseRows, features: number): Uint8Array {
  const live = new Uint8Array(features);
  for (const col of rows.cols) live[col] = 1;
  return live;
}
