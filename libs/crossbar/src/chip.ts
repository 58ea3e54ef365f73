/**
 * One Monte-Carlo chip instance (SPEC §1, §9): a fresh draw of every fault and variation of every layer, keyed so the
 * same trial gives the same chip on any worker or thread.
 */
import type { DenseLayer } from './layer.js';
import { deriveKey, Rng, type KeyPart, type RngKey } from './rng/rng.js';
import type { WeightLevelDeployment } from './weight-level/model.js';
import { perturbLayerWeightLevel, type WeightLevelStreams } from './weight-level/perturb.js';

/**
 * What identifies a chip: the sweep seed, the deployment-time configuration of the point and the trial.
 * Training parameters (method, drop-connect rate, training seed, …) are deliberately NOT part of it: every trained
 * network evaluated at the same deployment point meets the same chips (common random numbers, SPEC §9), which makes
 * paired comparisons between methods far sharper than independent draws.
 */
export interface ChipKey {
  /** The sweep's seed. */
  sweepSeed: number;
  /** The deployment-time config of the point (fault rates or preset, σ, model, crossbar size, …) as plain JSON. */
  deployment: { readonly [key: string]: unknown };
  /** Monte-Carlo trial index, 0-based. */
  trial: number;
}

/** The key path of a chip: `['chip', sweepSeed, deployment, trial]`. Object key order in `deployment` does not matter. */
export function chipKeyToParts(key: ChipKey): KeyPart[] {
  return ['chip', key.sweepSeed, key.deployment, key.trial];
}

/**
 * The keys of layer `layerIndex`'s streams: faults = `deriveKey(...chipKeyParts, 'layer', layerIndex, 'faults')`,
 * variation = `deriveKey(...chipKeyParts, 'layer', layerIndex, 'variation')`. Native twins of the deployment (e.g.
 * @memsweep/kernels `nativeWeightLevel`) draw from the same keys.
 */
export function layerStreamKeys(chipKeyParts: readonly KeyPart[], layerIndex: number): { faults: RngKey; variation: RngKey } {
  return {
    faults: deriveKey(...chipKeyParts, 'layer', layerIndex, 'faults'),
    variation: deriveKey(...chipKeyParts, 'layer', layerIndex, 'variation'),
  };
}

/** The weight-level streams of layer `layerIndex` of a chip, over the keys of `layerStreamKeys`. */
export function layerStreams(chipKeyParts: readonly KeyPart[], layerIndex: number): WeightLevelStreams {
  const keys = layerStreamKeys(chipKeyParts, layerIndex);
  return { faults: new Rng(keys.faults), variation: new Rng(keys.variation) };
}

/**
 * Deploys a network of dense layers on one chip in the weight-level model (SPEC §2.2) and returns new layers.
 * Layer l draws from `layerStreams(chipKeyParts, l)` (see `perturbLayerWeightLevel` for the per-cell draw order), so
 * layers are independent of each other and of the order they are deployed in.
 *
 * Callers put (sweep seed, deployment config, trial) into `chipKeyParts` — `chipKeyToParts(chipKey)` builds exactly
 * that — and NOT the training parameters (SPEC §9 common random numbers: all trainings evaluated at a point meet the
 * same chips). Strength 0 returns every layer bit-identical to the input.
 */
export function deployNetworkWeightLevel(
  layers: readonly DenseLayer[],
  deployment: WeightLevelDeployment,
  chipKeyParts: readonly KeyPart[],
): DenseLayer[] {
  return layers.map((layer, layerIndex) => perturbLayerWeightLevel(layer, deployment, layerStreams(chipKeyParts, layerIndex)));
}
