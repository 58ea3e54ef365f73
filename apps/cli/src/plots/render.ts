import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { PLOT_FONT } from './plot-specs.js';

/** Renders a vega-lite spec to a standalone SVG document (headless vega, no browser; about 50 ms). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // A file on its own needs the namespace (browsers and rasterizers ignore an SVG without it).
    return /^<svg[^>]*\sxmlns="/.test(svg) ? svg : svg.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  } finally {
    view.finalize();
  }
}

/**
 * Rasterizes an SVG to PNG with resvg at `scale` × its size. Fonts come from the system: without a named family
 * resvg would fall back to the first font it finds (often serif, or none), so DejaVu Sans is the default and the
 * family for the generic `sans-serif`.
 */
export function renderPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: PLOT_FONT, sansSerifFamily: PLOT_FONT },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
  });
  return resvg.render().asPng();
}
