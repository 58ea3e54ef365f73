/**
 * Exact resistive-network solver of one crossbar array ([C] §IV-B, SPEC §5 validation): nodal analysis G·v = i with
 * row drivers behind R_S, the cells, neurons of input resistance R_N to ground, and optionally a wire resistance per
 * segment on word lines and bit lines. Float64 throughout (cells ~1e-5 S against wire segments of ~1 S).
 *
 * Topology. Without wires (wireResistance = 0) a row is one node and a column is one node. With wires, cell (i, j) joins
 * word-line node (i, j) to bit-line node (i, j); one segment joins (i, j)–(i, j+1) on a word line and (i, j)–(i+1, j)
 * on a bit line; row i's driver feeds word-line node (i, 0) through R_S; column j's neuron hangs from bit-line node
 * (R−1, j) through R_N (no extra segment at either end: lump it into R_S or R_N). R_S = 0 pins the driver node at Vᵢ,
 * R_N = 0 pins the neuron node at ground, so both limits are exact, not approximated by tiny resistances.
 *
 * Solver: conjugate gradients with a line-Jacobi (tridiagonal) preconditioner, see sparse-cg.ts; it stops at a true
 * residual ‖b − A·v‖ ≤ 1e-12·(‖b‖ + ‖diag(A)·v‖) by default (10–20 iterations on 256 × 256 with wires; column currents
 * then agree with the ideal-wire model's C×C solve to ~1e-11 relative). Word-line nodes are numbered along each word line and bit-line nodes along
 * each bit line, so each wire is a contiguous tridiagonal block of the preconditioner.
 */
import { assertNonNegative } from '../validate.js';
import { factorTridiagonalPart, solvePcg, type CgOptions, type CsrMatrix, type TridiagonalFactors } from './sparse-cg.js';

/** One array as a circuit. Plain data. */
export interface CrossbarCircuit {
  rows: number;
  columns: number;
  /** Cell conductances, row-major rows × columns (S, > 0). */
  conductances: Float64Array;
  /** R_S per row driver (Ω, ≥ 0; 0 = ideal source). */
  sourceResistance: number;
  /** R_N per column neuron (Ω, ≥ 0; 0 = virtual ground). */
  neuronResistance: number;
  /** Resistance of one wire segment between adjacent cells (Ω, ≥ 0; 0 = ideal wires). @default 0 */
  wireResistance: number;
}

/** An assembled circuit, reusable for many input vectors. */
export interface CrossbarNodalSystem {
  circuit: CrossbarCircuit;
  /** The reduced conductance matrix over the free nodes. */
  matrix: CsrMatrix;
  preconditioner: TridiagonalFactors;
  /** Global node → free-node index, or FIXED_GROUND, or FIXED_SOURCE − row (node pinned at row's input voltage). */
  freeIndex: Int32Array;
  /** rhs[sourceUnknown[k]] += sourceConductance[k]·V[sourceRow[k]]. */
  sourceUnknown: Int32Array;
  sourceRow: Int32Array;
  sourceConductance: Float64Array;
  /** The global node each column's neuron hangs from. */
  neuronNode: Int32Array;
  /** Edges (a, b, g) of the network, for currents into grounded neurons. */
  edgeA: Int32Array;
  edgeB: Int32Array;
  edgeConductance: Float64Array;
}

const FIXED_GROUND = -1;
const FIXED_SOURCE = -2;

/** Builds the nodal system of `circuit` (its arrays are not copied: do not mutate them while the system is in use). */
export function assembleCrossbarNodal(circuit: CrossbarCircuit): CrossbarNodalSystem {
  const { rows, columns, conductances, sourceResistance: rS, neuronResistance: rN, wireResistance: rW } = circuit;
  if (conductances.length !== rows * columns) throw new RangeError(`conductances has ${conductances.length} entries, expected ${rows * columns}`);
  assertNonNegative('sourceResistance', rS);
  assertNonNegative('neuronResistance', rN);
  assertNonNegative('wireResistance', rW);
  const wired = rW > 0;
  const wordNode = (i: number, j: number) => (wired ? i * columns + j : i);
  const bitNode = (i: number, j: number) => (wired ? rows * columns + j * rows + i : rows + j);
  const nodeCount = wired ? 2 * rows * columns : rows + columns;

  const fixed = new Int32Array(nodeCount).fill(0); // 0 = free, else the FIXED_* code
  for (let i = 0; i < rows; i++) if (rS === 0) fixed[wordNode(i, 0)] = FIXED_SOURCE - i;
  const neuronNode = Int32Array.from({ length: columns }, (_, j) => bitNode(rows - 1, j));
  for (let j = 0; j < columns; j++) if (rN === 0) fixed[neuronNode[j]] = FIXED_GROUND;
  const freeIndex = new Int32Array(nodeCount);
  let n = 0;
  for (let node = 0; node < nodeCount; node++) freeIndex[node] = fixed[node] === 0 ? n++ : fixed[node];

  const edges = collectEdges(circuit, wordNode, bitNode);
  const diagonal = new Float64Array(n);
  const sources: { unknown: number; row: number; g: number }[] = [];
  const rowCounts = new Int32Array(n + 1);
  const addShunt = (node: number, g: number, row: number | null) => {
    const u = freeIndex[node];
    if (u < 0) return;
    diagonal[u] += g;
    if (row !== null) sources.push({ unknown: u, row, g });
  };
  for (let e = 0; e < edges.count; e++) {
    const [a, b, g] = [edges.a[e], edges.b[e], edges.g[e]];
    const [ua, ub] = [freeIndex[a], freeIndex[b]];
    if (ua >= 0) diagonal[ua] += g;
    if (ub >= 0) diagonal[ub] += g;
    if (ua >= 0 && ub >= 0) {
      rowCounts[ua + 1]++;
      rowCounts[ub + 1]++;
    }
    if (ua >= 0 && ub <= FIXED_SOURCE) sources.push({ unknown: ua, row: FIXED_SOURCE - ub, g });
    if (ub >= 0 && ua <= FIXED_SOURCE) sources.push({ unknown: ub, row: FIXED_SOURCE - ua, g });
  }
  if (rS > 0) for (let i = 0; i < rows; i++) addShunt(wordNode(i, 0), 1 / rS, i);
  if (rN > 0) for (let j = 0; j < columns; j++) addShunt(neuronNode[j], 1 / rN, null);

  for (let u = 0; u < n; u++) rowCounts[u + 1] += rowCounts[u];
  const rowStart = rowCounts.slice();
  const fill = rowCounts.slice(0, n);
  const columnIndex = new Int32Array(rowStart[n]);
  const values = new Float64Array(rowStart[n]);
  for (let e = 0; e < edges.count; e++) {
    const [ua, ub, g] = [freeIndex[edges.a[e]], freeIndex[edges.b[e]], edges.g[e]];
    if (ua < 0 || ub < 0) continue;
    columnIndex[fill[ua]] = ub;
    values[fill[ua]++] = -g;
    columnIndex[fill[ub]] = ua;
    values[fill[ub]++] = -g;
  }
  const matrix: CsrMatrix = { n, diagonal, rowStart, columnIndex, values };
  return {
    circuit,
    matrix,
    preconditioner: factorTridiagonalPart(matrix),
    freeIndex,
    sourceUnknown: Int32Array.from(sources, (s) => s.unknown),
    sourceRow: Int32Array.from(sources, (s) => s.row),
    sourceConductance: Float64Array.from(sources, (s) => s.g),
    neuronNode,
    edgeA: edges.a,
    edgeB: edges.b,
    edgeConductance: edges.g,
  };
}

/** The two-terminal elements between network nodes: cells and wire segments (R_S and R_N are shunts, added apart). */
function collectEdges(circuit: CrossbarCircuit, wordNode: (i: number, j: number) => number, bitNode: (i: number, j: number) => number) {
  const { rows, columns, conductances, wireResistance: rW } = circuit;
  const wired = rW > 0;
  const capacity = rows * columns + (wired ? rows * (columns - 1) + columns * (rows - 1) : 0);
  const a = new Int32Array(capacity);
  const b = new Int32Array(capacity);
  const g = new Float64Array(capacity);
  let count = 0;
  const push = (from: number, to: number, conductance: number) => {
    a[count] = from;
    b[count] = to;
    g[count++] = conductance;
  };
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) push(wordNode(i, j), bitNode(i, j), conductances[i * columns + j]);
  if (wired) {
    for (let i = 0; i < rows; i++) for (let j = 0; j + 1 < columns; j++) push(wordNode(i, j), wordNode(i, j + 1), 1 / rW);
    for (let j = 0; j < columns; j++) for (let i = 0; i + 1 < rows; i++) push(bitNode(i, j), bitNode(i + 1, j), 1 / rW);
  }
  return { a, b, g, count };
}

/** Column currents of one solve, with the solver's convergence record. */
export interface NodalSolution {
  /** Current into each column's neuron (A). */
  columnCurrents: Float64Array;
  /** Voltage of every network node (V), in the circuit's global numbering. */
  nodeVoltages: Float64Array;
  iterations: number;
  relativeResidual: number;
}

/** Solves the system for row input voltages `inputVoltages` (V, one per row). */
export function solveCrossbarNodal(system: CrossbarNodalSystem, inputVoltages: ArrayLike<number>, options: CgOptions = {}): NodalSolution {
  const { circuit, matrix, freeIndex, neuronNode } = system;
  if (inputVoltages.length !== circuit.rows) throw new RangeError(`expected ${circuit.rows} input voltages, got ${inputVoltages.length}`);
  const rhs = new Float64Array(matrix.n);
  for (let k = 0; k < system.sourceUnknown.length; k++) rhs[system.sourceUnknown[k]] += system.sourceConductance[k] * inputVoltages[system.sourceRow[k]];
  const { x, iterations, relativeResidual } = solvePcg(matrix, rhs, system.preconditioner, options);
  const nodeVoltages = Float64Array.from(freeIndex, (code) => (code >= 0 ? x[code] : code === FIXED_GROUND ? 0 : inputVoltages[FIXED_SOURCE - code]));
  const columnCurrents = new Float64Array(circuit.columns);
  if (circuit.neuronResistance > 0) {
    for (let j = 0; j < circuit.columns; j++) columnCurrents[j] = nodeVoltages[neuronNode[j]] / circuit.neuronResistance;
  } else {
    // Grounded neuron: the current it sinks is what flows into its node from every element attached to it.
    const columnOfNode = new Map<number, number>();
    neuronNode.forEach((node, j) => columnOfNode.set(node, j));
    for (let e = 0; e < system.edgeA.length; e++) {
      const [a, b, g] = [system.edgeA[e], system.edgeB[e], system.edgeConductance[e]];
      const ja = columnOfNode.get(a);
      const jb = columnOfNode.get(b);
      if (ja !== undefined) columnCurrents[ja] += g * (nodeVoltages[b] - nodeVoltages[a]);
      if (jb !== undefined) columnCurrents[jb] += g * (nodeVoltages[a] - nodeVoltages[b]);
    }
  }
  return { columnCurrents, nodeVoltages, iterations, relativeResidual };
}

/** Assembles and solves in one call: the exact column currents (A) of `circuit` for `inputVoltages` (V). */
export function crossbarColumnCurrentsExact(circuit: CrossbarCircuit, inputVoltages: ArrayLike<number>, options: CgOptions = {}): Float64Array {
  return solveCrossbarNodal(assembleCrossbarNodal(circuit), inputVoltages, options).columnCurrents;
}
