import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describeErrno, type Lock, LockError, pathExists, type RecoveryReport, recoverLeftovers } from '@mnistkit/fs';
import { RUN_FILES } from '@mnistkit/training';
import { lockRunDirectory } from '@mnistkit/training/node';
import { CliError } from './errors.js';

/** A sortable, filesystem-safe timestamp, e.g. `2025-01-31_12-04-59` (local time: it names a folder for people). */
export function timestampName(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}_` +
    `${p(date.getHours())}-${p(date.getMinutes())}-${p(date.getSeconds())}`
  );
}

/** A fresh run directory path under `root`: the timestamp, with `-2`, `-3`... when two runs start in one second. */
export async function newRunPath(root: string, date = new Date()): Promise<string> {
  const base = join(root, timestampName(date));
  let candidate = base;
  for (let n = 2; await pathExists(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** A run directory this command holds: locked, cleaned of crash leftovers, and what the command created in it. */
export interface OpenRunDirectory {
  /** Absolute path. */
  readonly path: string;
  readonly lock: Lock;
  /** What an earlier, interrupted command left, and what was done about it (in the run folder and checkpoints/). */
  readonly recovered: RecoveryReport;
  /**
   * Removes what this command created (folders and the checkpoints folder, only while empty; never anything
   * recursively), for a run that failed before it recorded anything. Returns the folders it left because something
   * else is in them.
   */
  removeCreated(): Promise<string[]>;
  /** Releases the lock. */
  close(): Promise<void>;
}

function mergeReports(a: RecoveryReport, b: RecoveryReport, prefix: string): RecoveryReport {
  const p = (names: string[]) => names.map((n) => `${prefix}/${n}`);
  return {
    rolledBack: [...a.rolledBack, ...p(b.rolledBack)],
    restored: [...a.restored, ...p(b.restored)],
    removed: [...a.removed, ...p(b.removed)],
    inUse: [...a.inUse, ...p(b.inUse)],
  };
}

/** The folders `mkdir -p path` would create, outermost first. */
async function missingFolders(path: string): Promise<string[]> {
  const missing: string[] = [];
  for (let dir = path; !(await pathExists(dir)); dir = dirname(dir)) {
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  return missing;
}

/**
 * Opens a run directory for this command: creates it for a new run (remembering which folders it made), checks that
 * it is a writable folder, takes its lock (`run.lock`: a second run into the same directory fails at once, naming the
 * one that holds it; a stale lock is replaced and reported), cleans what an interrupted command left, and refuses a
 * new run into a folder that already holds one. Throws {@link CliError} naming `flag` and the path; on failure it
 * has removed what it created.
 */
export async function openRunDirectory(
  dir: string,
  opts: { resuming: boolean; flag: string; command: string },
): Promise<OpenRunDirectory> {
  const { flag } = opts;
  const path = resolve(dir);
  const created = opts.resuming ? [] : await missingFolders(path);
  const removeCreated = async (): Promise<string[]> => {
    const left: string[] = [];
    for (const folder of [...created].reverse()) {
      try {
        await rmdir(folder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') left.push(folder);
      }
    }
    return left;
  };
  let lock: Lock | undefined;
  try {
    try {
      await mkdir(path, { recursive: true });
    } catch (error) {
      throw new CliError(`${flag} ${dir}: cannot create the run directory (${describeErrno(error)})`, {
        cause: error,
      });
    }
    const info = await stat(path);
    if (!info.isDirectory()) throw new CliError(`${flag} ${dir}: expected a folder, found a file`);
    await checkWritable(path, dir, flag);
    try {
      lock = await lockRunDirectory(path, opts.command);
    } catch (error) {
      if (error instanceof LockError) {
        throw new CliError(`${flag} ${dir}: another run is using this run directory (${error.message})`, {
          cause: error,
        });
      }
      throw error;
    }
    if (!opts.resuming && (await pathExists(join(path, RUN_FILES.history)))) {
      throw new CliError(
        `${flag} ${dir}: already holds a run (${RUN_FILES.history}); continue it with --resume ${dir} or choose another --out`,
      );
    }
    const checkpoints = join(path, RUN_FILES.checkpoints);
    const recovered = mergeReports(
      await recoverLeftovers(path),
      await recoverLeftovers(checkpoints),
      RUN_FILES.checkpoints,
    );
    if (!(await pathExists(checkpoints))) {
      await mkdir(checkpoints);
      created.push(checkpoints);
    }
    const held = lock;
    return {
      path,
      lock: held,
      recovered,
      removeCreated,
      close: () => held.release(),
    };
  } catch (error) {
    await lock?.release();
    await removeCreated();
    throw error;
  }
}

/** A probe write catches read-only mounts and ACLs that access() alone can miss. */
async function checkWritable(path: string, dir: string, flag: string): Promise<void> {
  const probe = join(path, `.write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await access(path, constants.W_OK);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new CliError(`${flag} ${dir}: the run directory is not writable (${describeErrno(error)})`, {
      cause: error,
    });
  }
}

/** One line for stderr on what {@link openRunDirectory} cleaned up, or null when there was nothing. */
export function describeRecovery(runDir: string, report: RecoveryReport): string | null {
  const parts: string[] = [];
  if (report.rolledBack.length > 0)
    parts.push(`put back ${report.rolledBack.join(', ')} as before an interrupted save`);
  if (report.restored.length > 0)
    parts.push(`restored ${report.restored.join(', ')} from the copy kept while it was replaced`);
  if (report.removed.length > 0) {
    parts.push(
      `removed ${report.removed.length} temporary file${report.removed.length === 1 ? '' : 's'} of interrupted writes`,
    );
  }
  if (parts.length === 0) return null;
  return `${relative(process.cwd(), runDir) || '.'}: an earlier run was stopped while writing; ${parts.join('; ')}`;
}
