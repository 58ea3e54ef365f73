/**
 * The WebAssembly SIMD evaluation engine (wasm/eval.ts, built into dist/memsweep_eval.wasm). One instance, with its own
 * memory, per prepared data set: the sparse rows and labels are copied in once, each call copies the layers.
 */
import type { DenseLayerLike } from './network.js';
import type { SparseRows } from './sparse-rows.js';
import { instantiate, WasmArena, type WasmMemory, type WasmModule } from './wasm-runtime.js';

interface WasmEvalExports {
  memory: WasmMemory;
  countCorrect(rowStart: number, cols: number, vals: number, labels: number, n: number, widths: number, weightPtrs: number,
    biasPtrs: number, layerCount: number, relu: number, scratch: number): number;
}

/** A data set resident in a wasm instance: `countCorrect` copies a network in and runs wasm/eval.ts's countCorrect. */
export function prepareWasmForward(module: WasmModule, rows: SparseRows, labels: Uint8Array) {
  const exports = instantiate<WasmEvalExports>(module);
  const arena = new WasmArena(exports.memory);
  const data = { rowStart: arena.put(rows.rowStart), cols: arena.put(rows.cols), vals: arena.put(rows.vals), labels: arena.put(labels) };
  const networkStart = arena.position;
  return (layers: readonly DenseLayerLike[], relu: boolean): number => {
    arena.reset(networkStart);
    const widths = arena.put(Int32Array.from([layers[0].inputs, ...layers.map((l) => l.outputs)]));
    // every array padded by 48 bytes: the dense kernel's last block of 12 outputs may read past a row's end
    const padded = (array: Float32Array) => {
      const at = arena.put(array);
      arena.alloc(48);
      return at;
    };
    const weightPtrs = arena.put(Uint32Array.from(layers.map((l) => padded(l.weights))));
    const biasPtrs = arena.put(Uint32Array.from(layers.map((l) => padded(l.bias))));
    const maxWidth = Math.max(...layers.map((l) => l.outputs));
    const scratch = arena.alloc(4 * 4 * (maxWidth + 4));
    return exports.countCorrect(data.rowStart, data.cols, data.vals, data.labels, labels.length, widths, weightPtrs, biasPtrs, layers.length, relu ? 1 : 0, scratch);
  };
}
