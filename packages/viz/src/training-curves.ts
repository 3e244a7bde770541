import type { TopLevelSpec } from 'vega-lite';
import { VizError } from './errors.js';
import { COLORS, chartConfig, VEGA_LITE_SCHEMA } from './theme.js';
import { describe, requireFinite, requireFraction } from './validate.js';

/**
 * What the curves chart reads of one epoch: accuracies are fractions in [0, 1]; a split without figures is left out
 * (missing, undefined or null). Extra fields (e.g. `seconds`) are ignored. Plain data: `HistoryEntry` and
 * `EpochRecord` of `@mnistkit/training` (a history.json's entries) fit it as they are.
 */
export interface EpochFigures {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss?: number | null | undefined;
  valAccuracy?: number | null | undefined;
  testLoss?: number | null | undefined;
  testAccuracy?: number | null | undefined;
}

/** @deprecated The old name of {@link EpochFigures}; the history entry type is `HistoryEntry` of `@mnistkit/training`. */
export type HistoryEntry = EpochFigures;

/** Options for {@link trainingCurvesSpec}. */
export interface TrainingCurvesOptions {
  /** Title above both panels; default `'Training curves'`, `null` for none. */
  title?: string | null;
  /** Width of each panel in pixels; default 360. */
  panelWidth?: number;
  /** Height of each panel in pixels; default 260. */
  panelHeight?: number;
}

const SPLITS = [
  { name: 'Train', loss: 'trainLoss', accuracy: 'trainAccuracy', color: COLORS.train },
  { name: 'Validation', loss: 'valLoss', accuracy: 'valAccuracy', color: COLORS.validation },
  { name: 'Test', loss: 'testLoss', accuracy: 'testAccuracy', color: COLORS.test },
] as const;

interface CurvePoint {
  epoch: number;
  split: string;
  metric: 'Loss' | 'Accuracy';
  value: number;
}

/**
 * Loss and accuracy per epoch as two side-by-side panels (like the tutorial's matplotlib figure), one line per split:
 * train always, validation and test where any epoch has them. Accuracy is plotted in percent.
 */
export function trainingCurvesSpec(
  history: readonly EpochFigures[],
  options: TrainingCurvesOptions = {},
): TopLevelSpec {
  if (!Array.isArray(history)) {
    throw new VizError(
      'history',
      `expected an array of { epoch, trainLoss, trainAccuracy, ... }, found ${describe(history)}`,
    );
  }
  if (history.length === 0) {
    throw new VizError('history', 'expected at least one epoch, found an empty array');
  }
  const points: CurvePoint[] = [];
  const present = new Set<string>();
  history.forEach((entry, i) => {
    const at = `history[${i}]`;
    if (entry === null || typeof entry !== 'object') {
      throw new VizError(at, `expected { epoch, trainLoss, trainAccuracy, ... }, found ${describe(entry)}`);
    }
    const epoch = requireFinite(entry.epoch, `${at}.epoch`);
    for (const split of SPLITS) {
      const loss = entry[split.loss];
      const accuracy = entry[split.accuracy];
      const required = split.name === 'Train';
      if (required || (loss !== undefined && loss !== null)) {
        const value = requireFinite(loss, `${at}.${split.loss}`);
        if (value < 0) throw new VizError(`${at}.${split.loss}`, `expected a loss >= 0, found ${value}`);
        points.push({ epoch, split: split.name, metric: 'Loss', value });
        present.add(split.name);
      }
      if (required || (accuracy !== undefined && accuracy !== null)) {
        const value = requireFraction(accuracy, `${at}.${split.accuracy}`);
        points.push({ epoch, split: split.name, metric: 'Accuracy', value: value * 100 });
        present.add(split.name);
      }
    }
  });
  const splits = SPLITS.filter((s) => present.has(s.name));
  const width = options.panelWidth ?? 360;
  const height = options.panelHeight ?? 260;
  const integerEpochs = history.every((e) => Number.isInteger(e.epoch));

  // '~' trims trailing zeros, so a one-epoch chart (whose y domain is a single value) reads "0.2615", not "0.261500".
  const panel = (metric: 'Loss' | 'Accuracy', yTitle: string, format: string) => ({
    title: metric,
    width,
    height,
    transform: [{ filter: { field: 'metric', equal: metric } }],
    mark: { type: 'line' as const, point: { size: 40 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative' as const,
        title: 'Epoch',
        scale: { nice: false, zero: false },
        // Whole-number epochs get whole-number ticks; tickMinStep stops "1.5" appearing on short runs.
        axis: integerEpochs ? { format: 'd', tickMinStep: 1 } : {},
      },
      y: {
        field: 'value',
        type: 'quantitative' as const,
        title: yTitle,
        scale: { zero: false },
        axis: { format: trimmed(format) },
      },
      color: {
        field: 'split',
        type: 'nominal' as const,
        title: null,
        scale: { domain: splits.map((s) => s.name), range: splits.map((s) => s.color) },
        legend: { orient: 'bottom' as const, direction: 'horizontal' as const },
      },
      tooltip: [
        { field: 'split', type: 'nominal' as const, title: 'Split' },
        { field: 'epoch', type: 'quantitative' as const, title: 'Epoch' },
        { field: 'value', type: 'quantitative' as const, title: yTitle, format: trimmed(format) },
      ],
    },
  });

  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title === null ? {} : { title: options.title ?? 'Training curves' }),
    config: chartConfig(),
    data: { values: points },
    hconcat: [panel('Loss', 'Loss', '.4f'), panel('Accuracy', 'Accuracy (%)', '.2f')],
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
  } as TopLevelSpec;
}

/** d3-format's "~" flag (trim trailing zeros) goes before the type letter: ".4f" becomes ".4~f". */
function trimmed(format: string): string {
  return `${format.slice(0, -1)}~${format.slice(-1)}`;
}
