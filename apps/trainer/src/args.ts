import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { type CliOptions, camelCase, FLAGS, type FlagSpec, flagOf } from './flags.js';
import { RESUMABLE_CHANGES, type TrainSettings } from './settings.js';

/** What the command line said, before defaults: only the settings the user actually gave are in `given`. */
export type CliArgs = CliOptions & {
  given: Partial<TrainSettings>;
  /** Remarks for stderr about how the flags were read (an old flag name used). */
  notes: string[];
};

const ENTRIES = Object.entries(FLAGS) as [string, FlagSpec][];

/** parseArgs' option table, derived from {@link FLAGS}: each name and alias. */
const PARSE_OPTIONS = Object.fromEntries(
  ENTRIES.flatMap(([name, spec]) =>
    [name, ...(spec.aliases ?? [])].map((n) => [
      n,
      {
        type: spec.value === undefined ? ('boolean' as const) : ('string' as const),
        ...(spec.short && n === name ? { short: spec.short } : {}),
      },
    ]),
  ),
);

/** The `--help` text, derived from {@link FLAGS}. */
export function helpText(): string {
  const rows = ENTRIES.map(([name, spec]) => {
    const head = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    const tail = spec.default === undefined ? '' : ` (default ${spec.default})`;
    const also = spec.aliases?.length ? ` (also ${spec.aliases.map((a) => `--${a}`).join(', ')})` : '';
    return [head, `${spec.help}${tail}${also}`] as const;
  });
  const width = Math.max(...rows.map(([head]) => head.length)) + 2;
  const options = rows.map(([head, text]) => `  ${head.padEnd(width)}${text}`).join('\n');
  return `Usage: mnistkit-train [options]

Trains a CNN on MNIST (the PyTorch tutorial's recipe, on TensorFlow.js) and writes a run directory:
the model (also as model.pth and model.safetensors for PyTorch), checkpoints, history.json, metrics.json,
metrics.csv, TensorBoard events (tensorboard --logdir runs/) and charts.

Options:
${options}

Ctrl-C saves a checkpoint and stops; --resume <run dir> continues from it.
`;
}

/** The `--help` text. */
export const HELP = helpText();

/** Edit distance, for "did you mean" (flag names are short, so the quadratic table is nothing). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost);
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The flag a mistyped `--name` most likely meant (`--epoch` → `--epochs`), or undefined when none is close. */
export function suggestFlag(typed: string): string | undefined {
  const name = typed.replace(/^-+/, '').split('=')[0] ?? '';
  if (name.length < 2) return undefined;
  const candidates = ENTRIES.flatMap(([flag, spec]) => [flag, ...(spec.aliases ?? [])].map((n) => [n, flag] as const));
  const prefixed = new Set(candidates.filter(([n]) => n.startsWith(name)).map(([, flag]) => flag));
  if (prefixed.size === 1) return `--${[...prefixed][0]}`;
  let best: { flag: string; d: number } | undefined;
  for (const [n, flag] of candidates) {
    const d = distance(name, n);
    if (d <= Math.max(1, Math.floor(n.length / 3)) && (!best || d < best.d)) best = { flag, d };
  }
  return best && `--${best.flag}`;
}

/** Node's parseArgs messages are long and mention positionals; turn them into one short line naming the flag. */
function usageErrorFrom(error: unknown, argv: readonly string[]): UsageError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[\w-]+)/.exec(message)?.[1] ?? 'a flag';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const guess = flag.startsWith('--') ? suggestFlag(flag) : undefined;
      return new UsageError(`unknown flag ${flag}${guess ? `; did you mean ${guess}?` : ''} (see --help)`);
    }
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

/**
 * Parses and validates the command line against {@link FLAGS}; throws {@link UsageError} naming the flag, what was
 * expected and what was found.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: PARSE_OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw usageErrorFrom(error, argv);
  }
  const given: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [name, spec] of ENTRIES) {
    const used = [name, ...(spec.aliases ?? [])].filter((n) => values[n] !== undefined);
    if (used.length > 1) {
      throw new UsageError(
        `--${name}: given twice, also as ${used
          .slice(1)
          .map((n) => `--${n}`)
          .join(', ')} (its old name); give one`,
      );
    }
    const as = used[0];
    if (as !== undefined && as !== name)
      notes.push(`--${as} is the old name of --${name} (the same count); use --${name}`);
    const raw = as === undefined ? undefined : values[as];
    let value: unknown;
    if (spec.parse === undefined) value = raw === true;
    else if (typeof raw === 'string') value = spec.parse(raw, `--${as}`);
    if (spec.setting !== undefined) {
      if (value !== undefined) given[spec.setting] = value;
    } else {
      options[camelCase(name)] = value;
    }
  }
  return { ...(options as CliOptions), given: given as Partial<TrainSettings>, notes };
}

/**
 * Settings for a resumed run: the saved ones, with {@link RESUMABLE_CHANGES} (`--epochs`, `--backend`,
 * `--test-limit`, `--threads`) allowed to change (`shards` stays). Any other flag that differs from the saved run is
 * an error, since it would silently change the experiment.
 */
export function settingsForResume(saved: TrainSettings, given: Partial<TrainSettings>): TrainSettings {
  for (const [key, value] of Object.entries(given) as [keyof TrainSettings, unknown][]) {
    if (!RESUMABLE_CHANGES.has(key) && value !== saved[key]) {
      const allowed = [...RESUMABLE_CHANGES].map(flagOf);
      throw new UsageError(
        `${flagOf(key)}: cannot change when resuming (the run used ${JSON.stringify(saved[key])}, found ${JSON.stringify(value)}); only ${allowed.slice(0, -1).join(', ')} and ${allowed.at(-1)} can`,
      );
    }
  }
  return { ...saved, ...given };
}
