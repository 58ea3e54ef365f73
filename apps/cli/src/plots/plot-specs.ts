import type { TrialRow } from '@memsweep/sweep';
import type { TopLevelSpec } from 'vega-lite';
import { DIMENSION_TITLES, panelLabel, PLOT_DIMENSIONS, seriesLabel, seriesOrder, summarizeFor, varyingDimensions } from './plot-data.js';

export const PLOT_KINDS = ['heatmap', 'sigma', 'crossbar', 'trials'] as const;
export type PlotKind = (typeof PLOT_KINDS)[number];

/** The font named in every SVG (and the one the PNG rasterizer is given): DejaVu Sans, present on Debian. */
export const PLOT_FONT = 'DejaVu Sans';
const CONFIG = { font: PLOT_FONT, background: 'white', view: { stroke: null } } as const;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const ACCURACY_AXIS = { title: 'accuracy', format: '.0%' } as const;

/** A plot that cannot be drawn from the selection; the message says how to narrow or widen it. */
export class PlotSelectionError extends Error {}

// vega-lite's facet + layer types are strict unions; specs are built as plain objects and typed once at the end.
type Json = Record<string, unknown>;

/** Wraps a unit/layer spec in panels (wrapped facet) when the data has more than one. */
function withPanels(data: readonly object[], inner: Json, panels: readonly string[], title: string): TopLevelSpec {
  const top: Json = { $schema: SCHEMA, title, data: { values: data }, config: CONFIG };
  if (panels.length < 2) return { ...top, ...inner } as unknown as TopLevelSpec;
  return { ...top, facet: { field: 'panel', type: 'nominal', title: null, sort: panels }, columns: 3, spec: inner, resolve: { scale: { color: 'shared' } } } as unknown as TopLevelSpec;
}

/**
 * Mean accuracy over fault rate × drop-connect rate ([X] Figs. 3–5), each cell labelled with its value. Methods
 * without a drop-connect rate (baseline) get a row of their own, labelled by name, under the drop-connect rows.
 */
function heatmap(rows: readonly TrialRow[], title: string): TopLevelSpec {
  const { data, panelOrder } = summarizeFor(rows, 'faultRate');
  // Rates rise upwards; baseline at the bottom (vega-lite lists an ordinal y axis top-down).
  const order = seriesOrder(rows).reverse();
  const inner = {
    width: { step: 46 },
    height: { step: 30 },
    encoding: {
      x: { field: 'x', type: 'ordinal', title: DIMENSION_TITLES.faultRate },
      y: { field: 'series', type: 'ordinal', sort: order, title: 'training' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'mean', type: 'quantitative', title: 'mean accuracy', scale: { scheme: 'viridis', domain: [0, 1] }, legend: { format: '.0%' } } } },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'mean', type: 'quantitative', format: '.1%' },
          color: { condition: { test: 'datum.mean > 0.6', value: 'black' }, value: 'white' },
        },
      },
    ],
  };
  return withPanels(data, inner, panelOrder, title);
}

/** Mean accuracy vs a dimension per series, with the Student-t 95 % CI of the mean as a band (σ) or bars (crossbar). */
function lines(rows: readonly TrialRow[], x: 'sigma' | 'crossbarSize', title: string): TopLevelSpec {
  const { data, panelOrder } = summarizeFor(rows, x);
  const order = seriesOrder(rows);
  const xValues = [...new Set(data.map((d) => d.x))].sort((a, b) => a - b);
  const xEncoding =
    x === 'crossbarSize'
      ? { field: 'x', type: 'quantitative', title: DIMENSION_TITLES.crossbarSize, scale: { type: 'log', base: 2 }, axis: { values: xValues, format: 'd' } }
      : { field: 'x', type: 'quantitative', title: DIMENSION_TITLES.sigma };
  const color = { field: 'series', type: 'nominal', sort: order, title: 'training' };
  const interval =
    x === 'sigma'
      ? { mark: { type: 'area', opacity: 0.2 }, encoding: { y: { field: 'ciLow', type: 'quantitative' }, y2: { field: 'ciHigh' }, color } }
      : { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { y: { field: 'ciLow', type: 'quantitative' }, y2: { field: 'ciHigh' }, color } };
  const inner = {
    width: 320,
    height: 220,
    encoding: { x: xEncoding },
    layer: [
      interval,
      { mark: 'line', encoding: { y: { field: 'mean', type: 'quantitative', axis: ACCURACY_AXIS }, color } },
      { mark: { type: 'point', filled: true, size: 36 }, encoding: { y: { field: 'mean', type: 'quantitative' }, color, tooltip: [{ field: 'n' }] } },
    ],
  };
  return withPanels(data, inner, panelOrder, title);
}

/** The per-trial accuracy histogram of one deployment point, one row per series (method, rate, seed). */
function trials(rows: readonly TrialRow[], title: string): TopLevelSpec {
  const spread = varyingDimensions(rows, PLOT_DIMENSIONS);
  if (spread.length > 0) {
    const detail = spread.map((d) => `${d} ∈ {${[...new Set(rows.map((r) => r[d]))].sort((a, b) => a - b).join(', ')}}`).join(', ');
    throw new PlotSelectionError(`--kind trials shows one deployment point, but the selection has ${detail}: narrow it with --where (e.g. --where ${spread[0]}=${rows[0][spread[0]]})`);
  }
  const seeds = new Set(rows.map((r) => r.seed)).size > 1;
  const data = rows.map((r) => ({ series: seeds ? `${seriesLabel(r)}, seed ${r.seed}` : seriesLabel(r), accuracy: r.accuracy }));
  const point = panelLabel(rows[0], PLOT_DIMENSIONS);
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: point },
    data: { values: data },
    config: CONFIG,
    facet: { row: { field: 'series', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left' } } },
    spec: {
      width: 360,
      height: 70,
      mark: 'bar',
      encoding: {
        x: { field: 'accuracy', type: 'quantitative', bin: { maxbins: 24 }, title: 'accuracy per trial (simulated chip)', axis: { format: '.0%' } },
        y: { aggregate: 'count', type: 'quantitative', title: 'trials', axis: { tickMinStep: 1 } },
        color: { field: 'series', type: 'nominal', legend: null },
      },
    },
  } as unknown as TopLevelSpec;
}

/** The vega-lite spec of a plot kind over the (already filtered) trials. Throws PlotSelectionError when unplottable. */
export function plotSpec(kind: PlotKind, rows: readonly TrialRow[], sweepName: string): TopLevelSpec {
  if (rows.length === 0) throw new PlotSelectionError('no trials to plot (check the sweep and the --where filters)');
  const trialCount = `${rows.length} trials`;
  switch (kind) {
    case 'heatmap':
      return heatmap(rows, `${sweepName}: mean accuracy (${trialCount})`);
    case 'sigma':
      return lines(rows, 'sigma', `${sweepName}: accuracy vs σ, mean and 95 % CI (${trialCount})`);
    case 'crossbar':
      return lines(rows, 'crossbarSize', `${sweepName}: accuracy vs crossbar size, mean and 95 % CI (${trialCount})`);
    case 'trials':
      return trials(rows, `${sweepName}: accuracy over ${rows.length} trials`);
  }
}
