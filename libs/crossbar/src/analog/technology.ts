/**
 * Device technologies of [C] Table I as named data (SPEC §5, §2.1). Resistances in Ω. [C]'s Table I ratio columns are
 * PERCENT: R_S = 200–800 Ω and R_N = 0–200 Ω against R_max of a few hundred kΩ (SPEC §5).
 */
import type { DifferentialMapping } from './differential.js';

/** Names of the shipped technologies. */
export type TechnologyName = 'tio2' | 'ag-si' | 'taox' | 'spintronic' | 'pcm';

/** One technology row of [C] Table I. Pure data. */
export interface CrossbarTechnology {
  readonly kind: 'crossbar-technology';
  readonly name: TechnologyName;
  /** Where the numbers come from. */
  readonly source: string;
  /** Lowest synaptic resistance used, R_min = 1/Gmax (Ω): [C] Table I "considered range". */
  readonly rMin: number;
  /** Highest synaptic resistance used, R_max = 1/Gmin (Ω): [C] Table I "considered range". */
  readonly rMax: number;
  /** Source (driver) resistance range R_S (Ω): 200–800 for every technology ([C] Table I footnote). */
  readonly sourceResistanceRange: readonly [number, number];
  /** Neuron input resistance range R_N (Ω): 0–200 for every technology ([C] Table I footnote). */
  readonly neuronResistanceRange: readonly [number, number];
}

const SOURCE_RANGE = Object.freeze([200, 800] as const);
const NEURON_RANGE = Object.freeze([0, 200] as const);

function defineTechnology(name: TechnologyName, rMin: number, rMax: number, note = ''): CrossbarTechnology {
  return Object.freeze({
    kind: 'crossbar-technology',
    name,
    source: `[C] Table I, considered range ${rMin / 1e3} kΩ – ${rMax / 1e3} kΩ${note}`,
    rMin,
    rMax,
    sourceResistanceRange: SOURCE_RANGE,
    neuronResistanceRange: NEURON_RANGE,
  });
}

/** [C] Table I, every row. TiO₂ (40 k–600 kΩ) and TaOx (20 k–300 kΩ) are the ones SPEC §5 quotes. */
export const CROSSBAR_TECHNOLOGIES: Readonly<Record<TechnologyName, CrossbarTechnology>> = Object.freeze({
  tio2: defineTechnology('tio2', 40e3, 600e3),
  'ag-si': defineTechnology('ag-si', 100e3, 1.5e6),
  taox: defineTechnology('taox', 20e3, 300e3),
  spintronic: defineTechnology('spintronic', 40e3, 400e3, ' (predictive; its window is 10:1, not the 15:1 [C] uses elsewhere)'),
  pcm: defineTechnology('pcm', 60e3, 900e3),
});

/** The technology names, in table order. */
export const technologyNames: readonly TechnologyName[] = Object.freeze(Object.keys(CROSSBAR_TECHNOLOGIES) as TechnologyName[]);

/** Looks a technology up by name; an unknown name throws a `RangeError` listing the valid ones. */
export function crossbarTechnology(name: string): CrossbarTechnology {
  if (!Object.prototype.hasOwnProperty.call(CROSSBAR_TECHNOLOGIES, name)) {
    throw new RangeError(`unknown crossbar technology ${JSON.stringify(name)}; valid: ${technologyNames.join(', ')}`);
  }
  return CROSSBAR_TECHNOLOGIES[name as TechnologyName];
}

/** A technology's conductance window as a differential mapping: Gmin = 1/R_max, Gmax/Gmin = R_max/R_min. */
export function differentialMappingFor(
  technology: CrossbarTechnology,
  levels: number | null = 16,
  clip: DifferentialMapping['clip'] = 'layer-max',
): DifferentialMapping {
  return { kind: 'differential', gMin: 1 / technology.rMax, gMaxOverGMin: technology.rMax / technology.rMin, levels, clip };
}

/** [C]: TiO₂ window (Gmin = 1/600 kΩ), Gmax/Gmin = 15, 4-bit (16 levels), w_max = layer max. */
export const CHAKRABORTY2018_MAPPING: Readonly<DifferentialMapping> = Object.freeze(differentialMappingFor(CROSSBAR_TECHNOLOGIES.tio2, 16));

/**
 * [X]: 8-bit cells (256 levels). [X] gives no conductances; the TiO₂ window of [C] is used, which only matters once
 * parasitics are on (without them w_eff does not depend on Gmin).
 */
export const XIANG2021_MAPPING: Readonly<DifferentialMapping> = Object.freeze(differentialMappingFor(CROSSBAR_TECHNOLOGIES.tio2, 256));

/** Analog cells (no level rounding), TiO₂ window: the reference for "quantization off". */
export const ANALOG_MAPPING: Readonly<DifferentialMapping> = Object.freeze(differentialMappingFor(CROSSBAR_TECHNOLOGIES.tio2, null));

/** The shipped differential mappings by name. */
export const DIFFERENTIAL_MAPPING_PRESETS = Object.freeze({
  chakraborty2018: CHAKRABORTY2018_MAPPING,
  xiang2021: XIANG2021_MAPPING,
  analog: ANALOG_MAPPING,
});
