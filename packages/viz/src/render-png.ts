import { existsSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { resvgFont, warnOnceIfNoFont } from './fonts.js';
import { renderSvg } from './render.js';
import { loadResvg } from './resvg.js';

/** Options for {@link renderPng} and `writeChart`. */
export interface RenderPngOptions {
  /** Output pixels per SVG pixel; default 2 (sharp on high-density screens and in documents). */
  scale?: number;
  /**
   * Extra TTF/OTF font files for text. By default resvg uses the system's fonts, preferring DejaVu Sans
   * (Debian/Ubuntu `fonts-dejavu-core`); on a machine without fonts, pass one here or text is left out of the PNG.
   */
  fontFiles?: string[];
  /** Whether to load the system's fonts as well as `fontFiles`; default true. */
  loadSystemFonts?: boolean;
  /**
   * Told once per process when no font is found, so text would be left out of PNGs (`missingFontReason`);
   * default `console.warn`.
   */
  onWarning?: (message: string) => void;
}

/** Renders a Vega-Lite spec to PNG bytes (Node only; via SVG and resvg, no browser). */
export async function renderPng(spec: TopLevelSpec, options: RenderPngOptions = {}): Promise<Uint8Array> {
  return svgToPng(await renderSvg(spec), options);
}

/** Rasterises an SVG document (e.g. from `renderSvg`) to PNG bytes with resvg (the optional peer `@resvg/resvg-js`). */
export function svgToPng(svg: string, options: RenderPngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new VizError('options.scale', `expected a number > 0, found ${scale}`);
  for (const file of options.fontFiles ?? []) {
    if (!existsSync(file)) throw new VizError('options.fontFiles', `font file ${file} does not exist`);
  }
  const { Resvg } = loadResvg();
  if (svg.includes('<text')) warnOnceIfNoFont(options, options.onWarning ?? console.warn);
  const renderer = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: resvgFont(options) });
  return new Uint8Array(renderer.render().asPng());
}
