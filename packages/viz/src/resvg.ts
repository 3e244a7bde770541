import { createRequire } from 'node:module';
import { VizError } from './errors.js';

/** The package that rasterises SVG to PNG: a native addon, so an optional peer dependency used only here. */
export const RESVG_PACKAGE = '@resvg/resvg-js';

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
  ) => { render(): { asPng(): Uint8Array; readonly pixels: Uint8Array } };
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
