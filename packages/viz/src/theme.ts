import type { Config } from 'vega-lite';

/**
 * Font stack for every chart. DejaVu Sans comes first because resvg (Node PNG output) draws text only with fonts it
 * can find, and Debian's `fonts-dejavu-core` is what CI installs; browsers fall through to their usual sans-serif.
 */
export const FONT_FAMILY = 'DejaVu Sans, Verdana, Helvetica, Arial, sans-serif';

/** Colours shared by the charts, so "correct" and "wrong" read the same everywhere. */
export const COLORS = {
  train: '#1f77b4',
  validation: '#ff7f0e',
  test: '#2ca02c',
  bar: '#4c78a8',
  wrong: '#d62728',
  text: '#222222',
} as const;

/** Vega-Lite config applied to every mnistkit chart. */
export function chartConfig(): Config {
  return {
    font: FONT_FAMILY,
    background: 'white',
    title: { fontSize: 15, anchor: 'middle', color: COLORS.text },
    axis: { labelFontSize: 11, titleFontSize: 12, titleColor: COLORS.text, labelColor: COLORS.text },
    legend: { labelFontSize: 11, titleFontSize: 12 },
    view: { stroke: '#cccccc' },
  };
}

/** The `$schema` every spec carries, so editors and the Vega editor recognise it. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
