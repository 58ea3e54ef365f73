/**
 * The bit-sliced column engine in native code: a twin of libs/crossbar's `runColumnsJs` (bit-sliced/column-engine.ts),
 * bit for bit — popcounts, + σ_n·z with z from the layer's noise stream (Box–Muller over Philox, V8's log/sin/cos),
 * ADC, MMSE, shift-and-add. The noise stream is handed over at a block boundary (`normalCursor`) and handed back after
 * the normals drawn (`resumeNormals`), so the next batch continues exactly where JavaScript would.
 */
import { evalAddon } from './native-forward.js';

/** crossbar's `BitSlicedColumnJob`, structurally (this library imports nothing). */
export interface BitSlicedColumnJobLike {
  readonly batch: number;
  readonly rows: number;
  readonly codes: Int32Array;
  readonly inputBits: number;
  readonly twosComplement: boolean;
  readonly tileRows: number;
  readonly tiles: number;
  readonly wordsPerTile: number;
  readonly columns: number;
  readonly positiveWords: Uint32Array;
  readonly negativeWords: Uint32Array;
  readonly noiseStd: number;
  readonly adc: { readonly step: number; readonly topCode: number } | null;
  readonly mmse: Float64Array | null;
  readonly weightBits: number;
  readonly outputs: number;
  readonly allZeroOutputs: Uint8Array;
  readonly zeroNodeSuppression: boolean;
}

/** crossbar's `Rng` as a stream of normals that can be handed over at a block boundary. */
export interface NormalStreamLike {
  normalCursor(): { key: readonly [number, number]; block: number; spare: number | null } | null;
  resumeNormals(block: number, spare: number | null): void;
}

/** A column engine: f(J₊) − f(J₋) per sample and output, `batch × outputs`. */
export type BitSlicedColumnsEngine = (job: BitSlicedColumnJobLike, noise: NormalStreamLike) => Float64Array;

/** The native column engine, or null when the memsweep_eval addon is unavailable. */
export function nativeBitSlicedColumns(): BitSlicedColumnsEngine | null {
  const load = evalAddon();
  if (!load.ok) return null;
  const { addon } = load;
  return (job, noise) => {
    const totals = new Float64Array(job.batch * job.outputs);
    let stream = new Float64Array(5);
    if (job.noiseStd > 0) {
      const cursor = noise.normalCursor();
      if (!cursor) throw new RangeError('bit-sliced noise: the stream is not at a block boundary (only normal() may draw from it)');
      stream = Float64Array.of(cursor.key[0], cursor.key[1], cursor.block, cursor.spare === null ? 0 : 1, cursor.spare ?? 0);
    }
    const dims = Int32Array.of(job.batch, job.rows, job.inputBits, job.twosComplement ? 1 : 0, job.tileRows, job.tiles, job.wordsPerTile,
      job.columns, job.weightBits, job.outputs, job.zeroNodeSuppression ? 1 : 0, job.adc ? 1 : 0);
    const reals = Float64Array.of(job.noiseStd, job.adc?.step ?? 1, job.adc?.topCode ?? 0);
    addon.bitSlicedColumns(job.codes, dims, job.positiveWords, job.negativeWords, reals, job.mmse, job.allZeroOutputs, stream, totals);
    if (job.noiseStd > 0) noise.resumeNormals(stream[2], stream[3] ? stream[4] : null);
    return totals;
  };
}
