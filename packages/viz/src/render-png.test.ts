import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { confusionMatrixSpec } from './confusion-matrix.js';
import { missingFontReason } from './fonts.js';
import { renderSvg } from './render.js';
import { renderPng, svgToPng } from './render-png.js';
import { loadResvg, RESVG_PACKAGE, type ResvgModule } from './resvg.js';
import { parseSvg, pngSize } from './test-utils/svg.js';
import { trainingCurvesSpec } from './training-curves.js';

const history = [
  { epoch: 1, trainLoss: 0.24, trainAccuracy: 0.927 },
  { epoch: 2, trainLoss: 0.07, trainAccuracy: 0.978 },
];

describe('renderPng', () => {
  it('returns a PNG the size of the SVG times the scale', async () => {
    const spec = trainingCurvesSpec(history);
    const svg = parseSvg(await renderSvg(spec)).root.attrs;
    const png = await renderPng(spec);
    expect(pngSize(png)).toEqual({ width: 2 * Number(svg.width), height: 2 * Number(svg.height) });
    expect(pngSize(await renderPng(spec, { scale: 1 }))).toEqual({
      width: Number(svg.width),
      height: Number(svg.height),
    });
  });

  it('draws text with the system fonts (CI installs fonts-dejavu-core)', async () => {
    const svg = await renderSvg(
      confusionMatrixSpec([
        [1, 2],
        [3, 4],
      ]),
    );
    const withFonts = svgToPng(svg, { scale: 1 });
    const withoutFonts = svgToPng(svg, { scale: 1, loadSystemFonts: false });
    // Without any font resvg leaves text out, so identical images would mean no font was found.
    expect(Buffer.from(withFonts).equals(Buffer.from(withoutFonts))).toBe(false);
  });

  const dejaVu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  it.skipIf(!existsSync(dejaVu))('draws text with a font file given when system fonts are off', async () => {
    const svg = await renderSvg(
      confusionMatrixSpec([
        [1, 2],
        [3, 4],
      ]),
    );
    const noFont = svgToPng(svg, { scale: 1, loadSystemFonts: false });
    const fileFont = svgToPng(svg, { scale: 1, loadSystemFonts: false, fontFiles: [dejaVu] });
    expect(Buffer.from(fileFont).equals(Buffer.from(noFont))).toBe(false);
  });

  it('says once, instead of silently dropping the text, when no font can be found', async () => {
    const svg = await renderSvg(confusionMatrixSpec([[1]]));
    const notAFont = fileURLToPath(import.meta.url);
    const messages: string[] = [];
    const options = {
      scale: 1,
      loadSystemFonts: false,
      fontFiles: [notAFont],
      onWarning: (m: string) => messages.push(m),
    };
    svgToPng(svg, options);
    svgToPng(svg, options);
    expect(messages).toEqual([
      `@mnistkit/viz: PNG charts are drawn without text: system fonts are off, fontFiles ${notAFont} hold no usable font`,
    ]);
    expect(missingFontReason({ loadSystemFonts: false })).toMatch(
      /^PNG charts are drawn without text: system fonts are off/,
    );
    if (existsSync(dejaVu)) expect(missingFontReason({ loadSystemFonts: false, fontFiles: [dejaVu] })).toBeUndefined();
  });

  it('names a missing font file and a bad scale', async () => {
    const svg = await renderSvg(confusionMatrixSpec([[1]]));
    expect(() => svgToPng(svg, { fontFiles: ['/no/such/font.ttf'] })).toThrow(
      /options\.fontFiles: font file \/no\/such\/font\.ttf does not exist/,
    );
    expect(() => svgToPng(svg, { scale: 0 })).toThrow(/options\.scale: expected a number > 0, found 0/);
  });
});

describe('@resvg/resvg-js, the optional peer', () => {
  it('is what ResvgModule says (a compile-time check of the contract)', async () => {
    const real: ResvgModule = await import('@resvg/resvg-js');
    expect(typeof real.Resvg).toBe('function');
    expect(loadResvg().Resvg).toBe(real.Resvg);
  });

  it('is named, with how to install it, when PNG is asked for without it', () => {
    const missing = (id: string) => {
      throw Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /app/render-png.js`), {
        code: 'MODULE_NOT_FOUND',
      });
    };
    expect(() => loadResvg(missing)).toThrow(
      '@resvg/resvg-js: not installed; PNG rendering (renderPng, svgToPng, writeChart) needs it: npm install ' +
        '@resvg/resvg-js (an optional peer dependency of @mnistkit/viz; SVG rendering works without it)',
    );
    expect(RESVG_PACKAGE).toBe('@resvg/resvg-js');
  });

  it('passes on other load failures (a missing native binary inside it) unchanged', () => {
    const broken = new Error("Cannot find module '@resvg/resvg-js-linux-x64-gnu'");
    Object.assign(broken, { code: 'MODULE_NOT_FOUND' });
    expect(() =>
      loadResvg(() => {
        throw broken;
      }),
    ).toThrow(broken);
  });
});
