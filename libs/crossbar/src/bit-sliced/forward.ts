/**
 * A dense layer through the bit-sliced binary crossbar pipeline of [Y] (SPEC §2.4, §4, §6): quantize, map, fault,
 * then per input vector, bit-plane, tile and column: count → computation noise → ADC → MMSE → shift-and-add;
 * y = f(J₊) − f(J₋), zero-node suppression last.
 */
import { assertDenseLayer, type DenseLayer } from '../layer.js';
import { Rng, type KeyPart } from '../rng/rng.js';
import { adcTransfer } from './adc.js';
import { applyBinaryStuckAt } from './cell-faults.js';
import { assertBitSlicedConfig, type BitSlicedConfig } from './config.js';
import { mapWeightsToCells, type BitCells } from './mapping.js';
import { runColumnsJs, type BitSlicedColumnEngine, type BitSlicedColumnJob } from './column-engine.js';
import { columnCountMoments, mmseCoefficients, type MmseCoefficients, type MmseStatistics } from './mmse.js';
import { packCells, type PackedCrossbar } from './packed-tiles.js';
import { quantizeInputVector, quantizeLayerWeights, type QuantizedWeights } from './quantize.js';

/** The random streams of one layer's bit-sliced deployment; kept apart so the fault map does not move with σ_n. */
export interface BitSlicedStreams {
  /** One `uniform()` per cell, see `applyBinaryStuckAt`. */
  faults: Rng;
  /** One `normal()` per column read when σ_n² > 0, see `runBitSlicedTotals`. */
  noise: Rng;
}

/**
 * The bit-sliced streams of layer `layerIndex` of a chip, beside the weight-level ones of `layerStreams`:
 * faults = `Rng.of(...chipKeyParts, 'layer', layerIndex, 'bit-sliced', 'faults')`, noise = `… 'bit-sliced', 'noise')`.
 */
export function bitSlicedStreams(chipKeyParts: readonly KeyPart[], layerIndex: number): BitSlicedStreams {
  return {
    faults: Rng.of(...chipKeyParts, 'layer', layerIndex, 'bit-sliced', 'faults'),
    noise: Rng.of(...chipKeyParts, 'layer', layerIndex, 'bit-sliced', 'noise'),
  };
}

/** A layer as deployed on one bit-sliced chip: computed once per chip, then run on any number of inputs. */
export interface BitSlicedDeployment {
  config: Readonly<BitSlicedConfig>;
  /** Layer inputs (crossbar rows minus the bias row). */
  inputs: number;
  outputs: number;
  /** Weight units per code step (see `QuantizedWeights`). */
  weightStep: number;
  /** The cells as they are on the chip (faults included). */
  cells: BitCells;
  /** 1 for an output whose quantized weights and bias are all 0 ([Y] eq. 11 applies to it when enabled). */
  allZeroOutputs: Uint8Array;
  positive: PackedCrossbar;
  negative: PackedCrossbar;
}

/** Builds a deployment from given cells (e.g. faulty ones) and the quantized weights they were mapped from. */
export function packBitSlicedLayer(cells: BitCells, weights: QuantizedWeights, config: Readonly<BitSlicedConfig>): BitSlicedDeployment {
  assertBitSlicedConfig(config);
  if (cells.weightBits !== config.weightBits) throw new RangeError(`cells have ${cells.weightBits} bits per weight, config.weightBits is ${config.weightBits}`);
  if (cells.rows !== weights.rows || cells.outputs !== weights.outputs) {
    throw new RangeError(`cells (${cells.rows} × ${cells.outputs}) do not match the quantized weights (${weights.rows} × ${weights.outputs})`);
  }
  const allZeroOutputs = new Uint8Array(weights.outputs).fill(1);
  for (let i = 0; i < weights.codes.length; i++) if (weights.codes[i] !== 0) allZeroOutputs[i % weights.outputs] = 0;
  const { positive, negative } = packCells(cells, config.tileRows);
  return { config, inputs: cells.rows - 1, outputs: cells.outputs, weightStep: weights.weightStep, cells, allZeroOutputs, positive, negative };
}

/**
 * Deploys a dense layer on one bit-sliced chip: Q(W) with the bias as the last row (driven by input 1), the config's
 * mapping, then `applyBinaryStuckAt` with the config's rates on `faults` (one draw per cell, always).
 */
export function deployBitSlicedLayer(layer: DenseLayer, config: Readonly<BitSlicedConfig>, faults: Rng): BitSlicedDeployment {
  assertDenseLayer(layer);
  assertBitSlicedConfig(config);
  const weights = quantizeLayerWeights(layer, config.weightBits);
  const programmed = mapWeightsToCells(weights, config.weightBits, config.mapping);
  const cells = applyBinaryStuckAt(programmed, config, faults);
  return packBitSlicedLayer(cells, weights, config);
}

/** Integer-unit results of a batch: output (s, j) = totals[s·outputs + j]·weightStep·inputSteps[s]. */
export interface BitSlicedTotals {
  /** f(J₊) − f(J₋) per sample and output, in code units (integers when the ADC is ideal/lossless and noise is off). */
  totals: Float64Array;
  /** Input units per code step of each sample (see `quantizeInputVector`). */
  inputSteps: Float64Array;
}

/** Eq. 4 coefficients per tile for each crossbar (the partial last tile has fewer rows, hence its own E[J], σ_j²). */
function tileMmseCoefficients(deployment: BitSlicedDeployment, stats: MmseStatistics): { positive: MmseCoefficients[]; negative: MmseCoefficients[] } {
  const { config } = deployment;
  const rows = deployment.inputs + 1;
  const positive: MmseCoefficients[] = [];
  const negative: MmseCoefficients[] = [];
  for (let t = 0; t < deployment.positive.tiles; t++) {
    const tileRows = Math.min(config.tileRows, rows - t * config.tileRows);
    const moments = (cellOnes: number) => columnCountMoments(tileRows, stats.inputOnesFraction, cellOnes, config.mmseVariance);
    positive.push(mmseCoefficients(moments(stats.positiveOnesFraction), config.noiseVariance));
    negative.push(mmseCoefficients(moments(stats.negativeOnesFraction), config.noiseVariance));
  }
  return { positive, negative };
}

/**
 * Runs a batch (row-major `batch × inputs`) through the deployed layer and returns the shift-and-add totals.
 *
 * Per sample: the inputs and the bias input 1 are quantized (`quantizeInputVector`); bit-plane b drives every row whose
 * code has bit b set (1-bit DACs). For every (bit-plane b = 0…N_i−1, tile t, crossbar positive then negative, column c)
 * the count J = Σ_{rows of t} v·g goes through: + σ_n·z (z = `noise.normal()`, drawn in exactly this order and only
 * when σ_n² > 0) → ADC (`adcTransfer` over the tile height, when adcBits ≠ null) → MMSE (when enabled, with
 * `mmseStatistics`) → accumulated with weight ±2^b (two's complement: the top plane −2^(N_i−1)). Tiles add digitally.
 * Finally output j = Σ_k 2^(N_w−1−k)·(acc₊ − acc₋)[j·N_w + k], and 0 where zero-node suppression applies. `engine` runs
 * the columns (default the JavaScript one, `runColumnsJs`; a native twin gives the same bits).
 */
export function runBitSlicedTotals(
  deployment: BitSlicedDeployment,
  inputs: Float32Array,
  noise: Rng,
  mmseStatistics?: MmseStatistics,
  engine: BitSlicedColumnEngine = runColumnsJs,
): BitSlicedTotals {
  const { config, outputs } = deployment;
  const width = deployment.inputs;
  const rows = width + 1;
  if (width === 0 ? inputs.length !== 0 : inputs.length % width !== 0) {
    throw new RangeError(`runBitSliced: inputs has ${inputs.length} values, not a multiple of the layer's ${width} inputs`);
  }
  if (config.mmse && !mmseStatistics) throw new RangeError('runBitSliced: config.mmse is on but no MmseStatistics were given (see estimateMmseStatistics)');
  const batch = width === 0 ? 0 : inputs.length / width;
  const codes = new Int32Array(batch * rows);
  const inputSteps = new Float64Array(batch);
  for (let s = 0; s < batch; s++) {
    const quantized = quantizeInputVector(inputs, s * width, width, config);
    codes.set(quantized.codes, s * rows);
    inputSteps[s] = quantized.inputStep;
  }
  const { tiles, wordsPerTile, columns } = deployment.positive;
  const job: BitSlicedColumnJob = {
    batch,
    rows,
    codes,
    inputBits: config.inputBits,
    twosComplement: config.inputEncoding === 'twos-complement',
    tileRows: config.tileRows,
    tiles,
    wordsPerTile,
    columns,
    positiveWords: deployment.positive.words,
    negativeWords: deployment.negative.words,
    noiseStd: Math.sqrt(config.noiseVariance),
    adc: config.adcBits === null ? null : adcTransfer(config.adcBits, config.tileRows, config.adcStep),
    mmse: config.mmse && mmseStatistics ? packMmse(tileMmseCoefficients(deployment, mmseStatistics)) : null,
    weightBits: config.weightBits,
    outputs,
    allZeroOutputs: deployment.allZeroOutputs,
    zeroNodeSuppression: config.zeroNodeSuppression,
  };
  return { totals: engine(job, noise), inputSteps };
}

/** (gain, offset) of crossbar x and tile t at 2·(x·tiles + t), as `BitSlicedColumnJob.mmse`. */
function packMmse({ positive, negative }: { positive: MmseCoefficients[]; negative: MmseCoefficients[] }): Float64Array {
  return Float64Array.from([...positive, ...negative].flatMap((c) => [c.gain, c.offset]));
}

/** Scales totals to outputs in weight × input units: y = total·weightStep·inputStep, row-major `batch × outputs`. */
export function scaleBitSlicedTotals(result: BitSlicedTotals, weightStep: number, outputs: number): Float32Array {
  const out = new Float32Array(result.totals.length);
  for (let i = 0; i < out.length; i++) out[i] = result.totals[i] * weightStep * result.inputSteps[Math.floor(i / outputs)];
  return out;
}

/** Runs a batch through a deployed layer: outputs row-major `batch × outputs`, in weight × input units (bias included). */
export function runBitSliced(
  deployment: BitSlicedDeployment,
  inputs: Float32Array,
  noise: Rng,
  mmseStatistics?: MmseStatistics,
  engine: BitSlicedColumnEngine = runColumnsJs,
): Float32Array {
  return scaleBitSlicedTotals(runBitSlicedTotals(deployment, inputs, noise, mmseStatistics, engine), deployment.weightStep, deployment.outputs);
}

/**
 * One-shot: deploys `layer` with `streams.faults` and runs the batch with `streams.noise`. Deterministic given the
 * streams' keys. With no faults, no noise, no lossy ADC and no MMSE the result equals `bitSlicedReference` bit for bit.
 */
export function bitSlicedForward(
  layer: DenseLayer,
  inputs: Float32Array,
  config: Readonly<BitSlicedConfig>,
  streams: BitSlicedStreams,
  mmseStatistics?: MmseStatistics,
): Float32Array {
  return runBitSliced(deployBitSlicedLayer(layer, config, streams.faults), inputs, streams.noise, mmseStatistics);
}

/**
 * The ideal the pipeline approximates: Q(W)ᵀQ(x) + Q(b)·Q(1) computed directly from the codes (no cells, no ADC), in the
 * same units and float steps as `runBitSliced`, row-major `batch × outputs`.
 */
export function bitSlicedReference(layer: DenseLayer, inputs: Float32Array, config: Readonly<BitSlicedConfig>): Float32Array {
  assertBitSlicedConfig(config);
  const weights = quantizeLayerWeights(layer, config.weightBits);
  const width = layer.inputs;
  const batch = width === 0 ? 0 : inputs.length / width;
  const totals = new Float64Array(batch * layer.outputs);
  const inputSteps = new Float64Array(batch);
  for (let s = 0; s < batch; s++) {
    const { codes, inputStep } = quantizeInputVector(inputs, s * width, width, config);
    inputSteps[s] = inputStep;
    for (let i = 0; i < weights.rows; i++) {
      if (codes[i] === 0) continue;
      for (let j = 0; j < layer.outputs; j++) totals[s * layer.outputs + j] += codes[i] * weights.codes[i * layer.outputs + j];
    }
  }
  return scaleBitSlicedTotals({ totals, inputSteps }, weights.weightStep, layer.outputs);
}
