import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractMnist } from '@mnistkit/mnist/node';
import { runChild, tail } from './child.js';

/** The PyTorch the reference figures were measured with (this machine's local wheel index has it). */
export const TORCH_REQUIREMENT = 'torch==2.13.0+cpu';

/** The tutorial's recipe in PyTorch, a copy of ../shared/reference/pytorch_reference.py. */
export const REFERENCE_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'python', 'pytorch_reference.py');

/** Where the bench keeps what it makes outside the repository: $MNISTKIT_CACHE_DIR, else ~/.cache/mnistkit. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MNISTKIT_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mnistkit');
}

/** MNIST as pytorch_reference.py reads it (plain IDX files): extracted from @mnistkit/mnist into the cache, checked. */
export async function plainMnistDir(cache = cacheDir()): Promise<string> {
  return extractMnist(join(cache, 'mnist-idx'));
}

/** The repository's Python environment script: it makes the venv and is the one place that says where it is. */
export const PYTHON_ENV_SCRIPT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'scripts',
  'python-env.sh',
);

/** The Python of the repository's venv (`scripts/python-env.sh --where`), made or not. */
export async function venvPython(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const r = await runChild('bash', [PYTHON_ENV_SCRIPT, '--where'], { env });
  if (r.code !== 0) throw new Error(`${PYTHON_ENV_SCRIPT} --where failed:\n${tail(r.stderr)}`);
  return r.stdout.trim();
}

/** torch's version in `python`, or null when it cannot import torch (or does not run). */
export async function torchVersion(python: string): Promise<string | null> {
  try {
    const r = await runChild(python, ['-c', 'import torch; print(torch.__version__)']);
    return r.code === 0 ? r.stdout.trim() : null;
  } catch {
    return null;
  }
}

/** A Python that imports torch. */
export interface TorchPython {
  python: string;
  torch: string;
  /** Where it was found: MNISTKIT_PYTHON, the bench's venv, or python3 on PATH. */
  source: string;
}

/**
 * Finds a Python with torch: $MNISTKIT_PYTHON (an error when it has none: the user asked for it), the venv this bench
 * made before, or `python3` on PATH. Null when none has torch.
 */
export async function findTorchPython(env: NodeJS.ProcessEnv = process.env): Promise<TorchPython | null> {
  if (env.MNISTKIT_PYTHON) {
    const torch = await torchVersion(env.MNISTKIT_PYTHON);
    if (torch === null) {
      throw new Error(
        `MNISTKIT_PYTHON: expected a Python that imports torch, found '${env.MNISTKIT_PYTHON}' without it`,
      );
    }
    return { python: env.MNISTKIT_PYTHON, torch, source: 'MNISTKIT_PYTHON' };
  }
  const venv = await venvPython(env);
  for (const [python, source] of [
    [venv, "the repository's venv"],
    ['python3', 'python3 on PATH'],
  ] as const) {
    if (python === venv && !existsSync(venv)) continue;
    const torch = await torchVersion(python);
    if (torch !== null) return { python, torch, source };
  }
  return null;
}

/**
 * Makes the repository's venv with `scripts/python-env.sh torch` (`python3 -m venv`, pip install torch==2.13.0+cpu
 * numpy safetensors; pip falls back to this machine's local wheel index when PyPI cannot be reached; the script
 * renames a new venv into place only once torch imports). Resolves to its Python.
 */
export async function makeTorchVenv(env: NodeJS.ProcessEnv = process.env, log = console.log): Promise<TorchPython> {
  const python = await venvPython(env);
  log(
    `PyTorch: making the venv of ${python} (scripts/python-env.sh torch: pip install ${TORCH_REQUIREMENT}; a minute or more)`,
  );
  const made = await runChild('bash', [PYTHON_ENV_SCRIPT, 'torch'], { env });
  if (made.code !== 0) {
    throw new Error(`scripts/python-env.sh torch exited ${made.code} (no wheel reachable?):\n${tail(made.stderr)}`);
  }
  const torch = await torchVersion(python);
  if (torch === null) throw new Error(`${python}: the venv was made but does not import torch`);
  return { python, torch, source: "the repository's venv (new)" };
}

/** What the reference script printed that the bench uses. */
export interface ReferenceOutput {
  torch?: string;
  /** Training samples/s of each epoch, and its seconds, loss and accuracy (percent). */
  epochs: { samplesPerSecond: number; seconds: number; loss: number; accuracy: number }[];
  /** Test accuracy in percent after training. */
  testAccuracy?: number;
  /** Inference samples/s by evaluation batch size (second, warm pass). */
  inference: Map<number, number>;
  trainSeconds?: number;
  totalSeconds?: number;
}

/** Parses pytorch_reference.py's stdout (see its print statements). */
export function parseReference(stdout: string): ReferenceOutput {
  const out: ReferenceOutput = { epochs: [], inference: new Map() };
  for (const line of stdout.split('\n')) {
    let m = /^torch (\S+) threads=/.exec(line);
    if (m) out.torch = m[1];
    m = /^epoch \d+: loss=([\d.]+) train_acc=([\d.]+)% time=([\d.]+)s samples\/s=(\d+)/.exec(line);
    if (m) {
      out.epochs.push({
        loss: Number(m[1]),
        accuracy: Number(m[2]),
        seconds: Number(m[3]),
        samplesPerSecond: Number(m[4]),
      });
    }
    m = /^test_acc=([\d.]+)%/.exec(line);
    if (m) out.testAccuracy = Number(m[1]);
    m = /^eval batch (\d+): [\d.]+s eval_samples\/s=(\d+)/.exec(line);
    if (m) out.inference.set(Number(m[1]), Number(m[2]));
    m = /^train_time=([\d.]+)s total_time=([\d.]+)s/.exec(line);
    if (m) {
      out.trainSeconds = Number(m[1]);
      out.totalSeconds = Number(m[2]);
    }
  }
  return out;
}
