import { lstat, readFile, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fsyncDirectory, tempName, writeFileAtomic } from '@mnistkit/fs';
import { LATEST_NAME, RUN_FILES } from './run-files.js';

/** What `latest` is in a folder: the trainer's pointer to a run (by folder name), something else, or nothing. */
export type LatestPointer =
  | { kind: 'none' }
  | { kind: 'pointer'; run: string; as: 'symlink' | 'file' }
  | { kind: 'other'; reason: string };

const POINTER_MAX_BYTES = 4096;

async function isRunDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, RUN_FILES.history))).isFile();
  } catch {
    return false;
  }
}

/** A run folder's name as the trainer writes it: one path component, no separators. */
function isPlainName(name: string): boolean {
  return (
    name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes(sep) && !name.includes('\n')
  );
}

/**
 * Reads `<parent>/latest`. It is the trainer's pointer when it is a symlink to a folder name next to it, or a small
 * text file holding such a name whose folder is a run (holds history.json); anything else is `other`, never the
 * trainer's to replace.
 */
export async function readLatestPointer(parent: string): Promise<LatestPointer> {
  const path = join(parent, LATEST_NAME);
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(path);
  } catch {
    return { kind: 'none' };
  }
  if (info.isSymbolicLink()) {
    const target = await readlink(path);
    if (isPlainName(target)) return { kind: 'pointer', run: resolve(parent, target), as: 'symlink' };
    return { kind: 'other', reason: `a symlink to ${target}, not to a run folder next to it` };
  }
  if (info.isFile() && info.size <= POINTER_MAX_BYTES) {
    const name = (await readFile(path, 'utf8')).trim();
    if (isPlainName(name) && (await isRunDirectory(join(parent, name)))) {
      return { kind: 'pointer', run: resolve(parent, name), as: 'file' };
    }
    return { kind: 'other', reason: 'a file that does not name a run folder next to it' };
  }
  return { kind: 'other', reason: info.isDirectory() ? 'a folder' : 'not a pointer file' };
}

/**
 * Points `<parent of runDir>/latest` at `runDir`: a relative symlink swapped in with a rename (a small text file
 * holding the folder's name where symlinks are not allowed). Only the trainer's own pointer, or nothing, is
 * replaced: returns `{ updated: false, reason }` for a `latest` that is something else (a user's file or folder).
 */
export async function updateLatest(runDir: string): Promise<{ updated: boolean; reason?: string }> {
  const parent = dirname(resolve(runDir));
  const latest = join(parent, LATEST_NAME);
  const current = await readLatestPointer(parent);
  if (current.kind === 'other') return { updated: false, reason: current.reason };
  const target = basename(resolve(runDir));
  const tmp = join(parent, tempName(LATEST_NAME, 'tmp'));
  try {
    await symlink(target, tmp, 'dir');
    await rename(tmp, latest);
    await fsyncDirectory(parent);
  } catch {
    await rm(tmp, { force: true });
    await writeFileAtomic(latest, `${target}\n`);
  }
  return { updated: true };
}

/** The run directory `<parent>/latest` points at, or null when there is no trainer's pointer. */
export async function readLatest(parent: string): Promise<string | null> {
  const pointer = await readLatestPointer(parent);
  return pointer.kind === 'pointer' ? pointer.run : null;
}

/**
 * The run directory a path names: `path` itself, or, when `path` is a `latest` pointer (e.g. `runs/latest`), the
 * run it points at. Absolute.
 */
export async function resolveRunDirectory(path: string): Promise<string> {
  const absolute = resolve(path);
  if (basename(absolute) === LATEST_NAME) {
    const pointer = await readLatestPointer(dirname(absolute));
    if (pointer.kind === 'pointer') return pointer.run;
  }
  return absolute;
}
