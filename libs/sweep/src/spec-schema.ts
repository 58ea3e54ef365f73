import { z } from 'zod';
import { faultPresetNames } from '@memsweep/crossbar';

/**
 * The sweep file schema. Every object is strict: an unknown key is an error, never silently ignored.
 * Ranges are checked here so that nothing out of range reaches a worker.
 */

/** A type error message that says "is required" when the value is missing altogether. */
const expected = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);

const between = (min: number, max: number, what = 'must be between') =>
  z.number({ error: expected('must be a number') }).min(min, `${what} ${min} and ${max}`).max(max, `${what} ${min} and ${max}`);
const positiveInt = (max: number) =>
  z.number({ error: expected('must be a number') }).int('must be a whole number').min(1, `must be between 1 and ${max}`).max(max, `must be between 1 and ${max}`);

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

const methodName = z.enum(['baseline', 'drop-connect'], { error: expected('must be one of: baseline, drop-connect') });

export const sweepSpecSchema = z.strictObject({
  name: z.string({ error: expected('must be a string') }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'must be 1–80 letters, digits, ".", "_" or "-"'),
  description: z.string().max(2000).optional(),
  /** Sweep seed: keys every simulated chip (with the deployment parameters and the trial). */
  seed: z.number().int('must be a whole number').min(0).max(2 ** 31 - 1).default(1),
  dataset: z
    .strictObject({
      name: z.literal('mnist', { error: expected('must be "mnist"') }),
      trainSize: positiveInt(10_000).default(8000),
      testSize: positiveInt(10_000).default(2000),
      splitSeed: z.number().int().min(0).default(1),
    })
    .refine((d) => d.trainSize + d.testSize <= 10_000, 'trainSize + testSize must be at most 10000 (the bundled MNIST digits)')
    .default({ name: 'mnist', trainSize: 8000, testSize: 2000, splitSeed: 1 }),
  network: z
    .strictObject({
      kind: z.literal('mlp', { error: expected('must be "mlp"') }),
      hidden: z.array(positiveInt(8192)).min(1, 'must list at least one hidden layer').default([128]),
      activation: z.enum(['sigmoid', 'relu'], { error: expected('must be "sigmoid" or "relu"') }).default('sigmoid'),
    })
    .default({ kind: 'mlp', hidden: [128], activation: 'sigmoid' }),
  training: z
    .strictObject({
      epochs: positiveInt(1000).default(3),
      batchSize: positiveInt(65_536).default(64),
      learningRate: z.number().gt(0, 'must be greater than 0').max(10, 'must be at most 10').default(0.001),
    })
    .default({ epochs: 3, batchSize: 64, learningRate: 0.001 }),
  methods: z
    .array(methodName)
    .min(1, 'must list at least one method')
    .refine((m) => new Set(m).size === m.length, 'must not repeat a method')
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
      model: z
        .strictObject({
          kind: z.literal('weight-level', { error: expected('must be "weight-level"') }),
          stuckOnValue: z.enum(['signed-max', 'positive-max']).default('signed-max'),
        })
        .default({ kind: 'weight-level', stuckOnValue: 'signed-max' }),
    })
    .default({ faultPreset: 'wang2020', model: { kind: 'weight-level', stuckOnValue: 'signed-max' } }),
  /** Monte-Carlo trials (chips) per point. */
  trials: positiveInt(100_000).default(20),
  /** Trials per evaluation shard (the unit of leasing). */
  shardSize: positiveInt(100_000).default(10),
  /** Attempts per task before it is marked failed. */
  maxAttempts: positiveInt(100).default(3),
});

export type SweepSpec = z.output<typeof sweepSpecSchema>;
export type MethodName = z.output<typeof methodName>;
