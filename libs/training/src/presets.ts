/**
 * The networks of SPEC §8 as named data. MLPs are `trainMlp` shapes (hidden widths + activation, 784 inputs, 10
 * classes); convolutional networks are `NetworkSpec`s for `trainNetwork`.
 */
import type { Activation } from './mlp.js';
import type { LayerActivation, LayerSpec, NetworkSpec } from './network.js';

/** An MLP shape. */
export interface MlpPreset {
  readonly name: string;
  readonly source: string;
  readonly hidden: readonly number[];
  readonly activation: Activation;
}

/** The MLP presets of SPEC §8. */
export const MLP_PRESETS = Object.freeze({
  /** [C]: FCN 784-500-10 with sigmoid neurons. */
  chakraborty2018: Object.freeze({ name: 'chakraborty2018', source: '[C] FCN 784-500-10, sigmoid', hidden: Object.freeze([500]), activation: 'sigmoid' }),
  /** [Y]: MLP 784-256-256-256-10. [Y] does not name the activation; ReLU is used. */
  yu2021: Object.freeze({ name: 'yu2021', source: '[Y] MLP 784-256-256-256-10 (activation not stated; ReLU)', hidden: Object.freeze([256, 256, 256]), activation: 'relu' }),
  /**
   * [W]: "a two-layer multi-layer perceptron" for MNIST — two weight layers, one hidden layer, whose width [W] does not
   * give. We take 784-300-10, the classic two-layer net of LeCun et al. [W]'s MNIST reference [22], with ReLU.
   */
  wang2020: Object.freeze({ name: 'wang2020', source: '[W] two-layer MLP; width not stated in [W], 784-300-10 as in its reference [22] (LeCun 1998)', hidden: Object.freeze([300]), activation: 'relu' }),
} satisfies Record<string, MlpPreset>);

/** Width multiplier applied to a channel / unit count: max(1, round(count·width)). */
export function scaleWidth(count: number, width: number): number {
  if (!(width > 0 && Number.isFinite(width))) throw new RangeError(`width must be a positive finite number, got ${width}`);
  return Math.max(1, Math.round(count * width));
}

export interface LeNetOptions {
  /** @default [28, 28, 1] (MNIST) */
  inputShape?: [number, number, number];
  /** @default 10 */
  classes?: number;
  /** Hidden nonlinearity. LeCun's original used squashing functions; @default 'relu' */
  activation?: LayerActivation;
  /** @default 1 */
  width?: number;
}

/**
 * LeNet-5 ([Y]'s CNN; LeCun 1998): conv 6@5×5 ('same', as the original pads 28×28 to 32×32) → 2×2 pool → conv 16@5×5 →
 * 2×2 pool → dense 120 → dense 84 → dense classes. Average pooling as in the original.
 */
export function lenet5(options: LeNetOptions = {}): NetworkSpec {
  const { inputShape = [28, 28, 1], classes = 10, activation = 'relu', width = 1 } = options;
  return {
    kind: 'network',
    name: width === 1 ? 'lenet5' : `lenet5-w${width}`,
    inputShape,
    classes,
    layers: [
      { kind: 'conv2d', filters: scaleWidth(6, width), kernelSize: 5, padding: 'same', batchNorm: false, activation },
      { kind: 'pool', mode: 'average', size: 2 },
      { kind: 'conv2d', filters: scaleWidth(16, width), kernelSize: 5, padding: 'valid', batchNorm: false, activation },
      { kind: 'pool', mode: 'average', size: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: scaleWidth(120, width), batchNorm: false, activation },
      { kind: 'dense', units: scaleWidth(84, width), batchNorm: false, activation },
      { kind: 'dense', units: classes, batchNorm: false, activation: 'none' },
    ],
  };
}

export interface VggOptions {
  /** @default [32, 32, 3] (CIFAR-10) */
  inputShape?: [number, number, number];
  /** @default 10 */
  classes?: number;
  /** Channel multiplier [X Fig. 2]: 1.2 = 20 % wider. @default 1 */
  width?: number;
  /** Output channels of each stage (two 3×3 conv + BN + ReLU, then 2×2 max pool). @default [32, 64, 128] */
  stages?: readonly number[];
}

/**
 * A small VGG-style CNN [X]: per stage two 3×3 'same' convolutions with batch norm and ReLU, then 2×2 max pooling; a
 * dense logits head. With `stages: [64, 128, 256, 512, 512]` and a 32×32×3 input this is VGG13's convolutional part.
 */
export function vggSmall(options: VggOptions = {}): NetworkSpec {
  const { inputShape = [32, 32, 3], classes = 10, width = 1, stages = [32, 64, 128] } = options;
  const layers: LayerSpec[] = [];
  for (const channels of stages) {
    const filters = scaleWidth(channels, width);
    layers.push({ kind: 'conv2d', filters, kernelSize: 3, padding: 'same', batchNorm: true, activation: 'relu' });
    layers.push({ kind: 'conv2d', filters, kernelSize: 3, padding: 'same', batchNorm: true, activation: 'relu' });
    layers.push({ kind: 'pool', mode: 'max', size: 2 });
  }
  layers.push({ kind: 'flatten' }, { kind: 'dense', units: classes, batchNorm: false, activation: 'none' });
  return { kind: 'network', name: `vgg-small-${stages.join('-')}-w${width}`, inputShape, classes, layers };
}

/** VGG13 [X]'s CIFAR-10 network (conv part of VGG13 + a dense head), with the width multiplier. Large for a CPU sweep. */
export function vgg13(options: Omit<VggOptions, 'stages'> = {}): NetworkSpec {
  return { ...vggSmall({ ...options, stages: [64, 128, 256, 512, 512] }), name: `vgg13-w${options.width ?? 1}` };
}
