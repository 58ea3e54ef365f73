/** Shared fixtures of the network specs (excluded from the build by the `*.test-helpers.ts` rule). */
import type { NetworkSpec } from './network.js';

/** A tiny VGG-style net with batch norm and a 1×1 convolution, on 6×6×2 inputs, 3 classes. */
export const TINY_BN_NET: NetworkSpec = {
  kind: 'network',
  name: 'tiny',
  inputShape: [6, 6, 2],
  classes: 3,
  layers: [
    { kind: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', batchNorm: true, activation: 'relu' },
    { kind: 'conv2d', filters: 3, kernelSize: 1, padding: 'same', batchNorm: false, activation: 'relu' },
    { kind: 'pool', mode: 'max', size: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 3, batchNorm: false, activation: 'none' },
  ],
};
