/**
 * Tiling (SPEC §5): a layer's augmented (inputs + 1) × outputs matrix is cut into ⌈rows/R⌉ × ⌈columns/C⌉ tiles of at
 * most R × C cells; each tile has its own parasitic factors; partial sums of tiles that share output columns are added
 * digitally. Edge tiles are smaller arrays (the unused cells are absent, not programmed to Gmin). Because every weight
 * sits in exactly one tile, the whole deployed layer folds into ONE effective weight matrix: evaluation on a chip is
 * then a plain matmul.
 */
import type { DenseLayer } from '../layer.js';
import { assertConfigShape, assertIntegerAtLeast } from './config-checks.js';
import type { DifferentialConductances } from './differential.js';
import { assertParasitics, tileTransfer, type ParasiticsConfig } from './parasitics.js';

/** How a layer is cut into crossbar tiles. Plain JSON data. */
export interface TilingConfig {
  kind: 'tiling';
  /** Rows per tile R (≥ 1), the bias row counting as a row; null = one tile holds every row of the layer. @default null */
  crossbarRows: number | null;
  /** Columns per tile C (≥ 1); null = one tile holds every column. @default null */
  crossbarColumns: number | null;
}

/** One tile per layer (no cutting). */
export const UNTILED: Readonly<TilingConfig> = Object.freeze({ kind: 'tiling', crossbarRows: null, crossbarColumns: null });

/** Square tiles of `crossbarSize` × `crossbarSize` cells. */
export function squareTiling(crossbarSize: number): TilingConfig {
  return { kind: 'tiling', crossbarRows: crossbarSize, crossbarColumns: crossbarSize };
}

/** Throws a `RangeError` unless the tiling is valid and has no unknown keys. */
export function assertTiling(tiling: TilingConfig): void {
  assertConfigShape(tiling, 'tiling', ['crossbarRows', 'crossbarColumns']);
  if (tiling.crossbarRows !== null) assertIntegerAtLeast('crossbarRows', tiling.crossbarRows, 1);
  if (tiling.crossbarColumns !== null) assertIntegerAtLeast('crossbarColumns', tiling.crossbarColumns, 1);
}

/** A tile: rows [rowStart, rowStart + rows) and columns [columnStart, columnStart + columns) of the augmented matrix. */
export interface TileBounds {
  rowStart: number;
  rows: number;
  columnStart: number;
  columns: number;
}

/** The tiles covering a rows × columns matrix, row-band by row-band. */
export function tileBounds(rows: number, columns: number, tiling: TilingConfig): TileBounds[] {
  assertTiling(tiling);
  const tileRows = tiling.crossbarRows ?? Math.max(rows, 1);
  const tileColumns = tiling.crossbarColumns ?? Math.max(columns, 1);
  const tiles: TileBounds[] = [];
  for (let rowStart = 0; rowStart < rows; rowStart += tileRows) {
    for (let columnStart = 0; columnStart < columns; columnStart += tileColumns) {
      tiles.push({ rowStart, rows: Math.min(tileRows, rows - rowStart), columnStart, columns: Math.min(tileColumns, columns - columnStart) });
    }
  }
  return tiles;
}

function extractTile(g: Float64Array, matrixColumns: number, tile: TileBounds): Float64Array {
  const out = new Float64Array(tile.rows * tile.columns);
  for (let i = 0; i < tile.rows; i++) {
    const from = (tile.rowStart + i) * matrixColumns + tile.columnStart;
    out.set(g.subarray(from, from + tile.columns), i * tile.columns);
  }
  return out;
}

/**
 * Folds a deployed differential layer (its cells after faults and variation), the parasitics and the tiling into one
 * effective float32 layer in weight units: w_eff(i, j) = w_max·(T⁺ᵢⱼ − T⁻ᵢⱼ)/(Gmax − Gmin), T± being each array's tile
 * transfer (`tileTransfer`; positive and negative arrays get their own factors). The bias row's effective weights become
 * the bias. Computed in float64 and rounded once.
 *
 * With parasitics off, T = G exactly and the result is bit-identical to `readBackDifferential(conductances)`.
 */
export function foldDifferentialLayer(conductances: DifferentialConductances, parasitics: ParasiticsConfig, tiling: TilingConfig): DenseLayer {
  assertParasitics(parasitics);
  const { rows, columns, gPlus, gMinus, wMax } = conductances;
  const span = conductances.gMax - conductances.gMin;
  const inputs = rows - 1;
  const weights = new Float32Array(inputs * columns);
  const bias = new Float32Array(columns);
  if (wMax === 0) return { inputs, outputs: columns, weights, bias };
  for (const tile of tileBounds(rows, columns, tiling)) {
    const transferPlus = tileTransfer(extractTile(gPlus, columns, tile), tile.rows, tile.columns, parasitics);
    const transferMinus = tileTransfer(extractTile(gMinus, columns, tile), tile.rows, tile.columns, parasitics);
    for (let i = 0; i < tile.rows; i++) {
      const row = tile.rowStart + i;
      for (let j = 0; j < tile.columns; j++) {
        const t = i * tile.columns + j;
        const w = ((transferPlus[t] - transferMinus[t]) / span) * wMax;
        if (row < inputs) weights[row * columns + tile.columnStart + j] = w;
        else bias[tile.columnStart + j] = w;
      }
    }
  }
  return { inputs, outputs: columns, weights, bias };
}
