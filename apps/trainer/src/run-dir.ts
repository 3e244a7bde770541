import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, lstat, mkdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { writeFileAtomic, writeJsonAtomic as writeJson } from '@mnistkit/fs';
import { CliError } from './errors.js';

/** Names of everything a run directory holds (documented in README.md). */
export const RUN_FILES = {
  model: 'model',
  checkpoints: 'checkpoints',
  history: 'history.json',
  metrics: 'metrics.json',
  curvesSvg: 'curves.svg',
  curvesPng: 'curves.png',
  confusionSvg: 'confusion.svg',
  confusionPng: 'confusion.png',
  misclassified: 'misclassified.png',
} as const;

/** The folder, next to the runs, that `latest` lives in by default. */
export const DEFAULT_RUNS_ROOT = 'runs';
/** Name of the pointer to the newest run, kept next to the run directories. */
export const LATEST_NAME = 'latest';

/** A sortable, filesystem-safe timestamp, e.g. `2025-01-31_12-04-59` (local time: it names a folder for people). */
export function timestampName(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}_` +
    `${p(date.getHours())}-${p(date.getMinutes())}-${p(date.getSeconds())}`
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** A fresh run directory path under `root`: the timestamp, with `-2`, `-3`... when two runs start in one second. */
export async function newRunPath(root: string, date = new Date()): Promise<string> {
  const base = join(root, timestampName(date));
  let candidate = base;
  for (let n = 2; await exists(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a file with that name exists',
    ENOSPC: 'no space left on the device',
  };
  return (e.code && reasons[e.code]) ?? e.message ?? String(error);
}

/**
 * Creates (if needed) and checks a run directory: it must be a folder we can write to, and must not already hold
 * another run unless we are resuming it. Throws {@link CliError} naming `--out` and the path.
 */
export async function prepareRunDir(dir: string, opts: { resuming: boolean; flag?: string }): Promise<string> {
  const flag = opts.flag ?? '--out';
  const path = resolve(dir);
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    throw new CliError(`${flag} ${dir}: cannot create the run directory (${describeFsError(error)})`, { cause: error });
  }
  const info = await stat(path);
  if (!info.isDirectory()) throw new CliError(`${flag} ${dir}: expected a folder, found a file`);
  // A probe write catches read-only mounts and ACLs that access() alone can miss.
  const probe = join(path, `.write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await access(path, constants.W_OK);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new CliError(`${flag} ${dir}: the run directory is not writable (${describeFsError(error)})`, {
      cause: error,
    });
  }
  if (!opts.resuming && (await exists(join(path, RUN_FILES.history)))) {
    throw new CliError(
      `${flag} ${dir}: already holds a run (${RUN_FILES.history}); continue it with --resume ${dir} or choose another --out`,
    );
  }
  await mkdir(join(path, RUN_FILES.checkpoints), { recursive: true });
  return path;
}

const NUMBER_ARRAY = /\[\n\s*((?:-?[\d.eE+-]+|null)(?:,\n\s*(?:-?[\d.eE+-]+|null))*)\n\s*\]/g;

/** JSON indented by two spaces, except that arrays of numbers stay on one line (a confusion-matrix row per line). */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(NUMBER_ARRAY, (_m, inner: string) => `[${inner.replace(/,\n\s*/g, ', ')}]`)}\n`;
}

/** Writes {@link formatJson} JSON atomically and durably. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeJson(path, value, { stringify: formatJson });
}

/** Reads and parses a JSON file; throws {@link CliError} naming the file when it is missing or not JSON. */
export async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`${what} ${path}: cannot read it (${describeFsError(error)})`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${what} ${path}: expected JSON, found a file that does not parse`, { cause: error });
  }
}

/**
 * Points `<parent of runDir>/latest` at `runDir`: a relative symlink, swapped in atomically with a rename. Where
 * symlinks are not allowed (some Windows setups) `latest` becomes a small text file holding the run's folder name.
 * A `latest` that is a real folder is left alone (returns false): it is not ours to replace.
 */
export async function updateLatest(runDir: string): Promise<boolean> {
  const parent = dirname(resolve(runDir));
  const latest = join(parent, LATEST_NAME);
  const target = relative(parent, resolve(runDir));
  try {
    const info = await lstat(latest);
    if (info.isDirectory()) return false;
  } catch {
    // No latest yet: create it.
  }
  const tmp = join(parent, `.${LATEST_NAME}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await symlink(target, tmp, 'dir');
    await rename(tmp, latest);
  } catch {
    await rm(tmp, { force: true });
    await writeFileAtomic(latest, `${target}\n`);
  }
  return true;
}

/** Resolves what `latest` points at (symlink or pointer file), or null when there is none. */
export async function readLatest(parent: string): Promise<string | null> {
  const latest = join(parent, LATEST_NAME);
  try {
    const info = await lstat(latest);
    if (info.isSymbolicLink()) return resolve(parent, await readlink(latest));
    if (info.isFile()) return resolve(parent, (await readFile(latest, 'utf8')).trim());
  } catch {
    // No pointer.
  }
  return null;
}
