import type { TensorflowInfo } from '@mnistkit/backend/node';
import { CliError } from './errors.js';
import { BACKEND_CHOICES, type TrainSettings } from './settings.js';

/** One epoch in history.json; accuracies are fractions in [0, 1], losses are mean cross-entropy per sample. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  /** Test figures of the epochs tested with `--eval-every` (absent or null on the others). */
  testLoss?: number | null;
  testAccuracy?: number | null;
  /** Wall time of the epoch (training and validation). */
  seconds: number;
  /** Training samples per second over the epoch. */
  samplesPerSecond: number;
}

/** One invocation of the CLI on this run (the first, then one per `--resume`). */
export interface SessionRecord {
  startedAt: string;
  finishedAt: string | null;
  backend: string;
  /** On `tensorflow`: libtensorflow's version and the device (absent on other backends and in older runs). */
  tensorflow?: TensorflowInfo;
  /** Threads that computed each batch (absent in runs from before `--workers`). */
  workers?: number;
  /** First epoch this session trained (1-based). */
  firstEpoch: number;
  /** Last epoch it completed, or null if it completed none. */
  lastEpoch: number | null;
  status: RunStatus;
}

/** `running` while training; `interrupted` after Ctrl-C (resumable); `completed` once tested and saved; `failed` after an error (resumable from its last checkpoint). */
export type RunStatus = 'running' | 'interrupted' | 'completed' | 'failed';

/** history.json: everything about how the run went. Documented field by field in README.md. */
export interface HistoryFile {
  format: 'mnistkit-history';
  version: 1;
  status: RunStatus;
  settings: TrainSettings;
  model: { name: string; parameters: number };
  dataset: {
    /** `--dataset` as given. */
    spec: string;
    /** What was loaded, e.g. `mnist` or `idx (/data/digits)`. */
    name: string;
    classes: string[];
    trainSamples: number;
    valSamples: number;
    testSamples: number;
  };
  /** The backend the latest session trained on (`tensorflow`, `wasm`, `cpu`). */
  backend: string;
  /** Whether that backend computed on a GPU. */
  gpu: boolean;
  /**
   * On `tensorflow`: the package, libtensorflow's version (`2.21.0`), the device (`CPU` or `GPU`) and the GPU's name
   * where the driver gives it; null on other backends (absent in runs from before it was recorded).
   */
  tensorflow?: TensorflowInfo | null;
  /** Threads that computed each batch in the latest session (1 = no worker threads). */
  workers: number;
  /** Backends tried by the latest session, in order, with why each was or was not taken. */
  backendAttempts: { name: string; source?: string; ok: boolean; reason: string }[];
  history: EpochRecord[];
  test: { loss: number; accuracy: number; seconds: number } | null;
  timings: {
    startedAt: string;
    updatedAt: string;
    finishedAt: string | null;
    /** Sum of the epochs' seconds. */
    trainSeconds: number;
    testSeconds: number | null;
  };
  sessions: SessionRecord[];
  /** The newest checkpoint, relative to the run directory, or null. */
  checkpoint: string | null;
  versions: { trainer: string; tfjs: string; node: string };
}

/** metrics.json: how the final model does on the test set. Documented field by field in README.md. */
export interface MetricsFile {
  format: 'mnistkit-metrics';
  version: 1;
  /** Epochs the final model was trained for. */
  epochs: number;
  testLoss: number;
  /** Fraction in [0, 1]; printed as `Test Accuracy: 99.25%`. */
  testAccuracy: number;
  correct: number;
  total: number;
  classes: string[];
  /** Accuracy of each true class (fraction), or null for a class absent from the test set. */
  perClassAccuracy: (number | null)[];
  /** `confusionMatrix[t][p]` counts test samples of true class t predicted as p. */
  confusionMatrix: number[][];
  /** The test samples shown in misclassified.png: the most confident mistakes, most confident first. */
  misclassified: { index: number; label: number; predicted: number; confidence: number }[];
  backend: string;
}

function fail(path: string, field: string, expected: string, found: unknown): never {
  throw new CliError(
    `--resume ${path}: history.json field ${field}: expected ${expected}, found ${JSON.stringify(found)}`,
  );
}

/**
 * Checks the parts of a history.json that `--resume` relies on (format, settings, history) and returns it typed.
 * Anything else a resumed run rewrites.
 */
export function parseHistoryFile(value: unknown, path: string): HistoryFile {
  const h = value as Partial<HistoryFile> | null;
  if (typeof h !== 'object' || h === null || h.format !== 'mnistkit-history') {
    fail(path, 'format', '"mnistkit-history"', h && (h as { format?: unknown }).format);
  }
  if (h.version !== 1) fail(path, 'version', '1', h.version);
  const s = h.settings as Partial<TrainSettings> | undefined;
  if (typeof s !== 'object' || s === null) fail(path, 'settings', 'an object', s);
  const positiveInt = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 1;
  const optionalInt = (x: unknown) => x === null || positiveInt(x);
  const checks: [keyof TrainSettings, (x: unknown) => boolean, string][] = [
    ['epochs', positiveInt, 'a whole number >= 1'],
    ['batchSize', positiveInt, 'a whole number >= 1'],
    ['lr', (x) => typeof x === 'number' && x > 0, 'a positive number'],
    ['seed', (x) => Number.isSafeInteger(x) && (x as number) >= 0, 'a whole number >= 0'],
    ['model', (x) => typeof x === 'string' && x !== '', 'a model name'],
    ['dataset', (x) => typeof x === 'string' && x !== '', 'a dataset spec'],
    ['valSplit', (x) => typeof x === 'number' && x >= 0 && x < 1, 'a fraction in [0, 1)'],
    ['limit', optionalInt, 'null or a whole number >= 1'],
    ['testLimit', optionalInt, 'null or a whole number >= 1'],
    ['backend', (x) => (BACKEND_CHOICES as readonly unknown[]).includes(x), BACKEND_CHOICES.join(' | ')],
  ];
  // Runs from before --workers trained on one thread: whole batches, i.e. one shard.
  s.workers ??= 'auto';
  s.shards ??= 1;
  checks.push(
    ['workers', (x) => x === 'auto' || positiveInt(x), '"auto" or a whole number >= 1'],
    ['shards', positiveInt, 'a whole number >= 1'],
  );
  for (const [key, ok, expected] of checks) if (!ok(s[key])) fail(path, `settings.${key}`, expected, s[key]);
  if (!Array.isArray(h.history)) fail(path, 'history', 'an array of epochs', h.history);
  h.history.forEach((e, i) => {
    if (e?.epoch !== i + 1) fail(path, `history[${i}].epoch`, String(i + 1), e?.epoch);
  });
  return h as HistoryFile;
}
