/**
 * Counting correct predictions of a dense network on a prepared data set, on the fastest engine available here:
 * the native addon (AVX2 or generic C), else WebAssembly SIMD, else plain JavaScript. All three sum in the same order
 * in float32 and agree bit for bit, so the engine changes the speed, never the result.
 */
import { prepareJsForward } from './js-forward.js';
import { evalAddon, prepareNativeForward } from './native-forward.js';
import { assertEvaluationData, assertHiddenActivation, assertLayerChain, type DenseLayerLike, type EvaluationData, type HiddenActivation } from './network.js';
import { liveFeatures, toSparseRows } from './sparse-rows.js';
import { prepareWasmForward } from './wasm-forward.js';
import { wasmModule } from './wasm-runtime.js';

export type EvaluationEngine = 'native' | 'wasm' | 'js';

/** A data set ready for repeated evaluations of perturbed networks. */
export interface PreparedDenseEvaluation {
  /** The engine that runs, e.g. to record with results. */
  readonly engine: EvaluationEngine;
  /** Engine and detail, e.g. 'native (avx2)' or 'js (native addon not available …; wasm …)'. */
  readonly description: string;
  /** Number of samples per evaluation. */
  readonly n: number;
  /**
   * One byte per input feature: 0 where every sample's input is 0. The first layer's weight rows marked 0 are never
   * read, so a chip drawn for this evaluation may skip them (`NativeWeightLevel.perturbLayer`'s `liveRows`).
   */
  readonly liveInputRows: Uint8Array;
  /**
   * Number of samples whose argmax output equals the label (ties → lowest class). `activation` follows every layer but
   * the last. Throws a RangeError unless the layers chain from the data's features to its classes.
   */
  countCorrect(layers: readonly DenseLayerLike[], activation: HiddenActivation): number;
  /** Releases the engine's copy of the data; the handle must not be used afterwards. */
  dispose(): void;
}

export interface PrepareDenseEvaluationOptions {
  /** 'auto' (default): native, else wasm, else js. Naming an engine that is unavailable throws. */
  engine?: 'auto' | EvaluationEngine;
}

/** Prepares `data` (checked; its arrays must not change afterwards) for the fastest engine or the one asked for. */
export function prepareDenseEvaluation(data: EvaluationData, options: PrepareDenseEvaluationOptions = {}): PreparedDenseEvaluation {
  assertEvaluationData(data);
  const wanted = options.engine ?? 'auto';
  if (!['auto', 'native', 'wasm', 'js'].includes(wanted)) throw new RangeError(`engine must be 'auto', 'native', 'wasm' or 'js', got ${JSON.stringify(wanted)}`);
  const rows = toSparseRows(data.x, data.n, data.features);
  const skipped: string[] = [];
  let chosen: { engine: EvaluationEngine; detail: string; run: (layers: readonly DenseLayerLike[], relu: boolean) => number } | undefined;
  if (wanted === 'auto' || wanted === 'native') {
    const addon = evalAddon();
    if (addon.ok) chosen = { engine: 'native', detail: addon.addon.kernel, run: prepareNativeForward(addon.addon, data, rows) };
    else if (wanted === 'native') throw new Error(`evaluation engine 'native' unavailable: ${addon.reason}`);
    else skipped.push(addon.reason);
  }
  if (!chosen && (wanted === 'auto' || wanted === 'wasm')) {
    const wasm = wasmModule('memsweep_eval');
    if (wasm.ok) chosen = { engine: 'wasm', detail: 'simd128', run: prepareWasmForward(wasm.module, rows, data.y) };
    else if (wanted === 'wasm') throw new Error(`evaluation engine 'wasm' unavailable: ${wasm.reason}`);
    else skipped.push(wasm.reason);
  }
  chosen ??= { engine: 'js', detail: skipped.join('; ') || 'requested', run: prepareJsForward(rows, data.y) };
  const { engine, detail, run } = chosen;
  let disposed = false;
  return {
    engine,
    description: `${engine} (${detail})`,
    n: data.n,
    liveInputRows: liveFeatures(rows, data.features),
    countCorrect(layers, activation) {
      if (disposed) throw new Error('countCorrect: this prepared evaluation was disposed');
      assertLayerChain(layers, data.features, data.classes);
      assertHiddenActivation(activation);
      return run(layers, activation === 'relu');
    },
    dispose() {
      disposed = true;
    },
  };
}
