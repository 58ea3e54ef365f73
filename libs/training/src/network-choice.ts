/**
 * A convolutional network as a sweep names it (plain JSON: architecture, its own options and the width multiplier),
 * built for a data set's image shape and class count.
 */
import type { LayerActivation, NetworkSpec } from './network.js';
import { lenet5, vggSmall } from './presets.js';

/** LeNet-5 or the small VGG-style CNN, with the grid's width multiplier on channels / hidden units [X Fig. 2]. */
export type ConvNetworkSelection =
  | { kind: 'lenet5'; activation: Exclude<LayerActivation, 'none'>; width: number }
  | { kind: 'vgg-small'; stages: readonly number[]; width: number };

/** The `NetworkSpec` of a selection for inputs of `inputShape` (h, w, c) and `classes` outputs. */
export function buildConvNetwork(selection: ConvNetworkSelection, inputShape: [number, number, number], classes: number): NetworkSpec {
  switch (selection.kind) {
    case 'lenet5':
      return lenet5({ inputShape, classes, activation: selection.activation, width: selection.width });
    case 'vgg-small':
      return vggSmall({ inputShape, classes, width: selection.width, stages: selection.stages });
    default:
      throw new RangeError(`unknown convolutional network kind ${JSON.stringify((selection as { kind: unknown }).kind)} (known: lenet5, vgg-small)`);
  }
}
