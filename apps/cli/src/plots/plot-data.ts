import { summarize, type TrialRow } from '@memsweep/sweep';

/** The deployment and shape dimensions a plot can put on an axis or split into panels. */
export const PLOT_DIMENSIONS = ['faultRate', 'sigma', 'crossbarSize', 'width'] as const;
export type PlotDimension = (typeof PLOT_DIMENSIONS)[number];
export const DIMENSION_TITLES: Record<PlotDimension, string> = { faultRate: 'fault rate', sigma: 'σ (log-normal)', crossbarSize: 'crossbar size (cells)', width: 'width' };
const SHORT: Record<PlotDimension, string> = { faultRate: 'fault rate', sigma: 'σ', crossbarSize: 'crossbar', width: 'width' };

/** A training arm as a legend label: the method, with its drop-connect rate when it has one ("drop-connect 0.4"). */
export function seriesLabel(row: Pick<TrialRow, 'method' | 'dropConnectRate'>): string {
  return row.dropConnectRate === null ? row.method : `${row.method} ${row.dropConnectRate}`;
}

/** Legend order: methods in order of first appearance (the sweep's order), each by rising drop-connect rate. */
export function seriesOrder(rows: readonly TrialRow[]): string[] {
  const methods = [...new Set(rows.map((r) => r.method))];
  const arms = new Map<string, { method: number; rate: number }>();
  for (const r of rows) arms.set(seriesLabel(r), { method: methods.indexOf(r.method), rate: r.dropConnectRate ?? -1 });
  return [...arms].sort(([, a], [, b]) => a.method - b.method || a.rate - b.rate).map(([label]) => label);
}

/** The dimensions (of those given) that take more than one value in the rows. */
export function varyingDimensions(rows: readonly TrialRow[], among: readonly PlotDimension[] = PLOT_DIMENSIONS): PlotDimension[] {
  return among.filter((d) => new Set(rows.map((r) => r[d])).size > 1);
}

/** A panel's title: the values of the dimensions the plot does not show on its axes ("σ = 0.3, crossbar = 64"). */
export function panelLabel(row: TrialRow, dims: readonly PlotDimension[]): string {
  return dims.map((d) => `${SHORT[d]} = ${row[d]}`).join(', ');
}

/** One plotted cell: the accuracy distribution of a series at an x value in a panel (pooled over seeds and trials). */
export interface SummaryDatum {
  series: string;
  x: number;
  panel: string;
  n: number;
  mean: number;
  ciLow: number;
  ciHigh: number;
}

/** Summaries per (series, x, panel); panels split by every other varying dimension. */
export function summarizeFor(rows: readonly TrialRow[], x: PlotDimension): { data: SummaryDatum[]; panelDims: PlotDimension[]; panelOrder: string[] } {
  const panelDims = varyingDimensions(rows).filter((d) => d !== x);
  const groups = new Map<string, { series: string; x: number; panel: string; values: number[] }>();
  for (const row of rows) {
    const series = seriesLabel(row);
    const panel = panelLabel(row, panelDims);
    const id = JSON.stringify([series, row[x], panel]);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { series, x: row[x], panel, values: [] }));
    g.values.push(row.accuracy);
  }
  const data = [...groups.values()].map(({ values, ...key }) => {
    const s = summarize(values);
    return { ...key, n: s.n, mean: s.mean, ciLow: s.ciLow, ciHigh: s.ciHigh };
  });
  return { data, panelDims, panelOrder: panelOrder(rows, panelDims) };
}

/** Panel labels in numeric order of their dimensions (a string sort would put crossbar = 128 before 64). */
export function panelOrder(rows: readonly TrialRow[], dims: readonly PlotDimension[]): string[] {
  const seen = new Map<string, number[]>();
  for (const row of rows) seen.set(panelLabel(row, dims), dims.map((d) => row[d]));
  const cmp = (a: number[], b: number[]) => a.findIndex((v, i) => v !== b[i]);
  return [...seen].sort(([, a], [, b]) => {
    const i = cmp(a, b);
    return i < 0 ? 0 : a[i] - b[i];
  }).map(([label]) => label);
}
