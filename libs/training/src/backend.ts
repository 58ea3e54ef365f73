/**
 * Brings up TensorFlow.js once per thread, on the fastest backend that loads (ENV.md):
 * native `@tensorflow/tfjs-node` when installed (it is an optional dependency and often absent),
 * else the WebAssembly backend loaded from node_modules with no network, else the pure-JS cpu backend.
 * Module state is per thread, so each piscina worker thread gets its own backend.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Tf, TfBackendName, TfBackendPreference } from './tf.js';

/** What is running: the namespace to call and the backend it runs on (log it, record it with every result). */
export interface TensorflowRuntime {
  tf: Tf;
  backend: TfBackendName;
}

const FALLBACK_ORDER: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** This thread's runtime, once asked for (a promise, so concurrent first calls share one bring-up). */
let running: Promise<TensorflowRuntime> | null = null;

/**
 * Initializes TensorFlow.js and returns the namespace with the backend that runs.
 * Idempotent per thread: the first call chooses the backend; later calls with `auto` (or the same preference) get
 * the same runtime, while a later call asking for a *different* explicit backend throws rather than switching silently.
 * An explicit preference that cannot load throws; `auto` falls back tensorflow → wasm → cpu.
 */
export function initTensorflow(preference: TfBackendPreference = 'auto'): Promise<TensorflowRuntime> {
  if (running) {
    return running.then((runtime) => {
      if (preference !== 'auto' && preference !== runtime.backend) {
        throw new Error(`initTensorflow: this thread already runs the '${runtime.backend}' backend; cannot switch to '${preference}'`);
      }
      return runtime;
    });
  }
  running = bringUp(preference).catch((error: unknown) => {
    running = null; // let a later call retry, e.g. with another preference
    throw error;
  });
  return running;
}

async function bringUp(preference: TfBackendPreference): Promise<TensorflowRuntime> {
  const candidates = preference === 'auto' ? FALLBACK_ORDER : [preference];
  const failures: string[] = [];
  for (const backend of candidates) {
    try {
      const tf = await loadBackend(backend);
      return { tf, backend };
    } catch (error) {
      failures.push(`${backend}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`initTensorflow(${preference}): no backend could start (${failures.join('; ')})`);
}

async function loadBackend(backend: TfBackendName): Promise<Tf> {
  if (backend === 'tensorflow') {
    // A variable specifier keeps TypeScript from requiring the optional package at compile time.
    const nativeModule: string = '@tensorflow/tfjs-node';
    await import(nativeModule); // registers the 'tensorflow' backend on the shared tfjs-core
  }
  const tf: Tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the wasm loader reads the .wasm files from this directory with fs: a file path, never a URL.
    wasm.setWasmPaths(wasmDirectory());
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false`);
  await tf.ready();
  return tf;
}

/** Directory holding `tfjs-backend-wasm*.wasm`, with a trailing separator (the loader appends file names). */
function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  const anyWasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  return path.dirname(anyWasmFile) + path.sep;
}
