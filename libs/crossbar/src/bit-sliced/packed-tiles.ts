/**
 * Bit-packed crossbar tiles for fast column counts. A column of one tile is stored as ⌈tileRows/32⌉ 32-bit words (bit
 * r mod 32 of word ⌊r/32⌋ = the cell in tile row r), so a bit-plane's column count J = Σ_rows v·g is a few AND +
 * popcount operations instead of a loop over rows. Rows past the layer's last row in the last tile are 0 (no cell).
 */
import type { BitCells } from './mapping.js';

/** One crossbar (positive or negative) in packed form. */
export interface PackedCrossbar {
  /** Number of tiles ⌈rows/tileRows⌉ along the rows. */
  tiles: number;
  /** ⌈tileRows/32⌉: words per column per tile. */
  wordsPerTile: number;
  /** Columns (outputs · N_w). */
  columns: number;
  /** Word w of column c of tile t is at `(t·columns + c)·wordsPerTile + w`. */
  words: Uint32Array;
}

/** Packs one `rows × columns` 0/1 crossbar (row-major) into tiles of `tileRows` rows. */
export function packCrossbar(cells: Uint8Array, rows: number, columns: number, tileRows: number): PackedCrossbar {
  const tiles = Math.max(1, Math.ceil(rows / tileRows));
  const wordsPerTile = Math.ceil(tileRows / 32);
  const words = new Uint32Array(tiles * columns * wordsPerTile);
  for (let i = 0; i < rows; i++) {
    const tile = Math.floor(i / tileRows);
    const rowInTile = i - tile * tileRows;
    const word = rowInTile >>> 5;
    const mask = (1 << (rowInTile & 31)) >>> 0;
    const rowBase = i * columns;
    for (let c = 0; c < columns; c++) {
      if (cells[rowBase + c] !== 0) words[(tile * columns + c) * wordsPerTile + word] |= mask;
    }
  }
  return { tiles, wordsPerTile, columns, words };
}

/** Packs both crossbars of `cells`. */
export function packCells(cells: BitCells, tileRows: number): { positive: PackedCrossbar; negative: PackedCrossbar } {
  return {
    positive: packCrossbar(cells.positive, cells.rows, cells.columns, tileRows),
    negative: packCrossbar(cells.negative, cells.rows, cells.columns, tileRows),
  };
}

/** Number of set bits of a 32-bit word (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
