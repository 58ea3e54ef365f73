/**
 * One dispatcher over the three deployment models (SPEC §2): the sweep's device-model config (plain JSON, fully
 * expanded, `kind` selects the model) plus the point's strengths → one deployed network per chip.
 *
 * - 'weight-level' and 'analog' fold every layer into an effective DenseLayer once per chip (evaluate as a matmul).
 * - 'bit-sliced' keeps the binary cells per layer; evaluate with `countCorrectBitSliced` (JS forward, per input vector).
 *
 * Streams: weight-level and analog layer l use `layerStreams(chipKeyParts, l)`; bit-sliced uses `bitSlicedStreams`.
 */
import type { DenseLayer } from './layer.js';
import { Rng, type KeyPart } from './rng/rng.js';
import { augmentedMaxAbs } from './weight-level/perturb.js';
import { layerStreams, deployNetworkWeightLevel } from './chip.js';
import type { WeightLevelModel } from './weight-level/model.js';
import { deployLayerAnalog } from './analog/deploy.js';
import type { DifferentialMapping } from './analog/differential.js';
import type { ParasiticsConfig } from './analog/parasitics.js';
import type { ChipCorner } from './analog/variation.js';
import { squareTiling } from './analog/tiling.js';
import { bitSlicedConfig, type BitSlicedConfig } from './bit-sliced/config.js';
import { runColumnsJs, type BitSlicedColumnEngine } from './bit-sliced/column-engine.js';
import { bitSlicedStreams, deployBitSlicedLayer, runBitSliced, type BitSlicedDeployment } from './bit-sliced/forward.js';
import { estimateMmseStatistics, type MmseStatistics } from './bit-sliced/mmse.js';
import { mapWeightsToCells } from './bit-sliced/mapping.js';
import { quantizeLayerWeights } from './bit-sliced/quantize.js';

/** The analog cell-level model as a sweep selects it: everything but the per-point strengths and the tile size. */
export interface AnalogModelConfig {
  kind: 'analog';
  /** The preset it was expanded from (recorded with results), or null when every field was given. */
  preset: string | null;
  mapping: DifferentialMapping;
  /** R_S and R_N in ohms (Ω). */
  parasitics: ParasiticsConfig;
  chipCorner: ChipCorner;
  /**
   * Additive Gaussian noise on every tile's column outputs, per MVM (SPEC §4), as a fraction of the layer's full-scale
   * output w_max (the weight mapped to Gmax; dimensionless, ≥ 0). Partial sums of a layer's ⌈(inputs + 1)/crossbarSize⌉
   * row tiles add digitally, so an output's noise std is columnNoise·w_max·√(row tiles). 0 = off (the folded fast path).
   * @default 0
   */
  columnNoise: number;
}

/** The bit-sliced model as a sweep selects it: `BitSlicedConfig` without the per-point rates and the tile size. */
export type BitSlicedModelConfig = Omit<BitSlicedConfig, 'kind' | 'stuckOnRate' | 'stuckOffRate' | 'tileRows'> & {
  kind: 'bit-sliced';
  preset: string | null;
};

export type DeviceModelConfig = WeightLevelModel | AnalogModelConfig | BitSlicedModelConfig;

/** One deployment point: the strengths of the grid and the model that applies them. */
export interface NetworkDeployment {
  stuckOffRate: number;
  stuckOnRate: number;
  /** Log-normal σ (weight-level: of the weight; analog: of each conductance). The bit-sliced model has none (must be 0). */
  sigma: number;
  /** Tile size (square tiles for analog, rows per tile for bit-sliced). The weight-level model ignores it. */
  crossbarSize: number;
  model: DeviceModelConfig;
}

export type Activation = 'sigmoid' | 'relu';

export type DeployedNetwork =
  | { kind: 'dense'; layers: DenseLayer[] }
  /** Analog with column noise: the folded layers plus per-layer output noise std (weight units), drawn per MVM. */
  | { kind: 'noisy-dense'; layers: DenseLayer[]; noiseStd: number[]; noise: Rng }
  | { kind: 'bit-sliced'; layers: BitSlicedDeployment[]; noise: Rng[]; mmse: Array<MmseStatistics | undefined> };

/** The full `BitSlicedConfig` of a point. */
export function bitSlicedConfigOf(deployment: NetworkDeployment): Readonly<BitSlicedConfig> {
  if (deployment.model.kind !== 'bit-sliced') throw new RangeError(`not a bit-sliced deployment: ${deployment.model.kind}`);
  const { preset: _preset, kind: _kind, ...rest } = deployment.model;
  return bitSlicedConfig({ ...rest, tileRows: deployment.crossbarSize, stuckOffRate: deployment.stuckOffRate, stuckOnRate: deployment.stuckOnRate });
}

/**
 * Deploys a network on one chip. `calibrationInputs` (row-major `n × layers[0].inputs`, e.g. a slice of the test set)
 * is only read by a bit-sliced model with MMSE: p_v of each layer is estimated on the ideal network's activations of
 * those inputs and p_g on the fault-free mapped cells ([Y] §III-A, "offline").
 */
export function deployNetwork(
  layers: readonly DenseLayer[],
  deployment: NetworkDeployment,
  chipKeyParts: readonly KeyPart[],
  activation: Activation = 'relu',
  calibrationInputs?: Float32Array,
): DeployedNetwork {
  const { model } = deployment;
  switch (model.kind) {
    case 'weight-level':
      return { kind: 'dense', layers: deployNetworkWeightLevel(layers, { stuckOffRate: deployment.stuckOffRate, stuckOnRate: deployment.stuckOnRate, sigma: deployment.sigma, model }, chipKeyParts) };
    case 'analog': {
      const analog = {
        kind: 'analog' as const,
        mapping: model.mapping,
        stuckOffRate: deployment.stuckOffRate,
        stuckOnRate: deployment.stuckOnRate,
        sigma: deployment.sigma,
        chipCorner: model.chipCorner,
        parasitics: model.parasitics,
        tiling: squareTiling(deployment.crossbarSize),
      };
      const folded = layers.map((layer, l) => deployLayerAnalog(layer, analog, layerStreams(chipKeyParts, l)));
      if (!(model.columnNoise > 0)) return { kind: 'dense', layers: folded };
      const noiseStd = layers.map((layer) => model.columnNoise * augmentedMaxAbs(layer) * Math.sqrt(Math.ceil((layer.inputs + 1) / deployment.crossbarSize)));
      return { kind: 'noisy-dense', layers: folded, noiseStd, noise: Rng.of(...chipKeyParts, 'analog', 'column-noise') };
    }
    case 'bit-sliced': {
      if (deployment.sigma !== 0) throw new RangeError(`the bit-sliced model has no conductance variation: sigma must be 0, got ${deployment.sigma}`);
      const config = bitSlicedConfigOf(deployment);
      const streams = layers.map((_, l) => bitSlicedStreams(chipKeyParts, l));
      const deployed = layers.map((layer, l) => deployBitSlicedLayer(layer, config, streams[l].faults));
      let mmse: Array<MmseStatistics | undefined> = layers.map(() => undefined);
      if (config.mmse) {
        if (!calibrationInputs) throw new RangeError('bit-sliced MMSE needs calibrationInputs to estimate its statistics');
        mmse = mmseStatisticsFor(layers, config, calibrationInputs, activation);
      }
      return { kind: 'bit-sliced', layers: deployed, noise: streams.map((s) => s.noise), mmse };
    }
  }
}

/** Per layer: MMSE statistics from the ideal network's activations of `inputs` and the fault-free mapped cells. */
export function mmseStatisticsFor(layers: readonly DenseLayer[], config: Readonly<BitSlicedConfig>, inputs: Float32Array, activation: Activation): MmseStatistics[] {
  const out: MmseStatistics[] = [];
  let h = inputs;
  layers.forEach((layer, l) => {
    const cells = mapWeightsToCells(quantizeLayerWeights(layer, config.weightBits), config.weightBits, config.mapping);
    out.push(estimateMmseStatistics(h, cells, config));
    if (l + 1 < layers.length) h = activate(denseForward(layer, h), activation);
  });
  return out;
}

/** y = xW + b for a row-major batch (float64 accumulation, float32 result). */
export function denseForward(layer: DenseLayer, x: Float32Array): Float32Array {
  const batch = layer.inputs === 0 ? 0 : x.length / layer.inputs;
  const y = new Float32Array(batch * layer.outputs);
  const acc = new Float64Array(layer.outputs);
  for (let s = 0; s < batch; s++) {
    for (let j = 0; j < layer.outputs; j++) acc[j] = layer.bias[j];
    for (let i = 0; i < layer.inputs; i++) {
      const xi = x[s * layer.inputs + i];
      if (xi === 0) continue;
      const row = i * layer.outputs;
      for (let j = 0; j < layer.outputs; j++) acc[j] += xi * layer.weights[row + j];
    }
    y.set(acc, s * layer.outputs);
  }
  return y;
}

/** The hidden-layer activation, in place. */
export function activate(z: Float32Array, activation: Activation): Float32Array {
  for (let i = 0; i < z.length; i++) z[i] = activation === 'relu' ? Math.max(0, z[i]) : 1 / (1 + Math.exp(-z[i]));
  return z;
}

/**
 * Counts correct argmax predictions of a layered network over `x` (row-major `n × features`) and labels `y`, batch by
 * batch: `layerForward` computes one layer's pre-activations for a batch, the activation runs between layers, the last
 * layer's outputs are the logits. Random draws inside `layerForward` follow the sample order, so the count is
 * deterministic for a chip and a test set.
 */
function countCorrectLayered<L extends { inputs: number; outputs: number }>(
  layers: readonly L[],
  layerForward: (layer: L, batch: Float32Array, layerIndex: number) => Float32Array,
  x: Float32Array,
  y: ArrayLike<number>,
  activation: Activation,
  batchSize: number,
): number {
  const features = layers[0].inputs;
  const classes = layers[layers.length - 1].outputs;
  let correct = 0;
  for (let start = 0; start < y.length; start += batchSize) {
    const end = Math.min(y.length, start + batchSize);
    let h = x.subarray(start * features, end * features);
    layers.forEach((layer, l) => {
      const z = layerForward(layer, h, l);
      h = l + 1 < layers.length ? activate(z, activation) : z;
    });
    for (let s = 0; s < end - start; s++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (h[s * classes + c] > h[s * classes + best]) best = c;
      if (best === y[start + s]) correct++;
    }
  }
  return correct;
}

/**
 * Correct predictions of a bit-sliced network (`runBitSliced` per layer). Costly: O(n · bit-planes · tiles · columns)
 * per chip.
 */
export function countCorrectBitSliced(
  network: Extract<DeployedNetwork, { kind: 'bit-sliced' }>,
  x: Float32Array,
  y: ArrayLike<number>,
  activation: Activation,
  batchSize = 250,
  engine: BitSlicedColumnEngine = runColumnsJs,
): number {
  return countCorrectLayered(network.layers, (layer, h, l) => runBitSliced(layer, h, network.noise[l], network.mmse[l], engine), x, y, activation, batchSize);
}

/**
 * Correct predictions of an analog network with column noise: per layer y = xW_eff + b + n with n ~ N(0, noiseStd²) per
 * output and sample (one `normal()` each, sample-major). JS forward pass: about inputs·outputs multiply-adds per sample.
 */
export function countCorrectNoisyDense(network: Extract<DeployedNetwork, { kind: 'noisy-dense' }>, x: Float32Array, y: ArrayLike<number>, activation: Activation, batchSize = 250): number {
  return countCorrectLayered(
    network.layers,
    (layer, h, l) => {
      const z = denseForward(layer, h);
      const std = network.noiseStd[l];
      for (let k = 0; k < z.length; k++) z[k] += std * network.noise.normal();
      return z;
    },
    x,
    y,
    activation,
    batchSize,
  );
}
