/** A small dense LU factorization with partial pivoting, in float64, for the C×C systems of the ideal-wire model. */

/** An LU factorization P·A = L·U of an n×n matrix: L (unit lower) and U packed row-major in `lu`, row swaps in `pivots`. */
export interface LuFactors {
  n: number;
  /** L below the diagonal (unit diagonal implied) and U on and above it, row-major n×n. */
  lu: Float64Array;
  /** Row i of P·A is row pivots[i] of A. */
  pivots: Int32Array;
}

/** Factors the row-major n×n matrix `a` (not mutated). Throws a `RangeError` if a pivot is exactly 0 (singular). */
export function luFactor(a: Float64Array, n: number): LuFactors {
  if (a.length !== n * n) throw new RangeError(`luFactor: matrix has ${a.length} entries, expected ${n}² = ${n * n}`);
  const lu = a.slice();
  const pivots = Int32Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let best = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i * n + k]) > Math.abs(lu[best * n + k])) best = i;
    if (lu[best * n + k] === 0) throw new RangeError(`luFactor: matrix is singular (zero pivot in column ${k})`);
    if (best !== k) {
      for (let j = 0; j < n; j++) {
        const tmp = lu[k * n + j];
        lu[k * n + j] = lu[best * n + j];
        lu[best * n + j] = tmp;
      }
      const p = pivots[k];
      pivots[k] = pivots[best];
      pivots[best] = p;
    }
    const pivot = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const factor = (lu[i * n + k] /= pivot);
      if (factor === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= factor * lu[k * n + j];
    }
  }
  return { n, lu, pivots };
}

/** Solves A·x = b with the factors of A; returns a new Float64Array x. */
export function luSolve(factors: LuFactors, b: ArrayLike<number>): Float64Array {
  const { n, lu, pivots } = factors;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[pivots[i]];
    for (let j = 0; j < i; j++) sum -= lu[i * n + j] * x[j];
    x[i] = sum;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i];
    for (let j = i + 1; j < n; j++) sum -= lu[i * n + j] * x[j];
    x[i] = sum / lu[i * n + i];
  }
  return x;
}
