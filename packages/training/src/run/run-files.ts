/** Names of everything in a run directory (documented in the trainer's README). */
export const RUN_FILES = {
  model: 'model',
  checkpoints: 'checkpoints',
  history: 'history.json',
  metrics: 'metrics.json',
  curvesSvg: 'curves.svg',
  curvesPng: 'curves.png',
  confusionSvg: 'confusion.svg',
  confusionPng: 'confusion.png',
  misclassified: 'misclassified.png',
  /** One row per epoch, for spreadsheets and pandas (the trainer's `metrics-csv.ts`). */
  metricsCsv: 'metrics.csv',
  /** TensorBoard event files, one or more per session (`tensorboard --logdir runs/`). */
  tensorboard: 'tensorboard',
  /** Held by the trainer while it writes the run (see `@mnistkit/fs`'s `acquireLock`). */
  lock: 'run.lock',
} as const;

/** The folder the trainer puts runs in by default, and where `latest` points at the newest. */
export const DEFAULT_RUNS_ROOT = 'runs';
/** Name of the pointer to the newest run, kept next to the run directories. */
export const LATEST_NAME = 'latest';

const NUMBER_ARRAY = /\[\n\s*((?:-?[\d.eE+-]+|null)(?:,\n\s*(?:-?[\d.eE+-]+|null))*)\n\s*\]/g;

/** Run files' JSON: indented by two spaces, except that arrays of numbers stay on one line (a matrix row per line). */
export function formatRunJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(NUMBER_ARRAY, (_m, inner: string) => `[${inner.replace(/,\n\s*/g, ', ')}]`)}\n`;
}
