import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { chartConfig, VEGA_LITE_SCHEMA } from './theme.js';
import { checkClassNames, describe, requireFinite } from './validate.js';

/** Options for {@link confusionMatrixSpec}. */
export interface ConfusionMatrixOptions {
  /** Chart title; default `'Confusion matrix'`, `null` for none. */
  title?: string | null;
  /** Side of one cell in pixels; default 44 (room for four-digit counts). */
  cellSize?: number;
}

/**
 * Confusion matrix heat map with the count written in each cell. `matrix[t][p]` counts samples of true class `t`
 * predicted as `p` (rows = true label, columns = predicted), as `evaluate()` in @mnistkit/training returns it.
 * `classNames` (default "0".."n-1") label the axes. Each cell's datum is `{ trueLabel, predicted, count, share }`
 * (class names, count, share of its row), a stable shape for click handlers on the rendered view.
 */
export function confusionMatrixSpec(
  matrix: readonly (readonly number[])[],
  classNames?: readonly string[],
  options: ConfusionMatrixOptions = {},
): TopLevelSpec {
  if (!Array.isArray(matrix) || matrix.length === 0) {
    throw new VizError('matrix', `expected a non-empty square number[][], found ${describe(matrix)}`);
  }
  const n = matrix.length;
  matrix.forEach((row, t) => {
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new VizError(`matrix[${t}]`, `expected a row of ${n} counts, found ${describe(row)}`);
    }
    const length = (row as ArrayLike<number>).length;
    if (length !== n) {
      throw new VizError(
        `matrix[${t}]`,
        `expected a square matrix: ${n} rows, so ${n} counts in each row; found ${length} in this row`,
      );
    }
  });
  checkClassNames(classNames, n, 'classNames');
  const names = classNames ?? Array.from({ length: n }, (_, i) => String(i));

  const cells: { trueLabel: string; predicted: string; count: number; share: number }[] = [];
  let max = 0;
  for (let t = 0; t < n; t++) {
    const row = matrix[t] as readonly number[];
    let rowTotal = 0;
    for (let p = 0; p < n; p++) {
      const count = requireFinite(row[p], `matrix[${t}][${p}]`);
      if (count < 0) throw new VizError(`matrix[${t}][${p}]`, `expected a count >= 0, found ${count}`);
      rowTotal += count;
      max = Math.max(max, count);
    }
    for (let p = 0; p < n; p++) {
      const count = row[p] as number;
      cells.push({
        trueLabel: names[t] as string,
        predicted: names[p] as string,
        count,
        share: rowTotal > 0 ? count / rowTotal : 0,
      });
    }
  }
  const cell = options.cellSize ?? 44;
  // Dark cells get white text; the cut-off sits where the "blues" scheme turns dark enough for it.
  const darkAbove = max * 0.55;
  const sort = names;
  // Names wider than a cell (e.g. Fashion-MNIST's "T-shirt/top") would run into each other on the x axis.
  const slanted = names.some((name) => name.length * 7 > cell);
  const xAxis = { labelAngle: slanted ? -40 : 0, labelLimit: 120 };
  const yAxis = { labelAngle: 0, labelLimit: 120 };

  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title === null ? {} : { title: options.title ?? 'Confusion matrix' }),
    config: { ...chartConfig(), view: { stroke: null }, axis: { ...chartConfig().axis, domain: false, ticks: false } },
    data: { values: cells },
    width: { step: cell },
    height: { step: cell },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', title: 'Predicted label', sort, axis: xAxis },
      y: { field: 'trueLabel', type: 'ordinal', title: 'True label', sort, axis: yAxis },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'count',
            type: 'quantitative',
            title: 'Count',
            scale: { scheme: 'blues', domain: [0, Math.max(max, 1)] },
            legend: { gradientLength: Math.max(120, cell * n - 20) },
          },
          tooltip: [
            { field: 'trueLabel', type: 'nominal', title: 'True' },
            { field: 'predicted', type: 'nominal', title: 'Predicted' },
            { field: 'count', type: 'quantitative', title: 'Count' },
            { field: 'share', type: 'quantitative', title: 'Share of row', format: '.2%' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: n > 12 ? 9 : 11 },
        encoding: {
          text: { field: 'count', type: 'quantitative', format: 'd' },
          color: { condition: { test: `datum.count > ${darkAbove}`, value: 'white' }, value: '#222222' },
        },
      },
    ],
  } as TopLevelSpec;
}
