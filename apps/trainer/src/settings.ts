/** Backends the trainer can ask for; `auto` tries tfjs-node-gpu, tfjs-node, then wasm, then cpu. */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
/** One of {@link BACKEND_CHOICES}. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** `--threads`: `auto` or a thread count of at least 1. */
export type ThreadsChoice = 'auto' | number;
/** @deprecated The old name of {@link ThreadsChoice}. */
export type WorkersChoice = ThreadsChoice;

/** Everything that decides what a run computes; stored in history.json so `--resume` can continue it. */
export interface TrainSettings {
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  model: string;
  /** `mnist`, `fashion-mnist`, a directory of IDX files or an image folder. */
  dataset: string;
  /** Fraction of the training set held out for validation, in [0, 1). */
  valSplit: number;
  /** Use only the first `limit` training samples (before the validation split); null = all. */
  limit: number | null;
  /** Use only the first `testLimit` test samples; null = all. */
  testLimit: number | null;
  backend: BackendChoice;
  /** Threads computing each batch (data parallel), as asked for with `--threads`: `auto` or a count; may change on resume. */
  workers: ThreadsChoice;
  /**
   * Pieces each batch is cut into for the data-parallel step (the first session's thread count). Fixed for the
   * run: the summation grouping and dropout masks depend on it, so a resumed run keeps it whatever `--threads` is.
   */
  shards: number;
}

/** The tutorial's recipe: 10 epochs, batch 64, Adam at 0.001, the SimpleCNN on MNIST. */
export const DEFAULT_SETTINGS: Omit<TrainSettings, 'seed' | 'shards'> = {
  epochs: 10,
  batchSize: 64,
  lr: 0.001,
  model: 'simple-cnn',
  dataset: 'mnist',
  valSplit: 0,
  limit: null,
  testLimit: null,
  backend: 'auto',
  workers: 'auto',
};

/** Settings a resumed run may change; the rest would make the continued run a different experiment. */
export const RESUMABLE_CHANGES: ReadonlySet<keyof TrainSettings> = new Set([
  'epochs',
  'backend',
  'testLimit',
  'workers',
]);

/** A seed for runs without `--seed`: random, then recorded in history.json so the run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/**
 * Settings for a fresh run: the defaults, overridden by what was given. `shards` is a placeholder until the backend
 * is known; `planThreads` decides it.
 */
export function settingsForNewRun(given: Partial<TrainSettings>, seed = randomSeed()): TrainSettings {
  return { ...DEFAULT_SETTINGS, seed, shards: 1, ...given };
}
