import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { COLORS, chartConfig, VEGA_LITE_SCHEMA } from './theme.js';
import { checkClassNames, describe, requireFraction } from './validate.js';

/** Options for {@link perClassAccuracySpec}. */
export interface PerClassAccuracyOptions {
  /** Chart title; default `'Accuracy per class'`, `null` for none. */
  title?: string | null;
  /** Width of one bar's slot in pixels; default 44. */
  barStep?: number;
  /** Plot height in pixels; default 260. */
  height?: number;
}

/**
 * Bar chart of accuracy per class, each bar labelled with its percentage. `values[c]` is the fraction of class `c`
 * predicted correctly, in [0, 1]; `null` or `NaN` marks a class with no samples (no bar, labelled "n/a").
 */
export function perClassAccuracySpec(
  values: readonly (number | null)[],
  classNames?: readonly string[],
  options: PerClassAccuracyOptions = {},
): TopLevelSpec {
  if (!Array.isArray(values) || values.length === 0) {
    throw new VizError('values', `expected a non-empty array of accuracies in [0, 1], found ${describe(values)}`);
  }
  checkClassNames(classNames, values.length, 'classNames');
  const names = classNames ?? values.map((_, i) => String(i));
  const rows = values.map((v, i) => {
    const missing = v === null || (typeof v === 'number' && Number.isNaN(v));
    const accuracy = missing ? null : requireFraction(v, `values[${i}]`) * 100;
    return { className: names[i] as string, accuracy, label: accuracy === null ? 'n/a' : `${accuracy.toFixed(1)}%` };
  });
  const x = {
    field: 'className',
    type: 'ordinal' as const,
    title: 'Class',
    sort: names,
    axis: { labelAngle: names.some((n) => n.length > 3) ? -40 : 0 },
  };

  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title === null ? {} : { title: options.title ?? 'Accuracy per class' }),
    config: chartConfig(),
    data: { values: rows },
    width: { step: options.barStep ?? 44 },
    height: options.height ?? 260,
    encoding: { x },
    layer: [
      {
        mark: { type: 'bar', color: COLORS.bar, width: { band: 0.75 } },
        encoding: {
          y: {
            field: 'accuracy',
            type: 'quantitative',
            title: 'Accuracy (%)',
            scale: { domain: [0, 100] },
          },
          tooltip: [
            { field: 'className', type: 'nominal', title: 'Class' },
            { field: 'label', type: 'nominal', title: 'Accuracy' },
          ],
        },
      },
      {
        // Labels sit above each bar; a class with no samples gets its "n/a" at the baseline.
        transform: [{ calculate: 'datum.accuracy === null ? 0 : datum.accuracy', as: 'labelY' }],
        mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: 10, color: COLORS.text },
        encoding: {
          y: { field: 'labelY', type: 'quantitative' },
          text: { field: 'label', type: 'nominal' },
        },
      },
    ],
  } as TopLevelSpec;
}
