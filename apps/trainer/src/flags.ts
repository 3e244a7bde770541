import { UsageError } from './errors.js';
import { BACKEND_CHOICES, type BackendChoice, type ThreadsChoice, type TrainSettings } from './settings.js';

/**
 * One command-line flag, declared once: `--help`, the parser and the resume check all read it from {@link FLAGS}.
 * A flag with `value` takes one (`--epochs 3`, `--epochs=3`); without, it is a switch (`--verbose`).
 */
export interface FlagSpec<T = unknown> {
  /** Placeholder for the value in `--help` (`<n>`); absent for a switch. */
  readonly value?: string;
  /** A one-letter short form (`h` for `-h`). */
  readonly short?: string;
  /** One line for `--help`. */
  readonly help: string;
  /** The default as `--help` shows it (appended as `(default …)`). */
  readonly default?: string;
  /** Old names that still work, meaning the same; using one prints a note naming the new one. */
  readonly aliases?: readonly string[];
  /** Turns the text after the flag into its value; throws {@link UsageError} naming `flag`. Absent for switches. */
  readonly parse?: (raw: string, flag: string) => T;
  /** The {@link TrainSettings} field it sets (recorded in history.json); absent: an option of this command only. */
  readonly setting?: keyof TrainSettings;
}

/** Declares a flag that sets `key` of {@link TrainSettings}; its parser must return that field's type. */
function setting<K extends keyof TrainSettings>(
  key: K,
  spec: Omit<FlagSpec<TrainSettings[K]>, 'setting' | 'parse'> & {
    parse: (raw: string, flag: string) => TrainSettings[K];
  },
) {
  return { ...spec, setting: key } as const;
}

/** Declares a flag that takes a value but is not a setting (`--out`). */
function option<T>(spec: Omit<FlagSpec<T>, 'setting' | 'parse'> & { parse: (raw: string, flag: string) => T }) {
  return spec;
}

/** Declares a switch (`--verbose`): true when present. */
function toggle(spec: Pick<FlagSpec, 'help' | 'short' | 'aliases'>) {
  return spec;
}

/** A whole number of at least `min`: `--epochs 3`. */
export function wholeNumber(min: number) {
  return (raw: string, flag: string): number => {
    const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new UsageError(`${flag}: expected a whole number of at least ${min}, found "${raw}"`);
    }
    return value;
  };
}

/** A finite number passing `check`, described as `expected` in the error: `--lr 0.001`. */
export function number(check: (x: number) => boolean, expected: string) {
  return (raw: string, flag: string): number => {
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value) || !check(value)) throw new UsageError(`${flag}: expected ${expected}, found "${raw}"`);
    return value;
  };
}

/** Any text but the empty string: `--out runs/a`. */
export function nonEmpty(raw: string, flag: string): string {
  if (raw.trim() === '') throw new UsageError(`${flag}: expected a value, found an empty string`);
  return raw;
}

/** One of `choices`, spelled exactly. */
export function oneOf<const C extends readonly string[]>(choices: C) {
  return (raw: string, flag: string): C[number] => {
    if (!choices.includes(raw)) throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, found "${raw}"`);
    return raw as C[number];
  };
}

/** `auto` or a whole number of at least 1: `--threads 2`. */
export function autoOrCount(raw: string, flag: string): ThreadsChoice {
  if (raw.trim() === 'auto') return 'auto';
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${flag}: expected auto or a whole number of at least 1, found "${raw}"`);
  }
  return value;
}

/**
 * Every flag of `mnistkit-train`, in `--help` order. To add one, add an entry here (and a row to the README's
 * table, which a test checks): the parser, `--help` and the resume check follow. A `setting(...)` entry also needs
 * its field in {@link TrainSettings}; any other entry appears on the parsed arguments under its camel-cased name
 * (`--no-save` → `args.noSave`).
 */
export const FLAGS = {
  epochs: setting('epochs', {
    value: '<n>',
    help: 'training epochs (0: only test the model)',
    default: '10',
    parse: wholeNumber(0),
  }),
  'batch-size': setting('batchSize', { value: '<n>', help: 'samples per batch', default: '64', parse: wholeNumber(1) }),
  lr: setting('lr', {
    value: '<x>',
    help: 'Adam learning rate',
    default: '0.001',
    parse: number((x) => x > 0, 'a positive number such as 0.001'),
  }),
  seed: setting('seed', {
    value: '<n>',
    help: 'seed for initialisation, shuffling and the validation split',
    default: 'random, recorded',
    parse: wholeNumber(0),
  }),
  model: setting('model', { value: '<name>', help: 'model to train', default: 'simple-cnn', parse: nonEmpty }),
  dataset: setting('dataset', {
    value: '<spec>',
    help: 'mnist | fashion-mnist | a directory of IDX files | an image folder',
    default: 'mnist',
    parse: nonEmpty,
  }),
  'val-split': setting('valSplit', {
    value: '<x>',
    help: 'fraction of the training set held out for validation, 0 to <1',
    default: '0',
    parse: number((x) => x >= 0 && x < 1, 'a fraction from 0 to below 1'),
  }),
  limit: setting('limit', {
    value: '<n>',
    help: 'train on the first n training samples only (quick runs)',
    parse: wholeNumber(1),
  }),
  'test-limit': setting('testLimit', {
    value: '<n>',
    help: 'test on the first n test samples only',
    parse: wholeNumber(1),
  }),
  backend: setting('backend', {
    value: '<name>',
    help: BACKEND_CHOICES.join(' | '),
    default: 'auto',
    parse: oneOf(BACKEND_CHOICES) as (raw: string, flag: string) => BackendChoice,
  }),
  threads: setting('threads', {
    value: '<n|auto>',
    help: 'threads computing each batch, data parallel',
    default: 'auto: up to 4; 1 on tensorflow',
    aliases: ['workers'],
    parse: autoOrCount,
  }),
  out: option({
    value: '<dir>',
    help: 'run directory',
    default: 'a new timestamped folder under runs/',
    parse: nonEmpty,
  }),
  'init-from': setting('initFrom', {
    value: '<file>',
    help: "start a new run from PyTorch weights: the tutorial's torch.save(model.state_dict()) .pth, or .safetensors",
    parse: nonEmpty,
  }),
  'log-interval': option({
    value: '<n>',
    help: 'a line and a TensorBoard point of the running loss and accuracy every n batches',
    parse: wholeNumber(1),
  }),
  'eval-every': option({
    value: '<n>',
    help: 'test the model every n epochs (in history.json, metrics.csv, TensorBoard and the curves)',
    parse: wholeNumber(1),
  }),
  'test-batch-size': option({
    value: '<n>',
    help: 'samples per batch when testing and validating',
    default: 'the batch size, at least 256',
    parse: wholeNumber(1),
  }),
  'no-save': toggle({ help: 'do not save the model (model/, model.pth, model.safetensors)' }),
  'export-logits': toggle({ help: 'save model/ with logits outputs (no softmax layer, no training config)' }),
  resume: option({
    value: '<dir>',
    help: 'continue a run from its run directory or a checkpoint directory',
    parse: nonEmpty,
  }),
  'require-gpu': toggle({ help: 'fail unless training runs on a GPU (tfjs-node-gpu with a CUDA device)' }),
  verbose: toggle({ help: 'print stack traces and backend details' }),
  help: toggle({ short: 'h', help: 'show this help' }),
  version: toggle({ help: 'print the version' }),
} as const satisfies Record<string, FlagSpec>;

/** A flag's name without the dashes, as a key of {@link FLAGS}. */
export type FlagName = keyof typeof FLAGS;

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type SettingFlag = { [K in FlagName]: (typeof FLAGS)[K] extends { setting: string } ? K : never }[FlagName];
type ValueOf<F> = F extends { parse: (raw: string, flag: string) => infer T } ? T | undefined : boolean;

/** The flags that are not settings, by camel-cased name, with their parsed values (switches: true or false). */
export type CliOptions = { [K in Exclude<FlagName, SettingFlag> as Camel<K>]: ValueOf<(typeof FLAGS)[K]> };

/** `--batch-size` → `batchSize`. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** The flag that sets `key`, as the user types it (`batchSize` → `--batch-size`; `shards` → `--threads`). */
export function flagOf(key: keyof TrainSettings): string {
  // The shard count is fixed by the first session's thread count, so --threads is the flag a user would change.
  const wanted = key === 'shards' ? 'threads' : key;
  const entry = (Object.entries(FLAGS) as [string, FlagSpec][]).find(([, spec]) => spec.setting === wanted);
  return `--${entry?.[0] ?? key}`;
}
