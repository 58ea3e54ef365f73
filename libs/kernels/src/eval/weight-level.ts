/**
 * The weight-level deployment of one layer (SPEC §2.2) in native code or WebAssembly: twins of libs/crossbar's
 * `perturbLayerWeightLevel`, bit for bit. Same Philox streams, same per-cell draw order, and V8's own algorithms for
 * exp, log, sin and cos (native/eval/js_math.h, wasm/perturb.ts), so a chip deployed here equals the chip crossbar
 * deploys in JavaScript.
 */
import { evalAddon, type EvalAddon } from './native-forward.js';
import type { DenseLayerLike } from './network.js';
import { instantiate, wasmModule, WasmArena, type WasmMemory } from './wasm-runtime.js';

/** The strengths of a weight-level deployment and how stuck-on cells read (crossbar's `WeightLevelDeployment`). */
export interface WeightLevelStrengths {
  readonly stuckOffRate: number;
  readonly stuckOnRate: number;
  readonly sigma: number;
  /** 'signed-max': ±w_max by the weight's sign; 'positive-max': +w_max. */
  readonly stuckOnValue: 'signed-max' | 'positive-max';
}

/** The two Philox keys of one layer: crossbar's `layerStreams(chipKeyParts, l)` faults and variation keys. */
export interface LayerStreamKeys {
  readonly faults: readonly [number, number];
  readonly variation: readonly [number, number];
}

export interface NativeWeightLevel {
  /** Who draws: 'native' (memsweep_eval addon) or 'wasm' (dist/memsweep_perturb.wasm). */
  readonly engine: 'native' | 'wasm';
  /**
   * Returns a new layer: `layer` deployed with `strengths`, cell draws from the streams keyed by `keys`. With
   * `liveRows` (one byte per input row), rows marked 0 are not drawn and read 0 — for an evaluation whose inputs are 0
   * on those rows in every sample, which therefore never reads them; every other cell is exactly the full chip's
   * (counter-based draws) and stuck-on cells still read the whole layer's w_max.
   */
  perturbLayer(layer: DenseLayerLike, strengths: WeightLevelStrengths, keys: LayerStreamKeys, liveRows?: Uint8Array): DenseLayerLike;
}

/** Raw kernel: writes the deployed weights and bias into the output arrays (inputs already checked). */
type PerturbInto = (layer: DenseLayerLike, strengths: WeightLevelStrengths, words: Uint32Array, out: { weights: Float32Array; bias: Float32Array }, liveRows: Uint8Array | null) => void;

/** Sets the weights of the rows that `liveRows` marks 0 to 0 (row-major, `outputs` per row). */
export function zeroDeadRows(weights: Float32Array, outputs: number, liveRows: Uint8Array | null): void {
  if (!liveRows) return;
  for (let row = 0; row < liveRows.length; row++) if (liveRows[row] === 0) weights.fill(0, row * outputs, (row + 1) * outputs);
}

/** Throws a RangeError unless the rates are probabilities summing to at most 1, σ ≥ 0 and the stuck-on value is known. */
export function assertWeightLevelStrengths(s: WeightLevelStrengths): void {
  const probability = (name: string, p: number) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be a probability in [0, 1], got ${p}`);
  };
  probability('stuckOffRate', s.stuckOffRate);
  probability('stuckOnRate', s.stuckOnRate);
  if (s.stuckOffRate + s.stuckOnRate > 1) throw new RangeError(`stuckOffRate + stuckOnRate must be at most 1, got ${s.stuckOffRate + s.stuckOnRate}`);
  if (!(s.sigma >= 0 && Number.isFinite(s.sigma))) throw new RangeError(`sigma must be a finite number ≥ 0, got ${s.sigma}`);
  if (s.stuckOnValue !== 'signed-max' && s.stuckOnValue !== 'positive-max') {
    throw new RangeError(`stuckOnValue must be 'signed-max' or 'positive-max', got ${JSON.stringify(s.stuckOnValue)}`);
  }
}

function assertKey(name: string, key: readonly [number, number]): void {
  if (!(key?.length === 2 && key.every((word) => Number.isInteger(word) && word >= 0 && word < 2 ** 32))) {
    throw new RangeError(`${name} key must be two unsigned 32-bit integers, got ${JSON.stringify(key)}`);
  }
}

function wrap(engine: 'native' | 'wasm', perturbInto: PerturbInto): NativeWeightLevel {
  return {
    engine,
    perturbLayer(layer, strengths, keys, liveRows) {
      const { inputs, outputs, weights, bias } = layer;
      if (!(weights instanceof Float32Array && bias instanceof Float32Array && weights.length === inputs * outputs && bias.length === outputs)) {
        throw new RangeError(`layer: weights must hold inputs × outputs = ${inputs * outputs} and bias ${outputs} float32 entries, got ${weights?.length} and ${bias?.length}`);
      }
      assertWeightLevelStrengths(strengths);
      assertKey('faults', keys.faults);
      assertKey('variation', keys.variation);
      if (liveRows !== undefined && !(liveRows instanceof Uint8Array && liveRows.length === inputs)) {
        throw new RangeError(`liveRows must be a Uint8Array with one entry per input row (${inputs}), got ${(liveRows as { length?: number })?.length}`);
      }
      const out = { inputs, outputs, weights: new Float32Array(weights.length), bias: new Float32Array(bias.length) };
      perturbInto(layer, strengths, Uint32Array.of(keys.faults[0], keys.faults[1], keys.variation[0], keys.variation[1]), out, liveRows ?? null);
      return out;
    },
  };
}

function nativePerturbInto(addon: EvalAddon): PerturbInto {
  return (layer, s, words, out, liveRows) =>
    addon.perturbWeightLevel(layer.weights, layer.bias, words, s.stuckOffRate, s.stuckOnRate, s.sigma, s.stuckOnValue === 'signed-max', out.weights, out.bias, liveRows);
}

interface WasmPerturbExports {
  memory: WasmMemory;
  perturbWeightLevel(weights: number, nWeights: number, bias: number, nBias: number, fk0: number, fk1: number, vk0: number, vk1: number,
    stuckOff: number, stuckOn: number, sigma: number, signedMax: number, outWeights: number, outBias: number, liveRows: number): number;
}

function wasmPerturbInto(exports: WasmPerturbExports): PerturbInto {
  const arena = new WasmArena(exports.memory);
  return (layer, s, words, out, liveRows) => {
    arena.reset();
    const weights = arena.put(layer.weights), bias = arena.put(layer.bias);
    const outWeights = arena.alloc(layer.weights.byteLength), outBias = arena.alloc(layer.bias.byteLength);
    const live = liveRows ? arena.put(liveRows) : 0;
    const status = exports.perturbWeightLevel(weights, layer.weights.length, bias, layer.bias.length, words[0], words[1], words[2], words[3],
      s.stuckOffRate, s.stuckOnRate, s.sigma, s.stuckOnValue === 'signed-max' ? 1 : 0, outWeights, outBias, live);
    if (status !== 0) throw new RangeError('perturbWeightLevel: an angle fell outside the reproduced range');
    out.weights.set(arena.floats(outWeights, layer.weights.length));
    out.bias.set(arena.floats(outBias, layer.bias.length));
    zeroDeadRows(out.weights, layer.outputs, liveRows);
  };
}

/** The native weight-level deployment, or null when the memsweep_eval addon is unavailable. */
export function nativeWeightLevel(): NativeWeightLevel | null {
  const addon = evalAddon();
  return addon.ok ? wrap('native', nativePerturbInto(addon.addon)) : null;
}

let wasmDeployer: NativeWeightLevel | null | undefined;

/** The WebAssembly weight-level deployment (one instance per thread), or null when its module was not built. */
export function wasmWeightLevel(): NativeWeightLevel | null {
  if (wasmDeployer === undefined) {
    const load = wasmModule('memsweep_perturb');
    wasmDeployer = load.ok ? wrap('wasm', wasmPerturbInto(instantiate<WasmPerturbExports>(load.module))) : null;
  }
  return wasmDeployer;
}

/** The fastest twin of crossbar's weight-level deployment here: native, else wasm, else null (deploy in JavaScript). */
export function fastWeightLevel(): NativeWeightLevel | null {
  return nativeWeightLevel() ?? wasmWeightLevel();
}
