import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { summarize, type TrialRow } from '@memsweep/sweep';
import type { ResultsViewRow, SweepRecord, TrialResultRow } from '@memsweep/store';

/** Grid dimensions the page can select a value of. */
export const DIMENSIONS = ['faultRate', 'sigma', 'crossbarSize', 'width'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Selection = Record<Dimension, number>;

/** A training arm: a method, with its drop-connect rate when it has one. */
export interface Arm {
  /** "baseline", "drop-connect 0.3". */
  label: string;
  method: string;
  dropConnectRate: number | null;
}

/** What a sweep's results can be sliced by: each dimension's values (ascending) and the arms in display order. */
export interface SweepShape {
  dimensions: Record<Dimension, number[]>;
  methods: string[];
  /** Methods in the sweep's order, each by rising drop-connect rate. */
  arms: Arm[];
  trialsPerPoint: number;
}

/** Mean accuracy and its Student-t 95 % CI over the trials (and seeds) of one cell of a chart. */
export interface CellSummary {
  n: number;
  mean: number;
  ciLow: number;
  ciHigh: number;
}

export function armLabel(row: { method: string; dropConnectRate: number | null }): string {
  return row.dropConnectRate === null ? row.method : `${row.method} ${row.dropConnectRate}`;
}

/**
 * One point's accuracy distribution as the database summarizes it (`point_summary_view`): the charts are computed from
 * these, so their cost grows with the number of points, not of trials.
 */
export interface PointSummary extends Omit<TrialRow, 'sweep' | 'trial' | 'accuracy'> {
  pointKey: string;
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one trial. */
  std: number;
}

export function pointSummariesFromView(rows: readonly ResultsViewRow[]): PointSummary[] {
  return rows.map((r) => ({
    pointKey: String(r.point_key),
    method: String(r.method),
    faultRate: Number(r.fault_rate),
    dropConnectRate: r.drop_connect_rate === null ? null : Number(r.drop_connect_rate),
    sigma: Number(r.sigma),
    crossbarSize: Number(r.crossbar_size),
    width: Number(r.width),
    seed: Number(r.seed),
    n: Number(r.n),
    mean: Number(r.mean),
    std: Number(r.std),
  }));
}

/**
 * The summary of the union of several points' trials from their (n, mean, sample std) alone: the pooled mean, the
 * sample variance from the within- and between-point sums of squares, and the Student-t 95 % CI of the mean — the same
 * numbers `summarize` gives over all the trials (up to rounding).
 */
export function pooledSummary(parts: ReadonlyArray<Pick<PointSummary, 'n' | 'mean' | 'std'>>): CellSummary {
  const n = parts.reduce((sum, p) => sum + p.n, 0);
  if (n === 0) return { n: 0, mean: NaN, ciLow: NaN, ciHigh: NaN };
  const mean = parts.reduce((sum, p) => sum + p.n * p.mean, 0) / n;
  const squares = parts.reduce((sum, p) => sum + (p.n - 1) * p.std ** 2 + p.n * (p.mean - mean) ** 2, 0);
  const halfWidth = n > 1 ? tQuantile(0.975, n - 1) * Math.sqrt(squares / (n - 1) / n) : 0;
  return { n, mean, ciLow: mean - halfWidth, ciHigh: mean + halfWidth };
}

const ascending = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);

/** Values of a grid dimension in the stored spec (a number or a list), or [] when the spec does not say. */
function specValues(grid: Record<string, unknown> | undefined, dimension: Dimension): number[] {
  const raw = grid?.[dimension];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/**
 * The sweep's shape from its stored spec (so the page knows the grid before any result lands) and from the stored trials
 * (so it never hides a value that has results).
 */
export function sweepShape(sweep: SweepRecord, rows: readonly PointSummary[]): SweepShape {
  let spec: { grid?: Record<string, unknown>; methods?: unknown } = {};
  try {
    spec = JSON.parse(sweep.specJson) as typeof spec;
  } catch {
    // An unreadable spec only costs the page the values that have no results yet.
  }
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => [d, ascending([...specValues(spec.grid, d), ...rows.map((r) => r[d])])]),
  ) as Record<Dimension, number[]>;
  const specMethods = Array.isArray(spec.methods) ? spec.methods.filter((m): m is string => typeof m === 'string') : [];
  const methods = [...new Set([...specMethods, ...rows.map((r) => r.method)])];
  const arms = new Map<string, Arm>();
  for (const r of rows) arms.set(armLabel(r), { label: armLabel(r), method: r.method, dropConnectRate: r.dropConnectRate });
  const sorted = [...arms.values()].sort((a, b) => methods.indexOf(a.method) - methods.indexOf(b.method) || (a.dropConnectRate ?? -1) - (b.dropConnectRate ?? -1));
  return { dimensions, methods, arms: sorted, trialsPerPoint: sweep.trialsPerPoint };
}

function cell(values: number[]): CellSummary {
  const s = summarize(values);
  return { n: s.n, mean: s.mean, ciLow: s.ciLow, ciHigh: s.ciHigh };
}

function groupBy<K>(rows: readonly PointSummary[], key: (r: PointSummary) => K): Map<string, { key: K; parts: PointSummary[] }> {
  const groups = new Map<string, { key: K; parts: PointSummary[] }>();
  for (const row of rows) {
    const k = key(row);
    const id = JSON.stringify(k);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key: k, parts: [] }));
    g.parts.push(row);
  }
  return groups;
}

const matches = (row: Pick<TrialResultRow, Dimension>, selection: Partial<Selection>) =>
  DIMENSIONS.every((d) => selection[d] === undefined || row[d] === selection[d]);

export interface HeatmapCell extends CellSummary {
  faultRate: number;
  arm: string;
  method: string;
  dropConnectRate: number | null;
}

/** Mean accuracy per (fault rate, arm) at one (σ, crossbar size, width), pooled over training seeds and trials. */
export function heatmapCells(rows: readonly PointSummary[], selection: Omit<Selection, 'faultRate'>): HeatmapCell[] {
  const groups = groupBy(
    rows.filter((r) => matches(r, selection)),
    (r) => ({ faultRate: r.faultRate, arm: armLabel(r), method: r.method, dropConnectRate: r.dropConnectRate }),
  );
  return [...groups.values()].map(({ key, parts }) => ({ ...key, ...pooledSummary(parts) })).sort((a, b) => a.faultRate - b.faultRate || a.arm.localeCompare(b.arm));
}

export interface CurvePoint extends CellSummary {
  arm: string;
  x: number;
}

/** Mean accuracy and 95 % CI vs `x` per arm, the other dimensions fixed by `selection`. */
export function curvePoints(rows: readonly PointSummary[], x: 'sigma' | 'crossbarSize', selection: Partial<Selection>): CurvePoint[] {
  const fixed = { ...selection, [x]: undefined };
  const groups = groupBy(
    rows.filter((r) => matches(r, fixed)),
    (r) => ({ arm: armLabel(r), x: r[x] }),
  );
  return [...groups.values()].map(({ key, parts }) => ({ ...key, ...pooledSummary(parts) })).sort((a, b) => a.arm.localeCompare(b.arm) || a.x - b.x);
}

export interface PointTrials {
  pointKey: string;
  seed: number;
  summary: CellSummary;
  trials: Array<{ trial: number; correct: number; total: number; accuracy: number }>;
}

/** The trials of one heatmap cell: one point per training seed, each with its per-chip accuracies. */
export function pointTrials(rows: readonly TrialResultRow[], selection: Selection, arm: Pick<Arm, 'method' | 'dropConnectRate'>): PointTrials[] {
  const mine = rows.filter((r) => matches(r, selection) && r.method === arm.method && r.dropConnectRate === arm.dropConnectRate);
  const points = new Map<string, PointTrials>();
  for (const r of mine) {
    let p = points.get(r.pointKey);
    if (!p) points.set(r.pointKey, (p = { pointKey: r.pointKey, seed: r.seed, summary: cell([]), trials: [] }));
    p.trials.push({ trial: r.trial, correct: r.correct, total: r.total, accuracy: r.accuracy });
  }
  return [...points.values()]
    .map((p) => ({ ...p, summary: cell(p.trials.map((t) => t.accuracy)), trials: p.trials.sort((a, b) => a.trial - b.trial) }))
    .sort((a, b) => a.seed - b.seed);
}
