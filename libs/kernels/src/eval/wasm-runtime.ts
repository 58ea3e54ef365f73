/**
 * Loading the WebAssembly kernels that wasm/build.mjs compiles into dist/, and a bump allocator over an instance's
 * memory. The project's TypeScript lib has no WebAssembly declarations, so the few parts used are declared here.
 */
import { readFileSync } from 'node:fs';

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export type WasmModuleLoad = { readonly ok: true; readonly module: WasmModule } | { readonly ok: false; readonly reason: string };

/** The built modules, in dist/ (src/eval and dist/eval are both two levels below the package root). */
export type WasmModuleName = 'memsweep_eval' | 'memsweep_perturb';

const compiled = new Map<WasmModuleName, WasmModuleLoad>();

/** The compiled module, or why it is unavailable (not built, or no WebAssembly SIMD here). Compiled once per thread. */
export function wasmModule(name: WasmModuleName): WasmModuleLoad {
  let load = compiled.get(name);
  if (!load) {
    try {
      load = { ok: true, module: new WA.Module(readFileSync(new URL(`../../dist/${name}.wasm`, import.meta.url))) };
    } catch (error) {
      load = { ok: false, reason: `wasm kernels ${name} not available (${(error as Error).message.split('\n')[0]})` };
    }
    compiled.set(name, load);
  }
  return load;
}

/** A new instance (with its own memory) of a compiled module; its exports typed by the caller. */
export function instantiate<T>(module: WasmModule): T {
  return new WA.Instance(module, {}).exports as unknown as T;
}

/** Below this byte the modules keep their own static data. */
const FIRST_FREE_BYTE = 65536;

/** A bump allocator over an instance's memory, growing it as needed; byte offsets aligned to 16. */
export class WasmArena {
  private top = FIRST_FREE_BYTE;
  constructor(private readonly memory: WasmMemory) {}

  /** The current top, to `reset` to later. */
  get position(): number {
    return this.top;
  }

  reset(to = FIRST_FREE_BYTE): void {
    this.top = to;
  }

  alloc(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + 15) & ~15;
    const missing = this.top - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / 65536));
    return at;
  }

  /** Copies `array` in and returns its offset. */
  put(array: Float32Array | Int32Array | Uint32Array | Uint8Array): number {
    const at = this.alloc(array.byteLength);
    new Uint8Array(this.memory.buffer, at, array.byteLength).set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return at;
  }

  /** A copy of `length` floats at `offset`. */
  floats(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length).slice();
  }
}
