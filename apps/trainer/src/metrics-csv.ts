import type { EpochRecord } from '@mnistkit/training';

/** metrics.csv's columns, in order (accuracies are fractions in [0, 1], as in history.json). */
export const CSV_COLUMNS = [
  'epoch',
  'train_loss',
  'train_accuracy',
  'val_loss',
  'val_accuracy',
  'test_loss',
  'test_accuracy',
  'seconds',
  'samples_per_second',
  'lr',
] as const;

const cell = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '' : String(x));

/**
 * metrics.csv: a header, then one row per history.json epoch (empty cells for splits not computed that epoch), for
 * a spreadsheet or `pandas.read_csv`; `lr` is the run's learning rate. Numbers are written in full (JavaScript's
 * shortest round-trip form).
 */
export function metricsCsv(epochs: readonly EpochRecord[], lr: number): string {
  const rows = epochs.map((e) =>
    [
      e.epoch,
      e.trainLoss,
      e.trainAccuracy,
      e.valLoss,
      e.valAccuracy,
      e.testLoss,
      e.testAccuracy,
      e.seconds,
      e.samplesPerSecond,
      lr,
    ]
      .map(cell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
