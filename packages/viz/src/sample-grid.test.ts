import { unzlibSync } from 'fflate';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { renderSvg } from './render.js';
import { type GridSample, sampleGridSpec } from './sample-grid.js';
import { parseSvg } from './test-utils/svg.js';

function image(seed: number): Uint8Array {
  return Uint8Array.from({ length: 784 }, (_, i) => (i * 31 + seed * 17) % 256);
}

const samples: GridSample[] = [
  { image: image(0), label: 7, predicted: 7, confidence: 0.998 },
  { image: image(1), label: 2, predicted: 2, confidence: 0.91 },
  { image: image(2), label: 4, predicted: 9, confidence: 0.873 },
  { image: image(3), label: 1, predicted: 1, confidence: 1 },
  { image: image(4), label: 5, predicted: 3, confidence: 0.51 },
];

function imagesOf(svg: string) {
  return parseSvg(svg).elements.filter((e) => e.name === 'image');
}

describe('sampleGridSpec', () => {
  it('compiles and renders one image per sample', async () => {
    const spec = sampleGridSpec(samples);
    expect(() => compile(spec)).not.toThrow();
    const images = imagesOf(await renderSvg(spec));
    expect(images).toHaveLength(5);
    for (const img of images) {
      expect(img.attrs['xlink:href'] ?? img.attrs.href).toMatch(/^data:image\/png;base64,/);
      expect(img.attrs.width).toBe('56');
    }
  });

  it('embeds the pixels themselves, in sample order', async () => {
    const images = imagesOf(await renderSvg(sampleGridSpec(samples)));
    images.forEach((img, i) => {
      const png = Uint8Array.from(atob((img.attrs['xlink:href'] as string).split(',')[1] as string), (c) =>
        c.charCodeAt(0),
      );
      const idatLength = new DataView(png.buffer).getUint32(33);
      const raw = unzlibSync(png.subarray(41, 41 + idatLength));
      const firstRow = raw.subarray(1, 29);
      expect(Array.from(firstRow)).toEqual(Array.from((samples[i] as GridSample).image.subarray(0, 28)));
    });
  });

  it('captions every sample and marks misclassified ones in red with "true → predicted (confidence)"', async () => {
    const { elements, texts } = parseSvg(await renderSvg(sampleGridSpec(samples)));
    const captions = elements.filter((e) => e.name === 'text' && e.attrs['aria-roledescription'] === 'text mark');
    expect(captions.map((c) => c.text)).toEqual([
      '7 (99.8%)',
      '2 (91.0%)',
      '4 → 9 (87.3%)',
      '1 (100.0%)',
      '5 → 3 (51.0%)',
    ]);
    const red = captions.filter((c) => c.attrs.fill === '#d62728').map((c) => c.text);
    expect(red).toEqual(['4 → 9 (87.3%)', '5 → 3 (51.0%)']);
    const borders = elements.filter((e) => e.attrs['aria-roledescription'] === 'rect mark');
    expect(borders).toHaveLength(2);
    expect(texts).toContain('2 of 5 misclassified (red)');
  });

  it('shows only labels without predictions, class names where given, in the requested columns', async () => {
    const plain = samples.map(({ image, label }) => ({ image, label }));
    const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    const spec = sampleGridSpec(plain, { classNames: names, columns: 2 });
    const { elements, texts } = parseSvg(await renderSvg(spec));
    const captions = elements.filter((e) => e.name === 'text' && e.attrs['aria-roledescription'] === 'text mark');
    expect(captions.map((c) => c.text)).toEqual(['seven', 'two', 'four', 'one', 'five']);
    expect(texts).toContain('Samples');
    const xs = new Set(elements.filter((e) => e.name === 'image').map((e) => e.attrs.transform?.split(',')[0]));
    expect(xs.size).toBe(2);
  });

  it('takes other image sizes when told', async () => {
    const spec = sampleGridSpec([{ image: new Uint8Array(16 * 8), label: 0 }], {
      imageWidth: 16,
      imageHeight: 8,
      scale: 3,
    });
    const [img] = imagesOf(await renderSvg(spec));
    expect([img?.attrs.width, img?.attrs.height]).toEqual(['48', '24']);
  });

  it('rejects images of the wrong size, bad labels and empty input', () => {
    expect(() => sampleGridSpec([{ image: new Uint8Array(780), label: 1 }])).toThrow(
      /samples\[0\]\.image: expected 784 pixels \(28x28\), found 780/,
    );
    expect(() => sampleGridSpec([{ image: [1, 2] as unknown as Uint8Array, label: 1 }])).toThrow(
      /samples\[0\]\.image: expected a Uint8Array of 784 pixels, found an array/,
    );
    expect(() => sampleGridSpec([{ image: image(0), label: 1.5 }])).toThrow(
      /samples\[0\]\.label: expected a class index/,
    );
    expect(() => sampleGridSpec([{ image: image(0), label: 1, predicted: 2, confidence: 87 }])).toThrow(
      /samples\[0\]\.confidence: expected a fraction between 0 and 1, found 87/,
    );
    expect(() => sampleGridSpec([{ image: image(0), label: 3 }], { classNames: ['a', 'b'] })).toThrow(
      /samples\[0\]\.label: expected a class index below 2/,
    );
    expect(() => sampleGridSpec([])).toThrow(/samples: expected a non-empty array/);
  });
});
