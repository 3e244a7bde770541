import { existsSync, renameSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild, tail } from './child.js';

/** The PyTorch the reference figures were measured with (this machine's local wheel index has it). */
export const TORCH_REQUIREMENT = 'torch==2.13.0+cpu';

/** The tutorial's recipe in PyTorch, a copy of ../shared/reference/pytorch_reference.py. */
export const REFERENCE_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'python', 'pytorch_reference.py');

/** Where the bench keeps what it makes outside the repository: $MNISTKIT_CACHE_DIR, else ~/.cache/mnistkit. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MNISTKIT_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mnistkit');
}

/** The virtual environment the bench makes for PyTorch. */
export function venvPython(cache: string): string {
  return join(cache, 'pytorch-venv', 'bin', 'python');
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
  const venv = venvPython(cacheDir(env));
  for (const [python, source] of [
    [venv, 'the bench venv'],
    ['python3', 'python3 on PATH'],
  ] as const) {
    if (python === venv && !existsSync(venv)) continue;
    const torch = await torchVersion(python);
    if (torch !== null) return { python, torch, source };
  }
  return null;
}

/**
 * Makes the venv with `python3 -m venv` and `pip install torch==2.13.0+cpu numpy` (pip falls back to this machine's
 * local wheel index when PyPI cannot be reached). Built beside its final place and renamed into it only once torch
 * imports, so a failed install leaves nothing half made. Resolves to its Python.
 */
export async function makeTorchVenv(env: NodeJS.ProcessEnv = process.env, log = console.log): Promise<TorchPython> {
  const cache = cacheDir(env);
  const final = join(cache, 'pytorch-venv');
  const building = `${final}.${process.pid}.tmp`;
  await mkdir(cache, { recursive: true });
  log(`PyTorch: making a venv in ${final} (python3 -m venv; pip install ${TORCH_REQUIREMENT} numpy; a few minutes)`);
  try {
    const venv = await runChild('python3', ['-m', 'venv', building]);
    if (venv.code !== 0) throw new Error(`python3 -m venv ${building} failed:\n${tail(venv.stderr)}`);
    const python = join(building, 'bin', 'python');
    const pip = await runChild(python, ['-m', 'pip', 'install', '--quiet', TORCH_REQUIREMENT, 'numpy']);
    if (pip.code !== 0) {
      throw new Error(`pip install ${TORCH_REQUIREMENT} numpy failed (no wheel reachable?):\n${tail(pip.stderr)}`);
    }
    rmSync(final, { recursive: true, force: true });
    renameSync(building, final);
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  const python = venvPython(cache);
  const torch = await torchVersion(python);
  if (torch === null) throw new Error(`${python}: the venv was made but does not import torch`);
  return { python, torch, source: 'the bench venv (new)' };
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
