import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { grayscalePngDataUrl } from './png.js';
import { COLORS, chartConfig, VEGA_LITE_SCHEMA } from './theme.js';
import { checkClassNames, describe, requireClassIndex, requireFraction } from './validate.js';

/** One image to show: 8-bit grayscale pixels (row-major), its true label and, optionally, the model's prediction. */
export interface GridSample {
  /** `width * height` bytes, row-major (28x28 = 784 for MNIST), 0 = black, 255 = white. */
  image: Uint8Array | Uint8ClampedArray;
  /** True class index. */
  label: number;
  /** Predicted class index; when it differs from `label` the sample is marked as misclassified. */
  predicted?: number | undefined;
  /** The model's probability for `predicted`, in [0, 1]. */
  confidence?: number | undefined;
}

/** Options for {@link sampleGridSpec}. */
export interface SampleGridOptions {
  /** Images per row; default `min(samples.length, 8)`. */
  columns?: number;
  /** Image width in pixels; default 28. */
  imageWidth?: number;
  /** Image height in pixels; default 28. */
  imageHeight?: number;
  /** Screen pixels per image pixel; default 2. */
  scale?: number;
  /** Names for class indices (e.g. Fashion-MNIST's); default the index itself. */
  classNames?: readonly string[];
  /** Chart title; default `'Sample predictions'` (or `'Samples'` without predictions), `null` for none. */
  title?: string | null;
}

interface Cell {
  x: number;
  y: number;
  x2: number;
  y2: number;
  textX: number;
  textY: number;
  url: string;
  caption: string;
  wrong: boolean;
}

const CAPTION_HEIGHT = 18;
const PAD = 6;
// A rough width per caption character at 11px, used only to size cells so captions do not overlap.
const CHAR_WIDTH = 6.8;

/**
 * A grid of sample images, each captioned with its label; with predictions, misclassified samples get a red border
 * and a red "true → predicted (confidence)" caption. Images are embedded as PNG data URLs in `image` marks, so the
 * spec renders the same in the browser, in Node SVG and through resvg to PNG.
 */
export function sampleGridSpec(samples: readonly GridSample[], options: SampleGridOptions = {}): TopLevelSpec {
  if (!Array.isArray(samples) || samples.length === 0) {
    throw new VizError(
      'samples',
      `expected a non-empty array of { image, label, predicted?, confidence? }, found ${describe(samples)}`,
    );
  }
  const imageWidth = positiveInteger(options.imageWidth ?? 28, 'options.imageWidth');
  const imageHeight = positiveInteger(options.imageHeight ?? 28, 'options.imageHeight');
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new VizError('options.scale', `expected a number > 0, found ${scale}`);
  const columns = positiveInteger(options.columns ?? Math.min(samples.length, 8), 'options.columns');
  const names = options.classNames;
  checkClassNames(names, names?.length ?? 0, 'options.classNames');
  const nameOf = (c: number) => (names ? (names[c] as string) : String(c));

  const prepared = samples.map((s, i) => {
    const at = `samples[${i}]`;
    if (s === null || typeof s !== 'object') {
      throw new VizError(at, `expected { image, label, predicted?, confidence? }, found ${describe(s)}`);
    }
    if (!(s.image instanceof Uint8Array || s.image instanceof Uint8ClampedArray)) {
      throw new VizError(
        `${at}.image`,
        `expected a Uint8Array of ${imageWidth * imageHeight} pixels, found ${describe(s.image)}`,
      );
    }
    if (s.image.length !== imageWidth * imageHeight) {
      throw new VizError(
        `${at}.image`,
        `expected ${imageWidth * imageHeight} pixels (${imageWidth}x${imageHeight}), found ${s.image.length}` +
          ' (set options.imageWidth/imageHeight for other sizes)',
      );
    }
    const label = requireClassIndex(s.label, `${at}.label`, names?.length);
    const hasPrediction = s.predicted !== undefined && s.predicted !== null;
    const predicted = hasPrediction ? requireClassIndex(s.predicted, `${at}.predicted`, names?.length) : undefined;
    const confidence =
      s.confidence !== undefined && s.confidence !== null
        ? requireFraction(s.confidence, `${at}.confidence`)
        : undefined;
    const wrong = predicted !== undefined && predicted !== label;
    const conf = confidence === undefined ? '' : ` (${formatPercent(confidence)})`;
    const caption = wrong
      ? `${nameOf(label)} → ${nameOf(predicted as number)}${conf}`
      : `${nameOf(label)}${predicted === undefined ? '' : conf}`;
    const pixels =
      s.image instanceof Uint8Array ? s.image : new Uint8Array(s.image.buffer, s.image.byteOffset, s.image.length);
    return { caption, wrong, url: grayscalePngDataUrl(pixels, imageWidth, imageHeight), hasPrediction };
  });

  const shownWidth = imageWidth * scale;
  const shownHeight = imageHeight * scale;
  const longestCaption = Math.max(...prepared.map((p) => p.caption.length));
  const cellWidth = Math.ceil(Math.max(shownWidth + 2 * PAD, longestCaption * CHAR_WIDTH + PAD));
  const cellHeight = shownHeight + CAPTION_HEIGHT + 2 * PAD;
  const rows = Math.ceil(prepared.length / columns);

  const cells: Cell[] = prepared.map((p, i) => {
    const left = (i % columns) * cellWidth + (cellWidth - shownWidth) / 2;
    const top = Math.floor(i / columns) * cellHeight + PAD;
    return {
      x: left,
      y: top,
      x2: left + shownWidth,
      y2: top + shownHeight,
      textX: left + shownWidth / 2,
      textY: top + shownHeight + 4,
      url: p.url,
      caption: p.caption,
      wrong: p.wrong,
    };
  });
  const wrongCount = prepared.filter((p) => p.wrong).length;
  const anyPrediction = prepared.some((p) => p.hasPrediction);
  const defaultTitle = anyPrediction
    ? { text: 'Sample predictions', subtitle: `${wrongCount} of ${prepared.length} misclassified (red)` }
    : { text: 'Samples' };
  const title =
    options.title === null ? undefined : options.title !== undefined ? { text: options.title } : defaultTitle;

  // Positions are pixels (scale: null): the grid is laid out here, once, and both renderers draw it as given.
  const px = (field: string) => ({ field, type: 'quantitative' as const, scale: null, axis: null });
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(title ? { title } : {}),
    config: { ...chartConfig(), view: { stroke: null } },
    width: columns * cellWidth,
    height: rows * cellHeight,
    data: { values: cells },
    layer: [
      {
        // aria: false keeps the data URL out of each element's aria-label, which would double the SVG's size.
        mark: {
          type: 'image',
          width: shownWidth,
          height: shownHeight,
          align: 'left',
          baseline: 'top',
          smooth: false,
          aria: false,
        },
        encoding: { x: px('x'), y: px('y'), url: { field: 'url', type: 'nominal' } },
      },
      {
        transform: [{ filter: 'datum.wrong' }],
        mark: { type: 'rect', fill: null, stroke: COLORS.wrong, strokeWidth: 3 },
        encoding: { x: px('x'), y: px('y'), x2: { field: 'x2' }, y2: { field: 'y2' } },
      },
      {
        mark: { type: 'text', align: 'center', baseline: 'top', fontSize: 11 },
        encoding: {
          x: px('textX'),
          y: px('textY'),
          text: { field: 'caption', type: 'nominal' },
          color: { condition: { test: 'datum.wrong', value: COLORS.wrong }, value: COLORS.text },
        },
      },
    ],
  } as TopLevelSpec;
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new VizError(field, `expected an integer >= 1, found ${describe(value)}`);
  return value;
}

function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
