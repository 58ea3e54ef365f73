/** Applies the weight-level model (SPEC §2.2) to a whole dense layer, bias included. */
import { assertDenseLayer, type DenseLayer } from '../layer.js';
import type { Rng } from '../rng/rng.js';
import { assertWeightLevelDeployment, weightLevelCell, type WeightLevelDeployment } from './model.js';

/**
 * The two random streams one layer's deployment draws from. Keeping faults and variation apart means the fault map
 * does not shift when σ changes and the variation does not shift when the fault rates change.
 */
export interface WeightLevelStreams {
  /** One `uniform()` per cell decides whether it is stuck, and in which state. */
  faults: Rng;
  /** One `normal()` per cell is its log-normal variation θ/σ. */
  variation: Rng;
}

/** max |x| over the layer's augmented matrix (weights and the bias row); 0 for an empty layer. */
export function augmentedMaxAbs(layer: DenseLayer): number {
  let wMax = 0;
  for (let i = 0; i < layer.weights.length; i++) wMax = Math.max(wMax, Math.abs(layer.weights[i]));
  for (let j = 0; j < layer.bias.length; j++) wMax = Math.max(wMax, Math.abs(layer.bias[j]));
  return wMax;
}

/**
 * Deploys one dense layer on a faulty chip in the weight-level model and returns a NEW layer (the input is not mutated).
 *
 * The bias is one extra crossbar row (driven by a constant input of 1) and is perturbed like any weight; w_max is the max
 * |w| over that augmented (inputs + 1) × outputs matrix. Each cell follows `weightLevelCell`.
 *
 * Draw order (a fixed contract, so a chip is reproducible from its key alone): cells are visited row-major through
 * the weights, then the bias row; every cell takes exactly one `streams.faults.uniform()` and one
 * `streams.variation.normal()`, even when it is stuck or σ = 0. The draws at a cell therefore do not depend on the rates
 * or σ (common random numbers across deployment strengths), and afterwards each stream has advanced by exactly
 * (inputs + 1)·outputs draws.
 *
 * Strength 0 (both rates 0 and σ = 0) returns values bit-identical to the input.
 */
export function perturbLayerWeightLevel(layer: DenseLayer, deployment: WeightLevelDeployment, streams: WeightLevelStreams): DenseLayer {
  assertDenseLayer(layer);
  assertWeightLevelDeployment(deployment);
  const wMax = augmentedMaxAbs(layer);
  const { faults, variation } = streams;
  const weights = new Float32Array(layer.weights.length);
  for (let i = 0; i < weights.length; i++) {
    weights[i] = weightLevelCell(layer.weights[i], wMax, faults.uniform(), variation.normal(), deployment);
  }
  const bias = new Float32Array(layer.bias.length);
  for (let j = 0; j < bias.length; j++) {
    bias[j] = weightLevelCell(layer.bias[j], wMax, faults.uniform(), variation.normal(), deployment);
  }
  return { inputs: layer.inputs, outputs: layer.outputs, weights, bias };
}
