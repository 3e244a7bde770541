import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { renderSvg } from './render.js';

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
}

/** The package that rasterises SVG to PNG: a native addon, so an optional peer dependency used only here. */
export const RESVG_PACKAGE = '@resvg/resvg-js';

/** Font families resvg tries for text whose family it cannot find (the spec asks for DejaVu Sans first). */
const FALLBACK_FAMILY = 'DejaVu Sans';

/**
 * The part of `@resvg/resvg-js` used here, spelled out so that no declaration of this package names the optional
 * peer (a consumer without it still type-checks); `render-png.test.ts` checks it against the real module's types.
 */
export interface ResvgModule {
  Resvg: new (
    svg: string,
    options: {
      fitTo: { mode: 'zoom'; value: number };
      font: { loadSystemFonts: boolean; fontFiles: string[]; defaultFontFamily: string; sansSerifFamily: string };
    },
  ) => { render(): { asPng(): Uint8Array } };
}

const require = createRequire(import.meta.url);

/**
 * Loads `@resvg/resvg-js` with `require` (it is CommonJS; Node caches it), so PNG rendering stays synchronous;
 * throws a {@link VizError} naming the package and how to install it when it is missing.
 */
export function loadResvg(load: (id: string) => unknown = require): ResvgModule {
  try {
    return load(RESVG_PACKAGE) as ResvgModule;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`'${RESVG_PACKAGE}'`)) {
      throw new VizError(
        RESVG_PACKAGE,
        `not installed; PNG rendering (renderPng, svgToPng, writeChart) needs it: npm install ${RESVG_PACKAGE} ` +
          `(an optional peer dependency of @mnistkit/viz; SVG rendering works without it)`,
      );
    }
    throw error;
  }
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
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: options.loadSystemFonts ?? true,
      fontFiles: options.fontFiles ?? [],
      defaultFontFamily: FALLBACK_FAMILY,
      sansSerifFamily: FALLBACK_FAMILY,
    },
  });
  return new Uint8Array(renderer.render().asPng());
}
