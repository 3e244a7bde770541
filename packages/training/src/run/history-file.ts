import type { HistoryEntry } from '../history.js';
import { inFile } from './run-format-error.js';
import {
  arrayOf,
  bool,
  type Check,
  FieldIssue,
  fraction,
  int,
  nonNegative,
  nullable,
  num,
  object,
  oneOf,
  optional,
  str,
  text,
  withDefault,
} from './schema.js';

/** `history.json`'s `format` field. */
export const HISTORY_FORMAT = 'mnistkit-history';
/** The history.json version written; version 1 (before `threads`) is read and upgraded. */
export const HISTORY_VERSION = 2;

/** The backends a run can ask for (`settings.backend`): `auto` tries tensorflow, then wasm, then cpu. */
export const RUN_BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
/** How a run ended (so far): `running`; `interrupted` (Ctrl-C; resumable); `failed` (resumable); `completed`. */
export const RUN_STATUSES = ['running', 'interrupted', 'completed', 'failed'] as const;
/** One of {@link RUN_STATUSES}. */
export type RunStatus = (typeof RUN_STATUSES)[number];

const threadsChoice: Check<'auto' | number> = (v, f) => (v === 'auto' ? 'auto' : int(1)(v, f));

const SETTINGS = object({
  /** Epochs to train; 0: the run only tests its initial weights (`--init-from`). */
  epochs: int(0),
  batchSize: int(1),
  lr: num((x) => x > 0, 'a positive number'),
  seed: int(0),
  model: text,
  dataset: text,
  valSplit: num((x) => x >= 0 && x < 1, 'a fraction in [0, 1)'),
  limit: nullable(int(1)),
  testLimit: nullable(int(1)),
  backend: oneOf(RUN_BACKENDS),
  /** Threads computing each batch as asked for (`auto` or a count); may change on resume. */
  threads: threadsChoice,
  /** Pieces each batch is cut into (fixed for the run: the first session's thread count). */
  shards: int(1),
  /** The PyTorch weights file the run started from (`--init-from`, as given); null: the model's own initialisation. */
  initFrom: withDefault(nullable(text), null),
});

/** What decides what a run computes: the trainer's flags, recorded so `--resume` continues the same experiment. */
export type RunSettings = ReturnType<typeof SETTINGS>;

const EPOCH = object({
  epoch: int(1),
  trainLoss: nonNegative,
  trainAccuracy: fraction,
  valLoss: nullable(nonNegative),
  valAccuracy: nullable(fraction),
  /** The test set's figures on the epochs tested during training (`--eval-every`); absent or null on the others. */
  testLoss: optional(nullable(nonNegative)),
  testAccuracy: optional(nullable(fraction)),
  seconds: nonNegative,
  samplesPerSecond: nonNegative,
});

/**
 * One epoch in history.json: the training loop's {@link HistoryEntry} figures (validation ones null when there is no
 * validation set) plus the training throughput.
 */
export interface EpochRecord extends Pick<HistoryEntry, 'epoch' | 'trainLoss' | 'trainAccuracy' | 'seconds'> {
  valLoss: number | null;
  valAccuracy: number | null;
  /** Test figures of the epochs tested during training (`--eval-every`); absent or null on the others. */
  testLoss?: number | null;
  testAccuracy?: number | null;
  /** Training samples per second over the epoch. */
  samplesPerSecond: number;
}

const FINGERPRINT = object({
  /** How it was computed: sha256 over the counts and evenly spaced samples (image bytes and label). */
  method: oneOf(['sha256-sampled'] as const),
  trainSamples: int(0),
  testSamples: int(0),
  /** Samples hashed (from each of the two sets). */
  sampled: int(0),
  sha256: str,
});

/** What identifies a run's data, recorded at its start and compared on resume. */
export type DataFingerprint = ReturnType<typeof FINGERPRINT>;

const TENSORFLOW = object({
  /** The package whose binding ran: `@tensorflow/tfjs-node` or `@tensorflow/tfjs-node-gpu`. */
  package: str,
  /** libtensorflow's version, e.g. `2.21.0`. */
  version: str,
  /** Where TensorFlow ran the operations. */
  device: oneOf(['GPU', 'CPU'] as const),
  /** The GPU's model, when the driver names it. */
  gpuName: optional(str),
});

/** What ran a session on the `tensorflow` backend: the package, libtensorflow's version and the device. */
export type TensorflowRecord = ReturnType<typeof TENSORFLOW>;

const SESSION = object({
  startedAt: str,
  finishedAt: nullable(str),
  backend: str,
  /** On `tensorflow`: the package, libtensorflow's version and the device (absent on other backends). */
  tensorflow: optional(TENSORFLOW),
  /** Threads that computed each batch in this session (missing in runs from before data-parallel training). */
  threads: optional(int(1)),
  firstEpoch: int(1),
  lastEpoch: nullable(int(0)),
  status: oneOf(RUN_STATUSES),
});

/** One invocation of the trainer on a run (the first, then one per `--resume`). */
export type SessionRecord = ReturnType<typeof SESSION>;

const CHECKPOINT_PATH: Check<string> = (v, f) =>
  typeof v === 'string' && /^checkpoints\/epoch-\d{4,}-step-\d{5,}$/.test(v)
    ? v
    : (() => {
        throw new FieldIssue(f, 'null or checkpoints/epoch-EEEE-step-SSSSS', v);
      })();

const HISTORY = object({
  format: oneOf([HISTORY_FORMAT] as const),
  version: oneOf([HISTORY_VERSION] as const),
  status: oneOf(RUN_STATUSES),
  settings: SETTINGS,
  model: object({ name: text, parameters: int(0) }),
  dataset: object({
    /** `--dataset` as given. */
    spec: text,
    /** What was loaded, e.g. `mnist` or `idx (/data/digits)`. */
    name: str,
    classes: arrayOf(str),
    trainSamples: int(0),
    valSamples: int(0),
    testSamples: int(0),
    fingerprint: withDefault(nullable(FINGERPRINT), null),
  }),
  /** The backend the latest session trained on (`tensorflow`, `wasm`, `cpu`). */
  backend: str,
  gpu: bool,
  /** On `tensorflow`: the package, libtensorflow's version and the device; null on other backends and older runs. */
  tensorflow: withDefault(nullable(TENSORFLOW), null),
  /** Threads that computed each batch in the latest session. */
  threads: int(1),
  backendAttempts: arrayOf(object({ name: str, source: optional(str), ok: bool, reason: str })),
  history: arrayOf(EPOCH),
  test: nullable(object({ loss: nonNegative, accuracy: fraction, seconds: nonNegative })),
  timings: object({
    startedAt: str,
    updatedAt: str,
    finishedAt: nullable(str),
    trainSeconds: nonNegative,
    testSeconds: nullable(nonNegative),
  }),
  sessions: arrayOf(SESSION),
  /** The newest checkpoint, relative to the run directory. */
  checkpoint: nullable(CHECKPOINT_PATH),
  versions: object({ trainer: str, tfjs: str, node: str }),
});

/** history.json: everything about how a run went. Documented field by field in the trainer's README. */
export type RunHistory = ReturnType<typeof HISTORY>;

/** A version 1 history.json (before `threads`) in version 2's shape: `workers` became `threads`. */
function upgradeV1(value: Record<string, unknown>): Record<string, unknown> {
  const { workers, ...rest } = value;
  const settings = value.settings as Record<string, unknown> | undefined;
  const { workers: asked, ...otherSettings } = settings ?? {};
  return {
    ...rest,
    version: HISTORY_VERSION,
    // Runs from before data-parallel training ran whole batches on one thread: one shard.
    settings:
      typeof settings === 'object' && settings !== null
        ? { threads: asked ?? 'auto', shards: 1, ...otherSettings }
        : settings,
    threads: workers ?? 1,
    sessions: Array.isArray(value.sessions)
      ? value.sessions.map((s: Record<string, unknown>) => {
          if (typeof s !== 'object' || s === null) return s;
          const { workers: used, ...other } = s;
          return used === undefined ? other : { ...other, threads: used };
        })
      : value.sessions,
  };
}

/** Checks what no single field says: epochs numbered 1, 2, …; a completed run has its test and all its epochs. */
function checkConsistency(h: RunHistory): void {
  h.history.forEach((e, i) => {
    if (e.epoch !== i + 1) throw new FieldIssue(`history[${i}].epoch`, String(i + 1), e.epoch);
    const tested = [e.testLoss, e.testAccuracy].filter((x) => x != null).length;
    if (tested === 1) {
      const missing = e.testLoss == null ? 'testLoss' : 'testAccuracy';
      throw new FieldIssue(`history[${i}].${missing}`, 'a number, as the epoch has a test figure', e[missing]);
    }
  });
  if (h.history.length > h.settings.epochs) {
    throw new FieldIssue('history', `at most settings.epochs (${h.settings.epochs}) epochs`, h.history.length);
  }
  if (h.status === 'completed') {
    if (h.test === null) throw new FieldIssue('test', 'the test figures of a completed run', null);
    if (h.history.length !== h.settings.epochs) {
      throw new FieldIssue('history', `all ${h.settings.epochs} epochs of a completed run`, h.history.length);
    }
  }
}

/**
 * Checks a parsed history.json against the run format (version 2, or version 1 upgraded) and returns it typed.
 * Throws `RunFormatError` naming `file` and the field: what was expected and what was found.
 */
export function parseRunHistory(value: unknown, file: string): RunHistory {
  return inFile(file, () => {
    const record = value as Record<string, unknown> | null;
    const upgraded =
      typeof record === 'object' && record !== null && record.format === HISTORY_FORMAT && record.version === 1
        ? upgradeV1(record)
        : value;
    const history = HISTORY(upgraded, '');
    checkConsistency(history);
    return history;
  });
}

/**
 * The per-epoch figures of a history.json for charts and tables: the run format's `history` array, checked.
 * Throws `RunFormatError` naming `file`.
 */
export function runEpochs(value: unknown, file: string): EpochRecord[] {
  return parseRunHistory(value, file).history;
}
