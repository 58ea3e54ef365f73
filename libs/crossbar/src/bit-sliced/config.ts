/**
 * The bit-sliced binary crossbar model of [Y] (SPEC §2.4, §4, §6) as plain JSON data: every field documented with its
 * unit and default, a strength of 0 meaning "off". `bitSlicedConfig` compiles a partial object into a full, checked,
 * frozen config and rejects unknown keys.
 */
import { YU2021_FAULTS } from '../faults/stuck-at.js';
import { assertNonNegative, assertStuckRates } from '../validate.js';

/** How weights become cells: [Y] eq. 2 ('traditional') or eq. 7 ('bit-inversion'). See `mapWeightsToCells`. */
export type BitSlicedMapping = 'traditional' | 'bit-inversion';

/**
 * How inputs become bit-planes.
 * 'unsigned': x ≥ 0 (ReLU / sigmoid activations, pixels); code = round(x/x_fs·(2^N_i − 1)) in [0, 2^N_i − 1]; a negative
 *   input is an error (it cannot be represented, and silently clipping it would hide a wiring mistake).
 * 'twos-complement': signed x; code = round(x/x_fs·(2^(N_i−1) − 1)) in [−(2^(N_i−1) − 1), 2^(N_i−1) − 1], written as an
 *   N_i-bit two's-complement word; the top bit-plane is weighted −2^(N_i−1) in shift-and-add, the others +2^b.
 */
export type InputEncoding = 'unsigned' | 'twos-complement';

/**
 * The ADC's level spacing, in counts of high-conductance cells that conduct (SPEC §6).
 * 'unit': levels 0, 1, …, min(2^b − 1, r); a count above the top level saturates. Sparse columns keep exact counts with
 *   few bits, which is what [Y] §IV-B.2 observes ("3-bit ADCs are sufficient … due to the sparse nature of weights").
 * 'full-range': 2^b levels spread evenly over 0…r, k·r/(2^b − 1), so 1 bit reads {0, r}; the step is capped at 1
 *   count, i.e. with ≥ ⌈log2(r + 1)⌉ bits the levels are 0, 1, …, r.
 * In both, ⌈log2(r + 1)⌉ bits are lossless on fault-free, noise-free counts (8 bits for r = 128).
 */
export type AdcStep = 'unit' | 'full-range';

/**
 * σ_j² in MMSE (eq. 4 of [Y]).
 * 'yu-eq6': [Y] eq. 6 as printed, σ_j² = r²·p(1 − p), p = p_v·p_g.
 * 'binomial': r·p(1 − p), the variance of a sum of r independent Bernoulli(p) products — what [Y]'s own independence
 *   assumption gives. The printed r² form holds only for fully correlated products and makes the shrinkage almost
 *   vanish on 128-row tiles (coefficient ≈ 1 − σ_n²/(r²·p(1−p))). Offered so results can say which one they used.
 */
export type MmseVarianceModel = 'yu-eq6' | 'binomial';

/** The bit-sliced binary crossbar model [Y]. Pure JSON data. */
export interface BitSlicedConfig {
  kind: 'bit-sliced';
  /** N_w: magnitude bits per weight; each weight takes N_w adjacent columns on each crossbar. Integer 1–30. @default 16 */
  weightBits: number;
  /** N_i: bits per input; one bit-plane is applied per read through 1-bit DACs. Integer 1–30. @default 8 */
  inputBits: number;
  /** How inputs are coded into bit-planes, see `InputEncoding`. @default 'unsigned' */
  inputEncoding: InputEncoding;
  /**
   * x_fs: the input value that maps to the top code, same unit as the inputs. null = per input vector, the max |x| over
   * the vector and the bias input 1 (dynamic scaling; an output then does not depend on which other inputs share its
   * batch). A number must be ≥ 1 (the bias row's input 1 must be representable); larger inputs clip to the top code.
   * @default null
   */
  inputFullScale: number | null;
  /** Weights-to-cells mapping, [Y] eq. 2 or eq. 7. @default 'traditional' */
  mapping: BitSlicedMapping;
  /** r: rows per tile; a layer with more rows (inputs + 1 bias row) is split over ⌈rows/r⌉ tiles whose counts are digitized separately and added digitally. @default 128 */
  tileRows: number;
  /** b_ADC: ADC resolution in bits; null = ideal ADC (the analog count passes unquantized, noise included). @default null */
  adcBits: number | null;
  /** Level spacing of the ADC, see `AdcStep`. @default 'unit' */
  adcStep: AdcStep;
  /** e₁ of [Y]: probability a cell is stuck at logic 1 = high conductance (stuck-on; [Y]'s SA1). 0 = off. @default 0 */
  stuckOnRate: number;
  /** e₀ of [Y]: probability a cell is stuck at logic 0 = low conductance (stuck-off; [Y]'s SA0). 0 = off. @default 0 */
  stuckOffRate: number;
  /** σ_n²: variance of the computation noise on every column count per bit-plane, in counts² ([Y] example 0.4608). 0 = off. @default 0 */
  noiseVariance: number;
  /** Apply MMSE early denoising ([Y] eq. 4) to every digitized column count. Needs `MmseStatistics`. @default false */
  mmse: boolean;
  /** σ_j² used by MMSE, see `MmseVarianceModel`. @default 'yu-eq6' */
  mmseVariance: MmseVarianceModel;
  /** Force outputs whose quantized weights (and bias) are all zero to 0 ([Y] eq. 11). @default false */
  zeroNodeSuppression: boolean;
}

/** The defaults: a fault-free, noise-free traditional mapping with an ideal ADC, i.e. exactly Q(W)ᵀQ(x). */
export const DEFAULT_BIT_SLICED_CONFIG: Readonly<BitSlicedConfig> = Object.freeze({
  kind: 'bit-sliced',
  weightBits: 16,
  inputBits: 8,
  inputEncoding: 'unsigned',
  inputFullScale: null,
  mapping: 'traditional',
  tileRows: 128,
  adcBits: null,
  adcStep: 'unit',
  stuckOnRate: 0,
  stuckOffRate: 0,
  noiseVariance: 0,
  mmse: false,
  mmseVariance: 'yu-eq6',
  zeroNodeSuppression: false,
});

/**
 * [Y]'s full scheme (BI + MMSE + zero-node suppression) at its own operating point: 16/8 bits, 128-row tiles, e₁ = 9.04 %,
 * e₀ = 1.75 % (the yu2021 fault preset), σ_n² = 0.4608, 7-bit ADC.
 * ADC source: [Y] §IV-B.2, "Theoretically a 7-bit ADC is enough to represent MAC results with crossbar size 128 × 128";
 * its Fig. 4 (the BI / SI / MMSE comparison) states no other resolution. Its "3-bit ADCs are sufficient for MLP due to
 * the sparse nature of weights" (Fig. 5, 1–7 bits) is about sparse columns: under bit inversion most cells hold 1, column
 * counts run far above 7 and a 3-bit unit-step ADC saturates (fault-free MNIST MLP: 31 % / 18 % accuracy at 64 / 128
 * rows, measured). 7 unit-step bits are exact up to a count of 127 (a 128-row column saturates only when every row conducts).
 */
export const YU2021_BIT_SLICED: Readonly<BitSlicedConfig> = Object.freeze({
  ...DEFAULT_BIT_SLICED_CONFIG,
  mapping: 'bit-inversion',
  adcBits: 7,
  stuckOnRate: YU2021_FAULTS.paperRates.stuckOnRate,
  stuckOffRate: YU2021_FAULTS.paperRates.stuckOffRate,
  noiseVariance: 0.4608,
  mmse: true,
  zeroNodeSuppression: true,
});

const CONFIG_KEYS = new Set(Object.keys(DEFAULT_BIT_SLICED_CONFIG));
const MAPPINGS: readonly BitSlicedMapping[] = ['traditional', 'bit-inversion'];
const ENCODINGS: readonly InputEncoding[] = ['unsigned', 'twos-complement'];
const ADC_STEPS: readonly AdcStep[] = ['unit', 'full-range'];
const VARIANCE_MODELS: readonly MmseVarianceModel[] = ['yu-eq6', 'binomial'];

function assertIntegerIn(name: string, value: unknown, min: number, max: number): void {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) {
    throw new RangeError(`bit-sliced config: ${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
}

function assertOneOf<T>(name: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new RangeError(`bit-sliced config: ${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
}

/** Throws a `RangeError` naming the field unless `config` is a complete, valid `BitSlicedConfig` with no unknown keys. */
export function assertBitSlicedConfig(config: BitSlicedConfig): void {
  if (config === null || typeof config !== 'object') throw new RangeError(`bit-sliced config must be an object, got ${String(config)}`);
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key)) throw new RangeError(`bit-sliced config: unknown key ${JSON.stringify(key)} (valid keys: ${[...CONFIG_KEYS].join(', ')})`);
  }
  if (config.kind !== 'bit-sliced') throw new RangeError(`bit-sliced config: kind must be 'bit-sliced', got ${JSON.stringify(config.kind)}`);
  assertIntegerIn('weightBits', config.weightBits, 1, 30);
  assertIntegerIn('inputBits', config.inputBits, 1, 30);
  if (config.inputEncoding === 'twos-complement') assertIntegerIn('inputBits (two\'s complement)', config.inputBits, 2, 30);
  assertOneOf('inputEncoding', config.inputEncoding, ENCODINGS);
  if (config.inputFullScale !== null && !(typeof config.inputFullScale === 'number' && Number.isFinite(config.inputFullScale) && config.inputFullScale >= 1)) {
    throw new RangeError(`bit-sliced config: inputFullScale must be null or a finite number >= 1 (the bias input is 1), got ${String(config.inputFullScale)}`);
  }
  assertOneOf('mapping', config.mapping, MAPPINGS);
  assertIntegerIn('tileRows', config.tileRows, 1, 1 << 20);
  if (config.adcBits !== null) assertIntegerIn('adcBits', config.adcBits, 1, 30);
  assertOneOf('adcStep', config.adcStep, ADC_STEPS);
  assertStuckRates(config.stuckOffRate, config.stuckOnRate);
  assertNonNegative('noiseVariance', config.noiseVariance);
  if (typeof config.mmse !== 'boolean') throw new RangeError(`bit-sliced config: mmse must be a boolean, got ${String(config.mmse)}`);
  assertOneOf('mmseVariance', config.mmseVariance, VARIANCE_MODELS);
  if (typeof config.zeroNodeSuppression !== 'boolean') {
    throw new RangeError(`bit-sliced config: zeroNodeSuppression must be a boolean, got ${String(config.zeroNodeSuppression)}`);
  }
}

/** Compiles a partial config (missing fields take the defaults) into a checked, frozen `BitSlicedConfig`. */
export function bitSlicedConfig(partial: Partial<BitSlicedConfig> = {}): Readonly<BitSlicedConfig> {
  const config = { ...DEFAULT_BIT_SLICED_CONFIG, ...partial };
  assertBitSlicedConfig(config);
  return Object.freeze(config);
}

/**
 * True when the config perturbs the ideal result Q(W)ᵀQ(x): stuck cells, computation noise, or an ADC too coarse for a
 * tile (fewer than ⌈log2(r + 1)⌉ bits). MMSE and zero-node suppression are corrections, not perturbations, but MMSE's
 * shrinkage can move a noise-free count, so it counts as active too.
 */
export function bitSlicedIsActive(config: BitSlicedConfig): boolean {
  const adcLossy = config.adcBits !== null && config.adcBits < Math.ceil(Math.log2(config.tileRows + 1));
  return config.stuckOnRate > 0 || config.stuckOffRate > 0 || config.noiseVariance > 0 || adcLossy || config.mmse;
}
