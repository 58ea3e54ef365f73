/** The TensorFlow.js namespace as this library uses it, whichever backend runs underneath. */
export type Tf = typeof import('@tensorflow/tfjs');

/** The backends `initTensorflow` can bring up, fastest first. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** A backend choice: `auto` takes the fastest that loads here (tensorflow → wasm → cpu). */
export type TfBackendPreference = 'auto' | TfBackendName;
