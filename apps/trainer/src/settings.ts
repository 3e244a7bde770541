import { RUN_BACKENDS, type RunSettings } from '@mnistkit/training';

/** Backends the trainer can ask for; `auto` tries tfjs-node-gpu, tfjs-node, then wasm, then cpu. */
export const BACKEND_CHOICES = RUN_BACKENDS;
/** One of {@link BACKEND_CHOICES}. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** `--threads`: `auto` or a thread count of at least 1 (the main thread included). */
export type ThreadsChoice = RunSettings['threads'];

/**
 * Everything that decides what a run computes; recorded in history.json (`settings`) so `--resume` can continue it.
 * The run format (`RunSettings` of `@mnistkit/training`) defines and checks it.
 */
export type TrainSettings = RunSettings;

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
  threads: 'auto',
  initFrom: null,
};

/** Settings a resumed run may change; the rest would make the continued run a different experiment. */
export const RESUMABLE_CHANGES: ReadonlySet<keyof TrainSettings> = new Set([
  'epochs',
  'backend',
  'testLimit',
  'threads',
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
