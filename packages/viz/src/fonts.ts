import { loadResvg } from './resvg.js';

/** The font settings resvg gets (see `RenderPngOptions`). */
export interface FontOptions {
  fontFiles?: string[];
  loadSystemFonts?: boolean;
}

/** Font family resvg falls back to for text whose family it cannot find (the specs ask for DejaVu Sans first). */
export const FALLBACK_FAMILY = 'DejaVu Sans';

const PROBE =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="16" font-size="16">Ag</text></svg>';
const checked = new Map<string, string | undefined>();
const warned = new Set<string>();

/** resvg's font settings for `options`. */
export function resvgFont(options: FontOptions) {
  return {
    loadSystemFonts: options.loadSystemFonts ?? true,
    fontFiles: options.fontFiles ?? [],
    defaultFontFamily: FALLBACK_FAMILY,
    sansSerifFamily: FALLBACK_FAMILY,
  };
}

/**
 * Why PNG charts would have no text with these font settings (resvg silently leaves text out when it finds no font),
 * or undefined when text renders. Found by drawing a word once per setting and looking for ink.
 */
export function missingFontReason(options: FontOptions = {}): string | undefined {
  const key = `${options.loadSystemFonts ?? true}|${(options.fontFiles ?? []).join('|')}`;
  if (!checked.has(key)) {
    const { Resvg } = loadResvg();
    const image = new Resvg(PROBE, { fitTo: { mode: 'zoom', value: 1 }, font: resvgFont(options) }).render();
    const pixels = image.pixels;
    let ink = false;
    for (let i = 3; i < pixels.length && !ink; i += 4) ink = (pixels[i] as number) > 0;
    const where =
      options.loadSystemFonts === false
        ? 'system fonts are off'
        : 'no system font (install fonts-dejavu-core or any TTF font)';
    const files = options.fontFiles?.length
      ? `fontFiles ${options.fontFiles.join(', ')} hold no usable font`
      : 'no fontFiles given';
    checked.set(key, ink ? undefined : `PNG charts are drawn without text: ${where}, ${files}`);
  }
  return checked.get(key);
}

/** Calls `warn` with {@link missingFontReason} the first time a setting without fonts renders text (once per process). */
export function warnOnceIfNoFont(options: FontOptions, warn: (message: string) => void): void {
  const reason = missingFontReason(options);
  if (reason === undefined || warned.has(reason)) return;
  warned.add(reason);
  warn(`@mnistkit/viz: ${reason}`);
}
