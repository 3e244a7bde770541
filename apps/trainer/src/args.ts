import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** Backends the trainer can ask for; `auto` tries tfjs-node-gpu, tfjs-node, then wasm, then cpu. */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
/** One of {@link BACKEND_CHOICES}. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

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
  /** Threads computing each batch (data parallel), as asked for: `auto` or a count; may change on resume. */
  workers: WorkersChoice;
  /**
   * Pieces each batch is cut into for the data-parallel step (the first session's worker count). Fixed for the
   * run: the summation grouping and dropout masks depend on it, so a resumed run keeps it whatever `--workers` is.
   */
  shards: number;
}

/** `--workers`: `auto` or a thread count of at least 1. */
export type WorkersChoice = 'auto' | number;

/** The most threads `--workers auto` uses: beyond this the shards get small and the summing costs more than it saves. */
export const MAX_AUTO_WORKERS = 4;

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

/** What the command line said, before defaults: only the settings the user actually gave are present. */
export interface CliArgs {
  given: Partial<TrainSettings>;
  out: string | undefined;
  resume: string | undefined;
  verbose: boolean;
  help: boolean;
  version: boolean;
}

const OPTIONS = {
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  model: { type: 'string' },
  dataset: { type: 'string' },
  'val-split': { type: 'string' },
  limit: { type: 'string' },
  'test-limit': { type: 'string' },
  backend: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** The `--help` text. */
export const HELP = `Usage: mnistkit-train [options]

Trains a CNN on MNIST (the PyTorch tutorial's recipe, on TensorFlow.js) and writes a run directory:
the model, checkpoints, history.json, metrics.json and charts.

Options:
  --epochs <n>          training epochs (default 10)
  --batch-size <n>      samples per batch (default 64)
  --lr <x>              Adam learning rate (default 0.001)
  --seed <n>            seed for initialisation, shuffling and the validation split (default: random, recorded)
  --model <name>        model to train (default simple-cnn)
  --dataset <spec>      mnist | fashion-mnist | a directory of IDX files | an image folder (default mnist)
  --val-split <x>       fraction of the training set held out for validation, 0 to <1 (default 0)
  --limit <n>           train on the first n training samples only (quick runs)
  --test-limit <n>      test on the first n test samples only
  --backend <name>      auto | tensorflow | wasm | cpu (default auto)
  --workers <n|auto>    threads computing each batch, data parallel (default auto: up to 4; 1 on tensorflow)
  --out <dir>           run directory (default: a new timestamped folder under runs/)
  --resume <dir>        continue a run from its run directory or a checkpoint directory
  --verbose             print stack traces and backend details
  -h, --help            show this help
  --version             print the version

Ctrl-C saves a checkpoint and stops; --resume <run dir> continues from it.
`;

function wholeNumber(flag: string, raw: string, min: number): number {
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${flag}: expected a whole number of at least ${min}, found "${raw}"`);
  }
  return value;
}

function fraction(flag: string, raw: string, check: (x: number) => boolean, expected: string): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${flag}: expected ${expected}, found "${raw}"`);
  }
  return value;
}

function nonEmpty(flag: string, raw: string): string {
  if (raw.trim() === '') throw new UsageError(`--${flag}: expected a value, found an empty string`);
  return raw;
}

function backendChoice(raw: string): BackendChoice {
  if (!(BACKEND_CHOICES as readonly string[]).includes(raw)) {
    throw new UsageError(`--backend: expected one of ${BACKEND_CHOICES.join(', ')}, found "${raw}"`);
  }
  return raw as BackendChoice;
}

function workersChoice(raw: string): WorkersChoice {
  if (raw.trim() === 'auto') return 'auto';
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--workers: expected auto or a whole number of at least 1, found "${raw}"`);
  }
  return value;
}

/** Node's parseArgs messages are long and mention positionals; turn them into one short line naming the flag. */
function usageErrorFrom(error: unknown, argv: readonly string[]): UsageError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[\w-]+)/.exec(message)?.[1] ?? 'a flag';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown flag ${flag} (see --help)`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return new UsageError(`${flag}: takes no value`);
      if (/ambiguous/.test(message)) {
        const next = argv[argv.indexOf(flag) + 1];
        return new UsageError(
          `${flag}: expected a value after it, found "${next}" (write ${flag}=${next} if that is the value)`,
        );
      }
      return new UsageError(`${flag}: expected a value after it`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(message)?.[1];
      return new UsageError(`unexpected argument "${arg ?? message}": every option is a --flag (see --help)`);
    }
    default:
      return new UsageError(message.split('\n')[0] ?? 'bad command line');
  }
}

/** Parses and validates the command line; throws {@link UsageError} naming the flag, what was expected and found. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw usageErrorFrom(error, argv);
  }
  const str = (name: keyof typeof OPTIONS): string | undefined => values[name] as string | undefined;
  const given: Partial<TrainSettings> = {};
  const epochs = str('epochs');
  if (epochs !== undefined) given.epochs = wholeNumber('epochs', epochs, 1);
  const batchSize = str('batch-size');
  if (batchSize !== undefined) given.batchSize = wholeNumber('batch-size', batchSize, 1);
  const lr = str('lr');
  if (lr !== undefined) given.lr = fraction('lr', lr, (x) => x > 0, 'a positive number such as 0.001');
  const seed = str('seed');
  if (seed !== undefined) given.seed = wholeNumber('seed', seed, 0);
  const model = str('model');
  if (model !== undefined) given.model = nonEmpty('model', model);
  const dataset = str('dataset');
  if (dataset !== undefined) given.dataset = nonEmpty('dataset', dataset);
  const valSplit = str('val-split');
  if (valSplit !== undefined) {
    given.valSplit = fraction('val-split', valSplit, (x) => x >= 0 && x < 1, 'a fraction from 0 to below 1');
  }
  const limit = str('limit');
  if (limit !== undefined) given.limit = wholeNumber('limit', limit, 1);
  const testLimit = str('test-limit');
  if (testLimit !== undefined) given.testLimit = wholeNumber('test-limit', testLimit, 1);
  const backend = str('backend');
  if (backend !== undefined) given.backend = backendChoice(backend);
  const workers = str('workers');
  if (workers !== undefined) given.workers = workersChoice(workers);
  const out = str('out');
  const resume = str('resume');
  return {
    given,
    out: out === undefined ? undefined : nonEmpty('out', out),
    resume: resume === undefined ? undefined : nonEmpty('resume', resume),
    verbose: values.verbose === true,
    help: values.help === true,
    version: values.version === true,
  };
}

/** A seed for runs without `--seed`: random, then recorded in history.json so the run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/**
 * Settings for a fresh run: the defaults, overridden by what was given. `shards` is a placeholder until the backend
 * is known; {@link resolveWorkers} decides it.
 */
export function settingsForNewRun(given: Partial<TrainSettings>, seed = randomSeed()): TrainSettings {
  return { ...DEFAULT_SETTINGS, seed, shards: 1, ...given };
}

/** How many threads compute each batch, and how each batch is cut; see {@link resolveWorkers}. */
export interface WorkerPlan {
  /** Threads (main + worker threads); 1 = no worker threads. */
  workers: number;
  /** Pieces each batch is cut into. */
  shards: number;
  /** Why the count differs from an explicit `--workers`, for a note on stderr; null when it does not. */
  note: string | null;
}

/**
 * Turns `--workers` into a thread count. `auto`: `min(cpus, 4, batch size)` on wasm and cpu, 1 on tensorflow
 * (libtensorflow already uses every core, and the GPU). Never more threads than shards or samples per batch.
 * A new run cuts each batch into as many shards as it has threads; a resumed run keeps its `shards`
 * (`resumedShards`), since the result depends on the shard count, not on how many threads compute them.
 */
export function resolveWorkers(opts: {
  choice: WorkersChoice;
  backend: string;
  batchSize: number;
  cpus: number;
  resumedShards?: number | undefined;
}): WorkerPlan {
  const { choice, backend, batchSize, cpus, resumedShards } = opts;
  let workers: number;
  let note: string | null = null;
  if (backend === 'tensorflow') {
    workers = 1;
    if (choice !== 'auto' && choice > 1) {
      note = `--workers ${choice}: the tensorflow backend uses every core itself, so training runs on 1 thread`;
    }
  } else if (choice === 'auto') {
    workers = Math.max(1, Math.min(cpus, MAX_AUTO_WORKERS, batchSize));
  } else {
    workers = Math.min(choice, batchSize);
    if (workers < choice) note = `--workers ${choice}: a batch of ${batchSize} keeps at most ${workers} threads busy`;
  }
  if (resumedShards === undefined) return { workers, shards: workers, note };
  if (workers > resumedShards) {
    if (choice !== 'auto' && note === null) {
      note = `--workers ${choice}: this run cuts each batch into ${resumedShards} shard${resumedShards === 1 ? '' : 's'}, so at most ${resumedShards} thread${resumedShards === 1 ? '' : 's'} help`;
    }
    workers = resumedShards;
  }
  return { workers, shards: resumedShards, note };
}

const FLAG_OF: Record<keyof TrainSettings, string> = {
  epochs: '--epochs',
  batchSize: '--batch-size',
  lr: '--lr',
  seed: '--seed',
  model: '--model',
  dataset: '--dataset',
  valSplit: '--val-split',
  limit: '--limit',
  testLimit: '--test-limit',
  backend: '--backend',
  workers: '--workers',
  shards: '--workers',
};

/**
 * Settings for a resumed run: the saved ones, with `--epochs`, `--backend`, `--test-limit` and `--workers` allowed
 * to change (`shards` stays).
 * Any other flag that differs from the saved run is an error, since it would silently change the experiment.
 */
export function settingsForResume(saved: TrainSettings, given: Partial<TrainSettings>): TrainSettings {
  for (const [key, value] of Object.entries(given) as [keyof TrainSettings, unknown][]) {
    if (!RESUMABLE_CHANGES.has(key) && value !== saved[key]) {
      throw new UsageError(
        `${FLAG_OF[key]}: cannot change when resuming (the run used ${JSON.stringify(saved[key])}, found ${JSON.stringify(value)}); only --epochs, --backend, --test-limit and --workers can`,
      );
    }
  }
  return { ...saved, ...given };
}
