/**
 * The `network:` section of a sweep file (SPEC §8): an MLP (free widths or one of the papers' presets), LeNet-5, or a
 * small VGG-style CNN with batch norm. The grid's `width` multiplies hidden units (MLP) or channels (CNNs) [X Fig. 2];
 * the input shape and class count come from the data set.
 */
import { z } from 'zod';
import { expected, positiveInt as units } from './schema-fields.js';

/**
 * The MLP presets of SPEC §8, copied as plain data from @memsweep/training's `MLP_PRESETS` (libs/sweep may not import
 * the training library): [C] 784-500-10 sigmoid, [Y] 784-256-256-256-10 ReLU, [W] 784-300-10 ReLU.
 */
export const MLP_NETWORK_PRESETS = Object.freeze({
  chakraborty2018: Object.freeze({ hidden: Object.freeze([500]), activation: 'sigmoid' }),
  yu2021: Object.freeze({ hidden: Object.freeze([256, 256, 256]), activation: 'relu' }),
  wang2020: Object.freeze({ hidden: Object.freeze([300]), activation: 'relu' }),
} as const);

/** A compiled MLP choice: hidden widths before the width multiplier. `preset` is kept when the file named one. */
export interface MlpNetworkChoice {
  kind: 'mlp';
  hidden: number[];
  activation: 'sigmoid' | 'relu';
  preset?: keyof typeof MLP_NETWORK_PRESETS;
}

/** LeNet-5 (conv 6@5×5 same → avg pool → conv 16@5×5 → avg pool → 120 → 84 → classes). */
export interface LeNet5NetworkChoice {
  kind: 'lenet5';
  activation: 'sigmoid' | 'relu';
}

/** [X]'s small VGG-style CNN: per stage two 3×3 conv + batch norm + ReLU, then 2×2 max pool; a dense logits head. */
export interface VggSmallNetworkChoice {
  kind: 'vgg-small';
  /** Channels of each stage before the width multiplier. */
  stages: number[];
}

export type NetworkChoice = MlpNetworkChoice | LeNet5NetworkChoice | VggSmallNetworkChoice;
/** The convolutional choices: trained with `trainNetwork`, evaluated through the conv crossbar mapping. */
export type ConvNetworkChoice = LeNet5NetworkChoice | VggSmallNetworkChoice;

export const NETWORK_KINDS = ['mlp', 'lenet5', 'vgg-small'] as const;

/** True for LeNet-5 and VGG-small. */
export function isConvNetwork(network: NetworkChoice): network is ConvNetworkChoice {
  return network.kind !== 'mlp';
}

const activation = z.enum(['sigmoid', 'relu'], { error: expected('must be "sigmoid" or "relu"') });
const presetNames = Object.keys(MLP_NETWORK_PRESETS) as [keyof typeof MLP_NETWORK_PRESETS, ...(keyof typeof MLP_NETWORK_PRESETS)[]];

const mlp = z
  .strictObject({
    kind: z.literal('mlp'),
    preset: z.enum(presetNames, { error: `must be one of: ${presetNames.join(', ')}` }).optional(),
    hidden: z.array(units(8192), { error: expected('must be a list of numbers') }).min(1, 'must list at least one hidden layer').optional(),
    activation: activation.optional(),
  })
  .transform((m): MlpNetworkChoice => {
    const preset = m.preset ? MLP_NETWORK_PRESETS[m.preset] : undefined;
    return {
      kind: 'mlp',
      hidden: m.hidden ?? [...(preset?.hidden ?? [128])],
      activation: m.activation ?? preset?.activation ?? 'sigmoid',
      ...(m.preset ? { preset: m.preset } : {}),
    };
  });

const lenet5 = z.strictObject({ kind: z.literal('lenet5'), activation: activation.default('relu') });

const vggSmall = z.strictObject({
  kind: z.literal('vgg-small'),
  stages: z.array(units(4096), { error: expected('must be a list of numbers') }).min(1, 'must list at least one stage').max(6, 'must list at most 6 stages').default([32, 64, 128]),
});

/** `network:` — `kind` selects the architecture. */
export const networkSchema = z
  .discriminatedUnion('kind', [mlp, lenet5, vggSmall], {
    error: (i) => (i.input === undefined || (i.input as { kind?: unknown } | null)?.kind === undefined ? 'is required' : `must be one of: ${NETWORK_KINDS.join(', ')}`),
  })
  .default({ kind: 'mlp', hidden: [128], activation: 'sigmoid' });
