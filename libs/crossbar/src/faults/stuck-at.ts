/**
 * Stuck-at faults (SPEC §3), named by the *state* a cell is stuck in, never by a paper's "SA0"/"SA1": the papers use
 * those names for opposite states. Each paper's convention is a named preset below.
 */
import { assertProbability } from '../validate.js';

/** Stuck-at faults: independent Bernoulli per cell (or per weight in the weight-level model). Rates are probabilities. */
export interface StuckAtConfig {
  kind: 'stuck-at';
  /** Probability a cell is stuck at Gmin (high resistance); in the weight-level model the weight reads 0. 0 = off. @default 0 */
  stuckOffRate: number;
  /** Probability a cell is stuck at Gmax (low resistance); in the weight-level model the weight reads ±w_max. 0 = off. @default 0 */
  stuckOnRate: number;
}

/** True when the config injects any fault: a strength of 0 means "off". */
export function stuckAtIsActive(config: Pick<StuckAtConfig, 'stuckOffRate' | 'stuckOnRate'>): boolean {
  return config.stuckOffRate > 0 || config.stuckOnRate > 0;
}

/** Names of the shipped fault presets; every result records which one was used. */
export type FaultPresetName = 'wang2020' | 'xiang2021' | 'yu2021';

/** One paper's fault convention: how its names map onto states, and the rates it uses. Pure data. */
export interface FaultPreset {
  /** The preset's name, as recorded with results. */
  readonly name: FaultPresetName;
  /** The paper the convention comes from (see SPEC's paper list). */
  readonly citation: string;
  /** What the paper calls the stuck-off and the stuck-on fault; null where the paper has no such fault. */
  readonly paperNames: { readonly stuckOff: string | null; readonly stuckOn: string | null };
  /** The paper's own rates, mapped onto states (probabilities per cell). */
  readonly paperRates: Readonly<StuckAtConfig>;
  /** Where in the paper the rates come from, and any caveat. */
  readonly ratesSource: string;
  /**
   * Share of a total stuck rate that is stuck-off, in [0, 1] (dimensionless):
   * paperRates.stuckOffRate / (paperRates.stuckOffRate + paperRates.stuckOnRate).
   */
  readonly stuckOffShare: number;
}

function definePreset(preset: Omit<FaultPreset, 'stuckOffShare'>): FaultPreset {
  const { stuckOffRate, stuckOnRate } = preset.paperRates;
  return Object.freeze({
    ...preset,
    paperNames: Object.freeze({ ...preset.paperNames }),
    paperRates: Object.freeze({ ...preset.paperRates }),
    stuckOffShare: stuckOffRate / (stuckOffRate + stuckOnRate),
  });
}

/** [W]: SA1 = high resistance (weight → 0) 9.04 %, SA0 = low resistance (weight → max) 1.75 %. The project's default split. */
export const WANG2020_FAULTS: FaultPreset = definePreset({
  name: 'wang2020',
  citation:
    'J. Wang, Q. Xu, B. Yuan, S. Chen, B. Yu, F. Wu, "Reliability-Driven Neural Network Training for Memristive ' +
    'Crossbar-Based Neuromorphic Computing Systems", ISCAS 2020',
  paperNames: { stuckOff: 'SA1', stuckOn: 'SA0' },
  paperRates: { kind: 'stuck-at', stuckOffRate: 0.0904, stuckOnRate: 0.0175 },
  ratesSource: '[W] §II-A: 9.04 % of cells stuck at high resistance (SA1), 1.75 % at low resistance (SA0)',
});

/** [X]: only SA1 = "high state", read as weight 0, i.e. every fault is stuck-off. */
export const XIANG2021_FAULTS: FaultPreset = definePreset({
  name: 'xiang2021',
  citation:
    'M. Xiang, X. Xie, P. Savarese, X. Yuan, M. Maire, Y. Li, "Drop-Connect as a Fault-Tolerance Approach for ' +
    'RRAM-based Deep Neural Network Accelerators"',
  paperNames: { stuckOff: 'SA1', stuckOn: null },
  paperRates: { kind: 'stuck-at', stuckOffRate: 0.1, stuckOnRate: 0 },
  ratesSource: '[X] §III-B sweeps the SA1 rate over 0–30 %; 10 % is the rate of its headline result (< 2 % degradation)',
});

/** [Y]: SA1 = stuck at logic 1 = *high conductance* (stuck-on) 9.04 %, SA0 = low conductance (stuck-off) 1.75 %. */
export const YU2021_FAULTS: FaultPreset = definePreset({
  name: 'yu2021',
  citation:
    'A. Yu, N. Lyu, W. Wen, Z. Yan, "Reliable Memristive Neural Network Accelerators Based on Early Denoising and ' +
    'Sparsity Induction"',
  paperNames: { stuckOff: 'SA0', stuckOn: 'SA1' },
  paperRates: { kind: 'stuck-at', stuckOffRate: 0.0175, stuckOnRate: 0.0904 },
  ratesSource: '[Y] §IV-A: e1 = 0.0904 (SA1, high conductance), e0 = 0.0175 (SA0, low conductance); same numbers as [W], opposite states',
});

/** All shipped fault presets by name. */
export const FAULT_PRESETS: Readonly<Record<FaultPresetName, FaultPreset>> = Object.freeze({
  wang2020: WANG2020_FAULTS,
  xiang2021: XIANG2021_FAULTS,
  yu2021: YU2021_FAULTS,
});

/** The preset names, in a fixed order. */
export const faultPresetNames: readonly FaultPresetName[] = Object.freeze(Object.keys(FAULT_PRESETS) as FaultPresetName[]);

/** Looks a preset up by name; an unknown name throws a `RangeError` that lists the valid ones. */
export function faultPreset(presetName: string): FaultPreset {
  if (!Object.prototype.hasOwnProperty.call(FAULT_PRESETS, presetName)) {
    throw new RangeError(`unknown fault preset ${JSON.stringify(presetName)}; valid presets: ${faultPresetNames.join(', ')}`);
  }
  return FAULT_PRESETS[presetName as FaultPresetName];
}

/**
 * Splits a sweep's total stuck rate (a probability per cell) into stuck-off and stuck-on rates in the preset's ratio
 * (SPEC §3), e.g. wang2020 splits 9.04 : 1.75. The two parts sum to `totalRate` up to one rounding.
 */
export function splitFaultRate(totalRate: number, presetName: string): { stuckOffRate: number; stuckOnRate: number } {
  assertProbability('totalRate', totalRate);
  const { stuckOffShare } = faultPreset(presetName);
  const stuckOffRate = totalRate * stuckOffShare;
  // Clamp so rounding can never produce a tiny negative stuck-on rate (e.g. share 1).
  return { stuckOffRate, stuckOnRate: Math.max(0, totalRate - stuckOffRate) };
}
