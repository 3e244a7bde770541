import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@mnistkit/fs';
import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { resvgFont, warnOnceIfNoFont } from './fonts.js';

export { missingFontReason } from './fonts.js';

import { renderSvg } from './render.js';

/** Options for {@link renderPng} and {@link writeChart}. */
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

/** Rasterises an SVG document (e.g. from {@link renderSvg}) to PNG bytes with resvg. */
export function svgToPng(svg: string, options: RenderPngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new VizError('options.scale', `expected a number > 0, found ${scale}`);
  for (const file of options.fontFiles ?? []) {
    if (!existsSync(file)) throw new VizError('options.fontFiles', `font file ${file} does not exist`);
  }
  if (svg.includes('<text')) warnOnceIfNoFont(options, options.onWarning ?? console.warn);
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: resvgFont(options) });
  return new Uint8Array(resvg.render().asPng());
}

/** Paths written by {@link writeChart}. */
export interface ChartFiles {
  svg: string;
  png: string;
}

/**
 * Writes a chart as `<basePath>.svg` and `<basePath>.png` (a trailing `.svg`/`.png` on `basePath` is dropped),
 * creating the folder if needed. Each file is written atomically and durably (`writeFileAtomic` of `@mnistkit/fs`:
 * temporary name, fsync, rename, fsync of the folder), so readers never see half a file, nor a crash leave one.
 */
export async function writeChart(
  spec: TopLevelSpec,
  basePath: string,
  options: RenderPngOptions = {},
): Promise<ChartFiles> {
  if (typeof basePath !== 'string' || basePath === '') {
    throw new VizError('basePath', `expected a file path without extension, found ${JSON.stringify(basePath)}`);
  }
  const base = basePath.replace(/\.(svg|png)$/i, '');
  const svg = await renderSvg(spec);
  const png = svgToPng(svg, options);
  const files: ChartFiles = { svg: `${base}.svg`, png: `${base}.png` };
  await mkdir(dirname(base), { recursive: true });
  await writeAtomic(files.svg, svg);
  await writeAtomic(files.png, png);
  return files;
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, data);
  } catch (error) {
    throw new VizError('basePath', `could not write ${path}: ${(error as Error).message}`);
  }
}
