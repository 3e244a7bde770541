import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@mnistkit/fs';
import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { renderSvg } from './render.js';
import { type RenderPngOptions, svgToPng } from './render-png.js';

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
