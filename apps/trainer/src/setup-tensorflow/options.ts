import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

/** The TensorFlow release the binding is known to build and run against (tfjs-node 4.22 with TF 2.21's C API). */
export const TENSORFLOW_VERSION = '2.21.0';

/** Exit status when no TensorFlow can be had here (no pip, or pip finds no wheel): CI skips the tensorflow tests. */
export const EXIT_NO_TENSORFLOW = 3;

/** Environment variable naming the cache folder (default `~/.cache/mnistkit/tensorflow`). */
export const CACHE_ENV = 'MNISTKIT_TENSORFLOW_CACHE';

/** What `mnistkit-setup-tensorflow` was asked to do. */
export interface SetupOptions {
  /** Set up `@tensorflow/tfjs-node-gpu` against a CUDA build of TensorFlow instead of `@tensorflow/tfjs-node`. */
  gpu: boolean;
  /** A TensorFlow wheel file to take the libraries and headers from. */
  wheel?: string;
  /** A Python with TensorFlow installed: its `tensorflow/` folder is used in place. */
  python?: string;
  /** Where downloaded wheels are unpacked. */
  cacheDir: string;
  /** The version pip downloads when neither `wheel` nor `python` is given. */
  tensorflowVersion: string;
  /** Only report whether the package is set up; change nothing. */
  check: boolean;
  /** Lay out and build again even when already set up. */
  force: boolean;
  verbose: boolean;
  help: boolean;
}

/** The `--help` text. */
export const SETUP_HELP = `Usage: mnistkit-setup-tensorflow [options]

Builds @tensorflow/tfjs-node (or, with --gpu, @tensorflow/tfjs-node-gpu) from source against the TensorFlow C
library of a pip wheel, so the trainer's --backend tensorflow runs on libtensorflow ${TENSORFLOW_VERSION}. Where
TensorFlow comes from, first that applies:
  --wheel <file>              a TensorFlow wheel (.whl): its libraries and headers are unpacked into the cache
  --python <python>           a Python with TensorFlow installed: its tensorflow/ folder is used in place
  (neither)                   pip downloads the wheel (tensorflow-cpu, or tensorflow with --gpu) into the cache

Options:
  --gpu                       set up tfjs-node-gpu against a CUDA build (pip: tensorflow[and-cuda]); the CUDA
                              libraries come from the Python's site-packages/nvidia/*/lib (or pip downloads them)
  --cache-dir <dir>           cache folder (default: $${CACHE_ENV} or ~/.cache/mnistkit/tensorflow)
  --tensorflow-version <v>    the version pip downloads (default ${TENSORFLOW_VERSION}, the one tested)
  --check                     only report whether it is set up (exit 0 if so, 1 if not); changes nothing
  --force                     lay out and build again even when already set up
  --verbose                   show the build's output and stack traces
  -h, --help                  show this help

Running it again is fast: it checks the setup and says so. Exit status: 0 ready, 1 failure, 2 bad
command line, ${EXIT_NO_TENSORFLOW} no TensorFlow to build against (no pip, or no wheel for this machine).
`;

const FLAGS = {
  gpu: { type: 'boolean' },
  wheel: { type: 'string' },
  python: { type: 'string' },
  'cache-dir': { type: 'string' },
  'tensorflow-version': { type: 'string' },
  check: { type: 'boolean' },
  force: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The cache folder: `$MNISTKIT_TENSORFLOW_CACHE`, else `$XDG_CACHE_HOME/mnistkit/tensorflow`, else `~/.cache/…`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const fromEnv = env[CACHE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const base =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(base, 'mnistkit', 'tensorflow');
}

function value(flag: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '') throw new UsageError(`--${flag}: expected a value, found an empty string`);
  return raw;
}

function usageError(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[\w-]+)/.exec(message)?.[1] ?? 'a flag';
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown flag ${flag} (see --help)`);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return new UsageError(`unexpected argument ${/'([^']*)'/.exec(message)?.[0] ?? ''}: every option is a --flag`);
  }
  if (/does not take an argument/.test(message)) return new UsageError(`${flag}: takes no value`);
  return new UsageError(`${flag}: expected a value after it`);
}

/** Parses the command line; throws {@link UsageError} naming the flag. Paths are made absolute against `cwd`. */
export function parseSetupArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): SetupOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw usageError(error);
  }
  const wheel = value('wheel', values.wheel as string | undefined);
  const python = value('python', values.python as string | undefined);
  if (wheel !== undefined && python !== undefined) {
    throw new UsageError('--wheel and --python: give one source of TensorFlow, not both');
  }
  const version = value('tensorflow-version', values['tensorflow-version'] as string | undefined) ?? TENSORFLOW_VERSION;
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new UsageError(`--tensorflow-version: expected a version such as ${TENSORFLOW_VERSION}, found "${version}"`);
  }
  const cacheDir = value('cache-dir', values['cache-dir'] as string | undefined);
  const options: SetupOptions = {
    gpu: values.gpu === true,
    cacheDir: cacheDir === undefined ? defaultCacheDir(env) : resolve(cwd, cacheDir),
    tensorflowVersion: version,
    check: values.check === true,
    force: values.force === true,
    verbose: values.verbose === true,
    help: values.help === true,
  };
  if (wheel !== undefined) options.wheel = resolve(cwd, wheel);
  // A bare name (python3) is looked up on PATH; a path is made absolute.
  if (python !== undefined) options.python = /[/\\]/.test(python) ? resolve(cwd, python) : python;
  return options;
}
