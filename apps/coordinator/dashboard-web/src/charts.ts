import embed, { type VisualizationSpec } from 'vega-embed';
import type { CurvePoint, HeatmapCell } from './api';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = { background: 'white', view: { stroke: null }, font: 'DejaVu Sans, sans-serif' };

/**
 * Mean accuracy over fault rate × training arm ([X] Figs. 3–5), each cell labelled. Drop-connect rates rise upwards and
 * the baseline (trained without drop-connect: not "rate 0") is its own row at the bottom.
 */
export function heatmapSpec(cells: HeatmapCell[], armsBottomUp: string[], faultRates: number[]): VisualizationSpec {
  return {
    $schema: SCHEMA,
    config: CONFIG,
    data: { values: cells },
    width: { step: 56 },
    height: { step: 34 },
    encoding: {
      x: { field: 'faultRate', type: 'ordinal', title: 'fault rate', sort: faultRates, scale: { domain: faultRates } },
      y: { field: 'arm', type: 'ordinal', title: 'training', sort: [...armsBottomUp].reverse(), scale: { domain: [...armsBottomUp].reverse() } },
    },
    layer: [
      {
        mark: { type: 'rect', cursor: 'pointer' },
        encoding: {
          color: { field: 'mean', type: 'quantitative', title: 'mean accuracy', scale: { scheme: 'viridis', domain: [0, 1] }, legend: { format: '.0%' } },
          tooltip: [
            { field: 'arm', title: 'training' },
            { field: 'faultRate', title: 'fault rate' },
            { field: 'mean', title: 'mean accuracy', format: '.2%' },
            { field: 'n', title: 'trials' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'mean', type: 'quantitative', format: '.1%' },
          color: { condition: { test: 'datum.mean > 0.6', value: 'black' }, value: 'white' },
        },
      },
    ],
  } as VisualizationSpec;
}

/** Mean accuracy vs σ (CI band, [W] Fig. 4) or vs crossbar size (log₂ axis, CI bars, [C] Fig. 7), one line per arm. */
export function curveSpec(points: CurvePoint[], x: 'sigma' | 'crossbarSize', arms: string[]): VisualizationSpec {
  const xValues = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const xEncoding =
    x === 'crossbarSize'
      ? { field: 'x', type: 'quantitative', title: 'crossbar size (cells)', scale: { type: 'log', base: 2 }, axis: { values: xValues, format: 'd' } }
      : { field: 'x', type: 'quantitative', title: 'σ (log-normal)' };
  const color = { field: 'arm', type: 'nominal', sort: arms, title: 'training' };
  const interval =
    x === 'sigma'
      ? { mark: { type: 'area', opacity: 0.2 }, encoding: { y: { field: 'ciLow', type: 'quantitative' }, y2: { field: 'ciHigh' }, color } }
      : { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { y: { field: 'ciLow', type: 'quantitative' }, y2: { field: 'ciHigh' }, color } };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    data: { values: points },
    width: 300,
    height: 200,
    encoding: { x: xEncoding },
    layer: [
      interval,
      { mark: 'line', encoding: { y: { field: 'mean', type: 'quantitative', title: 'accuracy', axis: { format: '.0%' } }, color } },
      {
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          y: { field: 'mean', type: 'quantitative' },
          color,
          tooltip: [{ field: 'arm' }, { field: 'x' }, { field: 'mean', format: '.2%' }, { field: 'ciLow', format: '.2%' }, { field: 'ciHigh', format: '.2%' }, { field: 'n' }],
        },
      },
    ],
  } as VisualizationSpec;
}

/** The per-trial (per-chip) accuracy histogram of one point, one row per training seed. */
export function trialsSpec(rows: Array<{ seed: string; accuracy: number }>): VisualizationSpec {
  return {
    $schema: SCHEMA,
    config: CONFIG,
    data: { values: rows },
    facet: { row: { field: 'seed', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left' } } },
    spec: {
      width: 320,
      height: 60,
      mark: 'bar',
      encoding: {
        x: { field: 'accuracy', type: 'quantitative', bin: { maxbins: 20 }, title: 'accuracy per trial (simulated chip)', axis: { format: '.0%' } },
        y: { aggregate: 'count', type: 'quantitative', title: 'trials', axis: { tickMinStep: 1 } },
        color: { field: 'seed', type: 'nominal', legend: null },
      },
    },
  } as VisualizationSpec;
}

export interface Chart {
  finalize(): void;
}

/**
 * Renders a spec into `element` as SVG. `ast: true` runs Vega's expression interpreter instead of compiling expressions
 * with `new Function`, so the page works under a Content-Security-Policy without 'unsafe-eval'.
 */
export async function draw(element: HTMLElement, spec: VisualizationSpec, onClick?: (datum: Record<string, unknown>) => void): Promise<Chart> {
  const result = await embed(element, spec, { renderer: 'svg', actions: false, ast: true });
  if (onClick) {
    result.view.addEventListener('click', (_event, item) => {
      const datum = (item as { datum?: Record<string, unknown> } | null | undefined)?.datum;
      if (datum) onClick(datum);
    });
  }
  return { finalize: () => result.finalize() };
}
