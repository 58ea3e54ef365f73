import { z } from 'zod';
import { between, expected, positiveInt } from './schema-fields.js';
import { montecarloSchema } from './adaptive-montecarlo.js';
import { datasetSchema } from './dataset-schema.js';
import { networkSchema } from './network-schema.js';
import type { ParameterizedTrainingMethod } from './plan-types.js';
import { RELIABILITY_DRIVEN_DEFAULTS, SPARSITY_DEFAULTS, TRAINING_METHOD_NAMES } from '@memsweep/methods';
import {
  CHAKRABORTY2018_MAPPING,
  XIANG2021_MAPPING,
  ANALOG_MAPPING,
  DEFAULT_BIT_SLICED_CONFIG,
  YU2021_BIT_SLICED,
  faultPresetNames,
  canonicalJson,
  squareTiling,
  NO_CHIP_CORNER,
  DEFAULT_DEVICE_FAULTS,
  NO_UPDATE_NOISE,
  DEFAULT_FAULT_PRUNING,
  type AnalogModelConfig,
  type BitSlicedModelConfig,
} from '@memsweep/crossbar';

/**
 * The sweep file schema. Every object is strict: an unknown key is an error, never silently ignored.
 * Ranges are checked here so that nothing out of range reaches a worker.
 */


/** A grid dimension: one value (read as a one-element list) or a non-empty list of distinct values. */
const dimension = (value: z.ZodNumber) =>
  z.preprocess(
    (v) => (typeof v === 'number' ? [v] : v),
    z
      .array(value, { error: expected('must be a number or a list of numbers') })
      .min(1, 'must list at least one value')
      .refine((values) => new Set(values).size === values.length, 'must not repeat a value'),
  );

export const gridSchema = z.strictObject({
  /** Total stuck-at fault rate per weight/cell, split by the fault preset (SPEC §3). */
  faultRate: dimension(between(0, 1)),
  /** Drop-connect training rate p [X]; used by methods that train with drop-connect. */
  dropConnectRate: dimension(between(0, 0.95)).optional(),
  /** Log-normal device-to-device variation σ [W] (dimensionless, of ln G). */
  sigma: dimension(between(0, 5)).default([0]),
  /** Crossbar tile size in cells (square tiles). Recorded even where the deployment model ignores it. */
  crossbarSize: dimension(positiveInt(4096)).default([128]),
  /** Width multiplier on hidden units [X]. */
  width: dimension(between(0.05, 16)).default([1]),
});

/**
 * Device models (SPEC §2). `deployment.model.kind` selects one; `preset` names a paper's setting whose fields fill in
 * whatever the file leaves out, and the expanded model (every field, plus the preset's name) is what the planner records
 * with each point. Fault rates, σ and the tile size come from the grid (faultRate via deployment.faultPreset).
 */
const NO_PARASITICS = { kind: 'parasitics', sourceResistance: 0, neuronResistance: 0, model: 'ideal-wire' } as const;
const NO_CORNER = { kind: 'chip-corner', corner: 0, sigmaChip: 0, mode: 'linear' } as const;

/** Analog presets: [C] 4-bit TiO₂ with mid-range Table I parasitics (R_S 500 Ω, R_N 100 Ω, its first-order model), [X] 8-bit, [W] analog levels. */
export const ANALOG_PRESETS: Readonly<Record<string, Omit<AnalogModelConfig, 'preset'>>> = Object.freeze({
  chakraborty2018: { kind: 'analog', mapping: { ...CHAKRABORTY2018_MAPPING }, parasitics: { kind: 'parasitics', sourceResistance: 500, neuronResistance: 100, model: 'first-order' }, chipCorner: { ...NO_CORNER }, columnNoise: 0 },
  xiang2021: { kind: 'analog', mapping: { ...XIANG2021_MAPPING }, parasitics: { ...NO_PARASITICS }, chipCorner: { ...NO_CORNER }, columnNoise: 0 },
  wang2020: { kind: 'analog', mapping: { ...ANALOG_MAPPING }, parasitics: { ...NO_PARASITICS }, chipCorner: { ...NO_CORNER }, columnNoise: 0 },
});

const { kind: _k, tileRows: _t, stuckOnRate: _on, stuckOffRate: _off, ...bitSlicedDefaults } = DEFAULT_BIT_SLICED_CONFIG;
const { kind: _k2, tileRows: _t2, stuckOnRate: _on2, stuckOffRate: _off2, ...yuBitSliced } = YU2021_BIT_SLICED;
/** Bit-sliced presets: [Y]'s full scheme (BI + MMSE + zero-node suppression, 7-bit ADC, σ_n² 0.4608) and its traditional-mapping baseline. */
export const BIT_SLICED_PRESETS: Readonly<Record<string, Omit<BitSlicedModelConfig, 'preset'>>> = Object.freeze({
  yu2021: { kind: 'bit-sliced', ...yuBitSliced },
  'yu2021-traditional': { kind: 'bit-sliced', ...yuBitSliced, mapping: 'traditional', mmse: false, zeroNodeSuppression: false },
  ideal: { kind: 'bit-sliced', ...bitSlicedDefaults },
});

const presetName = (presets: Record<string, unknown>) =>
  z.enum(Object.keys(presets) as [string, ...string[]], { error: `must be one of: ${Object.keys(presets).join(', ')}` });
const oneOf = <T extends string>(values: readonly [T, ...T[]]) => z.enum(values, { error: `must be one of: ${values.join(', ')}` });

const weightLevelSchema = z.strictObject({
  kind: z.literal('weight-level'),
  stuckOnValue: oneOf(['signed-max', 'positive-max']).default('signed-max'),
});

const analogSchema = z
  .strictObject({
    kind: z.literal('analog'),
    preset: presetName(ANALOG_PRESETS).optional(),
    mapping: z
      .strictObject({
        gMin: z.number({ error: 'must be a number' }).gt(0, 'must be greater than 0').max(1, 'must be at most 1 (siemens)').optional(),
        gMaxOverGMin: z.number({ error: 'must be a number' }).gt(1, 'must be greater than 1').max(1e6, 'must be at most 1000000').optional(),
        levels: z.union([z.number().int('must be a whole number').min(2, 'must be between 2 and 65536').max(65536, 'must be between 2 and 65536'), z.null()], { error: 'must be a whole number or null (analog)' }).optional(),
        clip: z.union([z.literal('layer-max'), z.number().gt(0, 'must be greater than 0')], { error: 'must be "layer-max" or a number > 0' }).optional(),
      })
      .optional(),
    parasitics: z
      .strictObject({
        sourceResistance: between(0, 1e6).optional(),
        neuronResistance: between(0, 1e6).optional(),
        model: oneOf(['first-order', 'ideal-wire']).optional(),
      })
      .optional(),
    chipCorner: z
      .strictObject({
        corner: between(-10, 10).optional(),
        sigmaChip: between(0, 1).optional(),
        mode: oneOf(['linear', 'exponential']).optional(),
      })
      .optional(),
    /** Column noise per MVM, std as a fraction of the layer's w_max per tile read (0 = off). */
    columnNoise: between(0, 10).optional(),
  })
  .transform((m): AnalogModelConfig => {
    const base = ANALOG_PRESETS[m.preset ?? 'wang2020'];
    return {
      kind: 'analog',
      preset: m.preset ?? null,
      mapping: { ...base.mapping, ...m.mapping },
      parasitics: { ...base.parasitics, ...m.parasitics },
      chipCorner: { ...base.chipCorner, ...m.chipCorner },
      columnNoise: m.columnNoise ?? base.columnNoise,
    };
  })
  .refine((m) => m.chipCorner.mode !== 'linear' || 1 + m.chipCorner.corner * m.chipCorner.sigmaChip > 0, {
    message: 'a linear corner needs 1 + corner·sigmaChip > 0',
    path: ['chipCorner'],
  });

const bitSlicedSchema = z
  .strictObject({
    kind: z.literal('bit-sliced'),
    preset: presetName(BIT_SLICED_PRESETS).optional(),
    weightBits: positiveInt(30).optional(),
    inputBits: positiveInt(30).optional(),
    inputEncoding: oneOf(['unsigned', 'twos-complement']).optional(),
    inputFullScale: z.union([z.number().min(1, 'must be at least 1'), z.null()], { error: 'must be a number >= 1 or null' }).optional(),
    mapping: oneOf(['traditional', 'bit-inversion']).optional(),
    adcBits: z.union([positiveInt(30), z.null()], { error: 'must be a whole number or null (ideal ADC)' }).optional(),
    adcStep: oneOf(['unit', 'full-range']).optional(),
    noiseVariance: between(0, 1e6).optional(),
    mmse: z.boolean({ error: 'must be true or false' }).optional(),
    mmseVariance: oneOf(['yu-eq6', 'binomial']).optional(),
    zeroNodeSuppression: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .transform((m): BitSlicedModelConfig => {
    const { preset, kind: _kind, ...fields } = m;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    return { ...BIT_SLICED_PRESETS[preset ?? 'ideal'], ...defined, kind: 'bit-sliced', preset: preset ?? null };
  });

/** `kind` picks the schema so that messages name the model's own fields. */
const deviceModelSchema = z.discriminatedUnion('kind', [weightLevelSchema, analogSchema, bitSlicedSchema], {
  error: (issue) =>
    issue.input === undefined || (issue.input as { kind?: unknown } | null)?.kind === undefined ? 'is required' : 'must be one of: weight-level, analog, bit-sliced',
});

const nonNegative = (max: number) => between(0, max);

/** What a `technology-aware` entry leaves out: [C]'s TiO₂ 4-bit preset, its worst-case R_S / R_N, 64 × 64 tiles. */
export const TECHNOLOGY_AWARE_DEFAULTS = Object.freeze({ preset: 'chakraborty2018', sourceResistance: 800, neuronResistance: 200, tileSize: 64 } as const);
/** [K]: the authors' device (IGITUGraz/Fault-Pruning `memristor_model.py`: R 6843.97–14109.06 Ω, --wmax 0.5, pruning at every update); no faulty devices or noise unless the entry sets them. */
export const FAULT_PRUNING_DEFAULTS = Object.freeze({ rMin: 6843.97, rMax: 14109.06, weightRange: 0.5, pruneEvery: 1, stuckShare: 0, discordantShare: 0, switchingNoise: 0, significance: 0.02 });

const reliabilityDrivenEntry = z
  .strictObject({
    name: z.literal('reliability-driven'),
    stuckAtZeroRate: between(0, 0.99).default(RELIABILITY_DRIVEN_DEFAULTS.stuckAtZeroRate),
    stuckAtMaxRate: between(0, 0.99).default(RELIABILITY_DRIVEN_DEFAULTS.stuckAtMaxRate),
    l2: nonNegative(1000).default(RELIABILITY_DRIVEN_DEFAULTS.l2),
    gradientPenalty: nonNegative(1000).default(RELIABILITY_DRIVEN_DEFAULTS.gradientPenalty),
    faultLayers: oneOf(['all', 'last']).default(RELIABILITY_DRIVEN_DEFAULTS.faultLayers),
    stuckAtMaxValue: oneOf(['signed-max', 'positive-max']).default(RELIABILITY_DRIVEN_DEFAULTS.stuckAtMaxValue),
  })
  .refine((m) => m.stuckAtZeroRate + m.stuckAtMaxRate < 1, { message: 'stuckAtZeroRate + stuckAtMaxRate must be below 1', path: ['stuckAtMaxRate'] });
const sparsityEntry = z.strictObject({
  name: z.literal('sparsity'),
  l1: nonNegative(10).default(SPARSITY_DEFAULTS.l1),
  /** 'subgradient': λ·sign(w) in the gradient; 'proximal': soft-threshold after each Adam step (exact zeros). */
  l1Step: oneOf(['subgradient', 'proximal']).default(SPARSITY_DEFAULTS.l1Step),
});
const technologyAwareEntry = z.strictObject({
  name: z.literal('technology-aware'),
  preset: oneOf(['chakraborty2018']).default(TECHNOLOGY_AWARE_DEFAULTS.preset),
  /** R_S and R_N in ohms (first-order model [C]). */
  sourceResistance: nonNegative(1e6).default(TECHNOLOGY_AWARE_DEFAULTS.sourceResistance),
  neuronResistance: nonNegative(1e6).default(TECHNOLOGY_AWARE_DEFAULTS.neuronResistance),
  tileSize: positiveInt(4096).default(TECHNOLOGY_AWARE_DEFAULTS.tileSize),
});
const faultPruningEntry = z
  .strictObject({
    name: z.literal('fault-pruning'),
    /** prune (w = 0), freeze (stop updating), or none (plain in-the-loop training: the control). */
    variant: oneOf(['prune', 'freeze', 'none']).default(DEFAULT_FAULT_PRUNING.action),
    /** θ: a device with estimated factor f̂ below it is unreliable. */
    threshold: between(0, 10).default(DEFAULT_FAULT_PRUNING.threshold),
    /** N: updates per device in the estimate. */
    window: positiveInt(1000).default(DEFAULT_FAULT_PRUNING.window),
    pruneEvery: positiveInt(1_000_000).default(FAULT_PRUNING_DEFAULTS.pruneEvery),
    weightRange: z.number({ error: expected('must be a number') }).gt(0, 'must be greater than 0').max(1000, 'must be at most 1000').default(FAULT_PRUNING_DEFAULTS.weightRange),
    /** The training chip's devices: shares stuck (f = 0) and discordant (f < 0); the rest concordant (the authors' laws). */
    stuckShare: between(0, 1).default(FAULT_PRUNING_DEFAULTS.stuckShare),
    discordantShare: between(0, 1).default(FAULT_PRUNING_DEFAULTS.discordantShare),
    /** Switching noise ν_s of every pulse, relative to R (the authors use 0.01). */
    switchingNoise: between(0, 1).default(FAULT_PRUNING_DEFAULTS.switchingNoise),
    /** Requests below significance·R send no pulse and are not recorded (the authors' 2 %). */
    significance: between(0, 1).default(FAULT_PRUNING_DEFAULTS.significance),
    /** Device resistance window, Ω. */
    rMin: z.number({ error: expected('must be a number') }).gt(0, 'must be greater than 0').default(FAULT_PRUNING_DEFAULTS.rMin),
    rMax: z.number({ error: expected('must be a number') }).gt(0, 'must be greater than 0').default(FAULT_PRUNING_DEFAULTS.rMax),
  })
  .refine((m) => m.stuckShare + m.discordantShare <= 1, { message: 'stuckShare + discordantShare must be at most 1', path: ['discordantShare'] })
  .refine((m) => m.rMin < m.rMax, { message: 'rMin must be below rMax', path: ['rMax'] });

/** A method with training-time parameters, fully expanded: `method` is what the worker passes to trainMlp. */
export interface ParameterizedMethodEntry {
  /** The point label: the name, plus the fields the file wrote, e.g. `sparsity(l1=0.0001)`. */
  label: string;
  method: ParameterizedTrainingMethod;
}
export type MethodEntry = 'baseline' | 'drop-connect' | ParameterizedMethodEntry;

const formatValue = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
/**
 * The name plus every parameter that differs from its default, `;`-separated (no commas: `--where` lists and CSV split on
 * them), e.g. `sparsity(l1=0.001)`, `fault-pruning(variant=freeze;threshold=0.2)`; just the name at the defaults.
 */
const labelOf = (entry: Record<string, unknown>, defaults: Record<string, unknown>) => {
  const changed = Object.entries(entry).filter(([k, v]) => k !== 'name' && defaults[k] !== v);
  return changed.length === 0 ? String(entry.name) : `${String(entry.name)}(${changed.map(([k, v]) => `${k}=${formatValue(v)}`).join(';')})`;
};

function expandMethod(m: z.output<typeof reliabilityDrivenEntry> | z.output<typeof sparsityEntry> | z.output<typeof technologyAwareEntry> | z.output<typeof faultPruningEntry>): ParameterizedTrainingMethod {
  switch (m.name) {
    case 'reliability-driven':
    case 'sparsity':
      return { ...m };
    case 'technology-aware':
      return {
        name: 'technology-aware',
        mapping: { ...CHAKRABORTY2018_MAPPING },
        parasitics: { kind: 'parasitics', sourceResistance: m.sourceResistance, neuronResistance: m.neuronResistance, model: 'first-order' },
        tiling: squareTiling(m.tileSize),
        chipCorner: { ...NO_CHIP_CORNER },
      };
    case 'fault-pruning':
      return {
        name: 'fault-pruning',
        devices: { ...DEFAULT_DEVICE_FAULTS, stuckShare: m.stuckShare, discordantShare: m.discordantShare },
        noise: { ...NO_UPDATE_NOISE, switchingNoiseLevel: m.switchingNoise },
        pruning: { ...DEFAULT_FAULT_PRUNING, action: m.variant, threshold: m.threshold, window: m.window, significance: m.significance },
        window: { kind: 'resistance-window', rMin: m.rMin, rMax: m.rMax, range: 'symmetric' },
        weightRange: m.weightRange,
        pruneEvery: m.pruneEvery,
      };
  }
}

const DEFAULTS_BY_NAME: Record<string, Record<string, unknown>> = {
  'reliability-driven': RELIABILITY_DRIVEN_DEFAULTS,
  sparsity: SPARSITY_DEFAULTS,
  'technology-aware': TECHNOLOGY_AWARE_DEFAULTS,
  'fault-pruning': { ...FAULT_PRUNING_DEFAULTS, variant: DEFAULT_FAULT_PRUNING.action, threshold: DEFAULT_FAULT_PRUNING.threshold, window: DEFAULT_FAULT_PRUNING.window },
};
const parameterized = <T extends z.ZodType<Parameters<typeof expandMethod>[0]>>(schema: T) =>
  schema.transform((m): ParameterizedMethodEntry => ({ label: labelOf(m as Record<string, unknown>, DEFAULTS_BY_NAME[m.name]), method: expandMethod(m) }));

/**
 * One `methods:` entry: a name, or an object `{ name, ...params }`. baseline and drop-connect stay names (drop-connect's
 * rate comes from the grid); every other method becomes its fully expanded parameters with a label.
 */
const methodEntry = z.preprocess(
  (v) => (typeof v === 'string' && (TRAINING_METHOD_NAMES as readonly string[]).includes(v) ? { name: v } : v),
  z.discriminatedUnion(
    'name',
    [
      z.strictObject({ name: z.literal('baseline') }).transform(() => 'baseline' as const),
      z.strictObject({ name: z.literal('drop-connect') }).transform(() => 'drop-connect' as const),
      parameterized(reliabilityDrivenEntry),
      parameterized(sparsityEntry),
      parameterized(technologyAwareEntry),
      parameterized(faultPruningEntry),
    ],
    {
      error: (issue) =>
        issue.input === undefined
          ? 'is required'
          : typeof issue.input === 'string' || (typeof issue.input === 'object' && issue.input !== null)
            ? `must be one of: ${TRAINING_METHOD_NAMES.join(', ')}`
            : `must be a method name or an object { name, ...parameters }`,
    },
  ),
);

export const sweepSpecSchema = z.strictObject({
  name: z.string({ error: expected('must be a string') }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'must be 1–80 letters, digits, ".", "_" or "-"'),
  description: z.string().max(2000).optional(),
  /** Sweep seed: keys every simulated chip (with the deployment parameters and the trial). */
  seed: z.number().int('must be a whole number').min(0).max(2 ** 31 - 1).default(1),
  dataset: datasetSchema,
  network: networkSchema,
  training: z
    .strictObject({
      epochs: positiveInt(1000).default(3),
      batchSize: positiveInt(65_536).default(64),
      learningRate: z.number().gt(0, 'must be greater than 0').max(10, 'must be at most 10').default(0.001),
    })
    .default({ epochs: 3, batchSize: 64, learningRate: 0.001 }),
  methods: z
    .array(methodEntry)
    .min(1, 'must list at least one method')
    .refine((m) => new Set(m.map((e) => (typeof e === 'string' ? e : canonicalJson(e.method)))).size === m.length, 'must not repeat a method')
    .default(['baseline']),
  /** Training seeds: each training configuration is trained once per seed. */
  seeds: z
    .preprocess(
      (v) => (typeof v === 'number' ? [v] : v),
      z
        .array(z.number({ error: expected('must be a number') }).int('must be a whole number').min(0, 'must be between 0 and 2147483647').max(2 ** 31 - 1, 'must be between 0 and 2147483647'), { error: expected('must be a number or a list of numbers') })
        .min(1, 'must list at least one seed')
        .refine((s) => new Set(s).size === s.length, 'must not repeat a seed'),
    )
    .default([1]),
  grid: gridSchema,
  deployment: z
    .strictObject({
      faultPreset: z.string().refine((p) => (faultPresetNames as readonly string[]).includes(p), { message: `must be one of: ${faultPresetNames.join(', ')}` }).default('wang2020'),
      model: deviceModelSchema.default({ kind: 'weight-level', stuckOnValue: 'signed-max' }),
      /**
       * [X Alg. 1] batch-norm recalibration before deployment: one pass over the training set with the weights frozen,
       * re-estimating each BN layer's running statistics with weights dropped at the point's fault rate ('sampled': a
       * fresh mask per batch; 'expected': weights × (1 − f)). Absent = off. Networks with batch norm only (vgg-small).
       */
      batchNormRecalibration: oneOf(['sampled', 'expected']).optional(),
    })
    .default({ faultPreset: 'wang2020', model: { kind: 'weight-level', stuckOnValue: 'signed-max' } }),
  /** Monte-Carlo trials (chips) per point. */
  trials: positiveInt(100_000).default(20),
  /** Trials per evaluation shard (the unit of leasing). */
  shardSize: positiveInt(100_000).default(10),
  /** Monte-Carlo options: `adaptive` stops each point once its 95 % CI is narrow enough (see adaptive-montecarlo.ts). */
  montecarlo: montecarloSchema.optional(),
  /** Attempts per task before it is marked failed. */
  maxAttempts: positiveInt(100).default(3),
});

export type SweepSpec = z.output<typeof sweepSpecSchema>;
/** The methods whose training reads the grid (METHODS); every other method is a parameterized entry. */
export type MethodName = 'baseline' | 'drop-connect';
export type { TrainingMethodName } from '@memsweep/methods';
