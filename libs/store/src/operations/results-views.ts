import { Prisma } from '../client.js';
import type { StoreContext } from '../context.js';
import { StoreError } from '../errors.js';

/**
 * The read-only SQL views of migration 20261123210000_results_views, for analysis outside memsweep (pandas, R, psql).
 * Column names are the database's (snake_case).
 */
export const RESULTS_VIEWS = {
  /** One row per stored trial: sweep id and name, point key, method, the five dimensions, seed, trial, counts, accuracy. */
  trial_results_view: [
    'sweep_id', 'sweep_name', 'point_key', 'method', 'fault_rate', 'drop_connect_rate', 'sigma', 'crossbar_size', 'width', 'seed',
    'trial', 'correct', 'total', 'accuracy',
  ],
  /** One row per point with trials: n, mean, sample std (0 for one trial), min and max of accuracy. */
  point_summary_view: [
    'sweep_id', 'sweep_name', 'point_key', 'method', 'fault_rate', 'drop_connect_rate', 'sigma', 'crossbar_size', 'width', 'seed',
    'n', 'mean', 'std', 'min', 'max',
  ],
} as const;
export type ResultsViewName = keyof typeof RESULTS_VIEWS;
export type ResultsViewRow = Record<string, string | number | null>;

/** Every row of a results view (optionally of one sweep), in a stable order; integers as numbers, not bigints. */
export async function readView(ctx: StoreContext, name: ResultsViewName, options: { sweepId?: string } = {}): Promise<ResultsViewRow[]> {
  // The name is interpolated into SQL: accept only the known views (never a caller's string).
  if (!Object.hasOwn(RESULTS_VIEWS, name)) throw new StoreError(`unknown results view "${String(name)}" (known: ${Object.keys(RESULTS_VIEWS).join(', ')})`);
  const columns = RESULTS_VIEWS[name].map((c) => `"${c}"`).join(', ');
  const order = name === 'trial_results_view' ? '"sweep_id", "point_key", "trial"' : '"sweep_id", "point_key"';
  const where = options.sweepId === undefined ? Prisma.empty : Prisma.sql`WHERE "sweep_id" = ${options.sweepId}`;
  const rows = await ctx.db.$queryRaw<Record<string, unknown>[]>(
    Prisma.sql`SELECT ${Prisma.raw(columns)} FROM ${Prisma.raw(`"${name}"`)} ${where} ORDER BY ${Prisma.raw(order)}`,
  );
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as string | number | null)])));
}
