import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confusionMatrixSpec } from './confusion-matrix.js';
import { missingFontReason, renderPng, svgToPng, writeChart } from './node.js';
import { renderSvg } from './render.js';
import { parseSvg, pngSize } from './test-utils/svg.js';
import { trainingCurvesSpec } from './training-curves.js';

const history = [
  { epoch: 1, trainLoss: 0.24, trainAccuracy: 0.927 },
  { epoch: 2, trainLoss: 0.07, trainAccuracy: 0.978 },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnistkit-viz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

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

describe('writeChart', () => {
  it('writes <base>.svg and <base>.png, creating folders, leaving no temporary files', async () => {
    const files = await writeChart(trainingCurvesSpec(history), join(dir, 'charts', 'curves'));
    expect(files).toEqual({ svg: join(dir, 'charts', 'curves.svg'), png: join(dir, 'charts', 'curves.png') });
    expect(parseSvg(await readFile(files.svg, 'utf8')).texts).toContain('Accuracy (%)');
    expect(pngSize(new Uint8Array(await readFile(files.png))).width).toBeGreaterThan(0);
    expect((await readdir(join(dir, 'charts'))).sort()).toEqual(['curves.png', 'curves.svg']);
  });

  it('drops a .png or .svg extension given in the base path and replaces old files', async () => {
    await writeChart(confusionMatrixSpec([[1]]), join(dir, 'cm.png'));
    const files = await writeChart(confusionMatrixSpec([[7]]), join(dir, 'cm.svg'));
    expect(files.png).toBe(join(dir, 'cm.png'));
    expect(parseSvg(await readFile(files.svg, 'utf8')).texts).toContain('7');
  });

  it('reports a path it cannot write', async () => {
    const blocker = join(dir, 'charts', 'curves.svg');
    await expect(writeChart(confusionMatrixSpec([[1]]), join(blocker, 'x'))).rejects.toThrow(/curves\.svg/);
  });
});
