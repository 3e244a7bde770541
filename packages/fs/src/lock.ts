import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fsyncDirectory } from './durable.js';
import { FsError } from './errors.js';
import { isProcessAlive } from './process-alive.js';
import { tempName } from './temp-names.js';

/** Who holds a lock: the lock file's content. */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO 8601 time the lock was taken. */
  startedAt: string;
  /** Random id of this lock, so a process never removes a lock it does not hold. */
  id: string;
  /** What the owner is doing, for messages (e.g. `mnistkit-train --out runs/a`). */
  command?: string;
}

/** An exclusive lock held by this process; {@link Lock.release} it when done (it is also removed at exit). */
export interface Lock {
  readonly path: string;
  readonly owner: LockOwner;
  /** The owner of a stale lock this one replaced (same host, process not running), or null. */
  readonly replacedStale: LockOwner | null;
  /** Removes the lock file if it is still this lock's. */
  release(): Promise<void>;
}

/** A lock that could not be taken: `owner` holds it (null when its file cannot be read); `stale` when not running. */
export class LockError extends FsError {
  override readonly name = 'LockError';
  constructor(
    path: string,
    message: string,
    readonly owner: LockOwner | null,
    readonly stale: boolean,
  ) {
    super(path, message, { code: 'ELOCKED' });
  }
}

/** Options of {@link acquireLock}. */
export interface AcquireLockOptions {
  /** Recorded in the lock file for messages. */
  command?: string;
  /** Replace a stale lock (same host, process not running) instead of failing; default true. */
  replaceStale?: boolean;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isSafeInteger(o.pid) && typeof o.host === 'string' && typeof o.id === 'string') return o as LockOwner;
  } catch {
    // Not a lock this package wrote.
  }
  return null;
}

/** Ids of the locks this process holds: a lock with this process's id but another lock id is an earlier process's. */
const held = new Set<string>();

/**
 * Whether `owner` is surely gone: it ran on this host and its process is not running, or it names this process's id
 * without being one of its locks (an earlier process had the same id, as happens in containers).
 */
export function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return !held.has(owner.id);
  return !isProcessAlive(owner.pid);
}

function describeOwner(owner: LockOwner): string {
  const what = owner.command ? ` (${owner.command})` : '';
  return `process ${owner.pid} on ${owner.host === hostname() ? 'this host' : `host ${owner.host}`} since ${owner.startedAt}${what}`;
}

async function readOwner(path: string): Promise<LockOwner | null | undefined> {
  try {
    return parseOwner(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw FsError.from(path, 'read the lock file', error);
  }
}

/**
 * Moves the stale lock `owner` holds out of the way. Another process may have replaced it meanwhile: the moved file
 * is checked, and a lock that is not the stale one is put back (then held by that process: a LockError).
 */
async function removeStale(path: string, owner: LockOwner): Promise<void> {
  const aside = join(dirname(path), tempName(basename(path), 'del'));
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw FsError.from(path, 'remove the stale lock', error);
  }
  const moved = await readOwner(aside);
  if (moved && moved.id !== owner.id) {
    await link(aside, path).catch(() => {});
    await unlink(aside).catch(() => {});
    throw new LockError(path, `locked by ${describeOwner(moved)}`, moved, false);
  }
  await unlink(aside).catch(() => {});
}

/**
 * Takes the lock file `path` for this process: created exclusively (`wx`), holding pid, host, time and an id, and
 * flushed to disk. When it exists, a stale lock (its host is this one and its process is not running) is replaced
 * (reported in `replacedStale`) unless `replaceStale: false`; otherwise throws {@link LockError} naming who holds it.
 * The lock is released by {@link Lock.release} or, failing that, when the process exits.
 */
export async function acquireLock(path: string, options: AcquireLockOptions = {}): Promise<Lock> {
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    id: randomBytes(8).toString('hex'),
    ...(options.command === undefined ? {} : { command: options.command }),
  };
  let replacedStale: LockOwner | null = null;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(owner)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsyncDirectory(dirname(path));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw FsError.from(path, 'create the lock file', error);
    }
    const holder = await readOwner(path);
    if (holder === undefined && attempt < 3) continue;
    if (!holder) {
      throw new LockError(
        path,
        'locked, but the lock file does not say by whom (it is empty or not a lock); if nothing is using this folder, remove the file',
        null,
        false,
      );
    }
    const stale = isStale(holder);
    if (!stale || options.replaceStale === false || attempt >= 3) {
      const hint = stale ? ' (that process is not running: a stale lock; remove the file)' : '';
      throw new LockError(path, `locked by ${describeOwner(holder)}${hint}`, holder, stale);
    }
    await removeStale(path, holder);
    replacedStale = holder;
  }
  const releaseAtExit = () => {
    try {
      if (parseOwner(readFileSync(path, 'utf8'))?.id === owner.id) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', releaseAtExit);
  held.add(owner.id);
  return {
    path,
    owner,
    replacedStale,
    async release() {
      process.off('exit', releaseAtExit);
      held.delete(owner.id);
      const current = await readOwner(path).catch(() => null);
      if (current?.id !== owner.id) return;
      await unlink(path).catch(() => {});
      await fsyncDirectory(dirname(path)).catch(() => {});
    },
  };
}
