/**
 * A symmetric positive definite sparse system in CSR form and its solver: conjugate gradients preconditioned with the
 * matrix's own tridiagonal part (a "line Jacobi" preconditioner, factored once as L·D·Lᵀ). For the crossbar networks the
 * unknowns of one word line or bit line are numbered consecutively, so the tridiagonal part holds every strong wire
 * coupling and CG only has to resolve the weak cell couplings; with no wires it reduces to plain Jacobi. All float64.
 */

/** Compressed sparse rows of an n×n matrix (off-diagonal part) plus its diagonal. */
export interface CsrMatrix {
  n: number;
  /** Diagonal entries, length n. */
  diagonal: Float64Array;
  /** Row i's off-diagonal entries are columnIndex/values[rowStart[i] .. rowStart[i + 1]). */
  rowStart: Int32Array;
  columnIndex: Int32Array;
  values: Float64Array;
}

/** y = A·x. */
export function csrMultiply(a: CsrMatrix, x: Float64Array, y: Float64Array): void {
  const { n, diagonal, rowStart, columnIndex, values } = a;
  for (let i = 0; i < n; i++) {
    let sum = diagonal[i] * x[i];
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) sum += values[p] * x[columnIndex[p]];
    y[i] = sum;
  }
}

/** The L·D·Lᵀ factors of A's tridiagonal part: `pivot` = D, `multiplier[k]` = L(k, k−1). */
export interface TridiagonalFactors {
  pivot: Float64Array;
  multiplier: Float64Array;
}

/** Factors the tridiagonal part (diagonal and entries (k, k ± 1)) of the SPD matrix `a`. */
export function factorTridiagonalPart(a: CsrMatrix): TridiagonalFactors {
  const { n, diagonal, rowStart, columnIndex, values } = a;
  const upper = new Float64Array(n); // A(k, k+1)
  for (let i = 0; i < n; i++) {
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) if (columnIndex[p] === i + 1) upper[i] += values[p];
  }
  const pivot = new Float64Array(n);
  const multiplier = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (k === 0) {
      pivot[0] = diagonal[0];
    } else {
      multiplier[k] = upper[k - 1] / pivot[k - 1];
      pivot[k] = diagonal[k] - multiplier[k] * upper[k - 1];
    }
    if (!(pivot[k] > 0)) throw new RangeError(`tridiagonal preconditioner: non-positive pivot ${pivot[k]} at ${k} (matrix not SPD?)`);
  }
  return { pivot, multiplier };
}

/** z = M⁻¹·r for M = L·D·Lᵀ. */
function applyTridiagonal(factors: TridiagonalFactors, r: Float64Array, z: Float64Array): void {
  const { pivot, multiplier } = factors;
  const n = r.length;
  if (n === 0) return;
  z[0] = r[0];
  for (let k = 1; k < n; k++) z[k] = r[k] - multiplier[k] * z[k - 1];
  for (let k = 0; k < n; k++) z[k] /= pivot[k];
  for (let k = n - 2; k >= 0; k--) z[k] -= multiplier[k + 1] * z[k + 1];
}

/** When CG stops. */
export interface CgOptions {
  /**
   * Stop when the true residual ‖b − A·x‖₂ ≤ relativeTolerance·(‖b‖₂ + ‖D·x‖₂), D = diag(A): a normwise backward error
   * with the diagonal as the matrix's scale. (Relative to ‖b‖ alone, 1e-12 is below the rounding floor once 1 S wire
   * segments meet ~1e-3 A source currents: the terms of A·x cancel by 3 orders of magnitude.) @default 1e-12
   */
  relativeTolerance?: number;
  /** Give up (throw) after this many iterations. @default 10000 */
  maxIterations?: number;
}

/** A CG solution with its convergence record. */
export interface CgResult {
  x: Float64Array;
  iterations: number;
  /** ‖b − A·x‖₂/(‖b‖₂ + ‖D·x‖₂) at exit (0 for b = 0). */
  relativeResidual: number;
}

/** Solves A·x = b by preconditioned CG from x = 0. Throws an `Error` if it has not converged within maxIterations. */
export function solvePcg(a: CsrMatrix, b: Float64Array, preconditioner: TridiagonalFactors, options: CgOptions = {}): CgResult {
  const tolerance = options.relativeTolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 10_000;
  const n = a.n;
  const x = new Float64Array(n);
  const bNorm = Math.sqrt(dot(b, b));
  if (bNorm === 0) return { x, iterations: 0, relativeResidual: 0 };
  const r = b.slice();
  const z = new Float64Array(n);
  const q = new Float64Array(n);
  applyTridiagonal(preconditioner, r, z);
  const p = z.slice();
  let rz = dot(r, z);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    csrMultiply(a, p, q);
    const step = rz / dot(p, q);
    for (let i = 0; i < n; i++) {
      x[i] += step * p[i];
      r[i] -= step * q[i];
    }
    if (Math.sqrt(dot(r, r)) <= tolerance * (bNorm + diagonalNorm(a, x))) {
      // Confirm with the true residual (the recursive one drifts by rounding).
      csrMultiply(a, x, q);
      let trueSquares = 0;
      for (let i = 0; i < n; i++) trueSquares += (b[i] - q[i]) ** 2;
      const relativeResidual = Math.sqrt(trueSquares) / (bNorm + diagonalNorm(a, x));
      if (relativeResidual <= tolerance) return { x, iterations: iteration, relativeResidual };
      for (let i = 0; i < n; i++) r[i] = b[i] - q[i];
    }
    applyTridiagonal(preconditioner, r, z);
    const rzNext = dot(r, z);
    const beta = rzNext / rz;
    rz = rzNext;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
  }
  throw new Error(`PCG did not reach relative residual ${tolerance} within ${maxIterations} iterations`);
}

/** ‖D·x‖₂ with D = diag(A). */
function diagonalNorm(a: CsrMatrix, x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (a.diagonal[i] * x[i]) ** 2;
  return Math.sqrt(sum);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
