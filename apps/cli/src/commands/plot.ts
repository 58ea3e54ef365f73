import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { openStore } from '@memsweep/store';
import { CliError, EXIT_INVALID_INPUT } from '../fail.js';
import { plotSpec, PlotSelectionError, type PlotKind } from '../plots/plot-specs.js';
import { renderPng, renderSvg } from '../plots/render.js';
import { loadTrials, parseWhereOption } from '../results-table.js';

export interface PlotOptions {
  database?: string;
  kind: PlotKind;
  /** The file to write; its extension (.svg or .png) picks the format. */
  out: string;
  where?: string[];
  /** PNG only: pixels per SVG unit. */
  scale: number;
}

/** `memsweep plot <sweep> --kind … --out file.svg|file.png`: one figure from the stored trials. */
export async function plotCommand(sweep: string, options: PlotOptions): Promise<void> {
  const format = extname(options.out).toLowerCase();
  if (format !== '.svg' && format !== '.png') throw new CliError(`--out ${options.out}: the file name must end in .svg or .png`, EXIT_INVALID_INPUT);
  const where = parseWhereOption(options.where);
  const store = await openStore({ databaseUrl: options.database });
  let svg: string;
  try {
    const { sweeps, trials } = await loadTrials(store, { sweeps: [sweep] }, where);
    let spec;
    try {
      spec = plotSpec(options.kind, trials, sweeps[0].name);
    } catch (err) {
      if (err instanceof PlotSelectionError) throw new CliError(err.message, EXIT_INVALID_INPUT);
      throw err;
    }
    svg = await renderSvg(spec);
  } finally {
    await store.close();
  }
  writeFileSync(options.out, format === '.svg' ? svg : renderPng(svg, options.scale));
  process.stderr.write(`wrote ${options.out}\n`);
}
