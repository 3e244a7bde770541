import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { type CommandResult, lastErrorLine, runCommand } from './run-command.js';

/** Where a Python keeps TensorFlow, found without importing it (an import takes seconds and prints to stderr). */
export interface PythonTensorflow {
  /** The Python's own version (`3.11.7`). */
  pythonVersion: string;
  /** The `tensorflow/` package folder, when TensorFlow is installed. */
  tensorflowDir?: string;
  /** The distribution that installed it (`tensorflow`, `tensorflow-cpu`) and its version. */
  distribution?: string;
  version?: string;
}

// find_spec locates the package without running its __init__; packages_distributions maps it to the
// distribution (tensorflow, tensorflow-cpu, tf-nightly …) whose version pip installed.
const PROBE = `
import importlib.util, json, sys
out = {"pythonVersion": sys.version.split()[0]}
spec = importlib.util.find_spec("tensorflow")
if spec is not None and spec.submodule_search_locations:
    out["tensorflowDir"] = list(spec.submodule_search_locations)[0]
    try:
        import importlib.metadata as md
        for name in md.packages_distributions().get("tensorflow", []):
            try:
                out["version"] = md.version(name)
                out["distribution"] = name
                break
            except Exception:
                pass
    except Exception:
        pass
print(json.dumps(out))
`;

/** Asks `python` where its TensorFlow is; throws a one-line CliError naming `--python` when it cannot run. */
export async function probePython(python: string): Promise<PythonTensorflow> {
  const result = await runCommand(python, ['-c', PROBE], { timeoutMs: 60_000 });
  if (result.error !== undefined || result.code !== 0) {
    const why = result.error?.code === 'ENOENT' ? 'no such program' : lastErrorLine(result.stderr || result.stdout);
    throw new CliError(`--python ${python}: cannot run it (${why}); expected a Python 3 with TensorFlow installed`);
  }
  try {
    return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as PythonTensorflow;
  } catch {
    throw new CliError(
      `--python ${python}: expected Python 3 to print its TensorFlow location, found "${result.stdout.trim()}"`,
    );
  }
}

/** The site-packages folder holding `tensorflow/` (and `nvidia/` for CUDA wheels). */
export function sitePackagesOf(tensorflowDir: string): string {
  return dirname(tensorflowDir);
}

/** A way to run pip: the first of `python3 -m pip`, `python -m pip` that answers `--version`; undefined if none. */
export async function findPip(pythons: readonly string[] = ['python3', 'python']): Promise<string[] | undefined> {
  for (const python of pythons) {
    const result = await runCommand(python, ['-m', 'pip', '--version'], { timeoutMs: 60_000 });
    if (result.error === undefined && result.code === 0) return [python, '-m', 'pip'];
  }
  return undefined;
}

/** Result of {@link pipDownload}: the wheel files pip saved, or why it failed. */
export type PipDownload = { ok: true; files: string[] } | { ok: false; reason: string };

/**
 * `pip download --no-deps --only-binary=:all:` of `requirements` into the empty folder `dest`, with pip's own
 * index settings (here: a local wheel index); returns the wheels saved, or pip's last error line.
 */
export async function pipDownload(
  pip: readonly string[],
  requirements: readonly string[],
  dest: string,
  options: { logFile?: string; echo?: boolean } = {},
): Promise<PipDownload> {
  const [command = 'python3', ...prefix] = pip;
  const args = [...prefix, 'download', '--no-deps', '--only-binary=:all:', '--progress-bar', 'off', '--dest', dest];
  const result: CommandResult = await runCommand(command, [...args, ...requirements], options);
  if (result.error !== undefined || result.code !== 0) {
    return { ok: false, reason: lastErrorLine(result.stderr || result.stdout) };
  }
  const files = (await readdir(dest)).filter((name) => name.endsWith('.whl')).map((name) => join(dest, name));
  return { ok: true, files };
}
