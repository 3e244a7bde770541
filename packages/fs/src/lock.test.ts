import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, LockError } from './lock.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnistkit-fs-lock-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The id of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

async function lockError(path: string, options = {}): Promise<LockError> {
  const error = await acquireLock(path, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LockError);
  return error as LockError;
}

describe('acquireLock', () => {
  it('creates the lock file holding pid and host; a second taker fails at once naming the holder', async () => {
    const path = join(root, 'run.lock');
    const lock = await acquireLock(path, { command: 'mnistkit-train --out a' });
    const content = JSON.parse(await readFile(path, 'utf8'));
    expect(content).toMatchObject({ pid: process.pid, host: hostname(), command: 'mnistkit-train --out a' });
    expect(lock.replacedStale).toBeNull();
    const error = await lockError(path);
    expect(error.message).toMatch(
      new RegExp(`^${path}: locked by process ${process.pid} on this host since \\S+ \\(mnistkit-train --out a\\)$`),
    );
    expect(error.stale).toBe(false);
    await lock.release();
    expect(await readdir(root)).toEqual([]);
    const again = await acquireLock(path);
    await again.release();
  });

  it('replaces a stale lock (this host, process not running) and reports it; or refuses when asked to', async () => {
    const path = join(root, 'stale.lock');
    const stale = { pid: deadPid(), host: hostname(), startedAt: '2025-01-01T00:00:00.000Z', id: 'abc' };
    await writeFile(path, JSON.stringify(stale));
    const refused = await lockError(path, { replaceStale: false });
    expect(refused.stale).toBe(true);
    expect(refused.message).toMatch(/not running: a stale lock; remove the file\)$/);
    const lock = await acquireLock(path);
    expect(lock.replacedStale).toEqual(stale);
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(root)).toEqual([]);
  });

  it('treats a lock of this very process id from an earlier process as stale (containers reuse ids)', async () => {
    const path = join(root, 'reused.lock');
    await writeFile(path, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'then', id: 'earlier' }));
    const lock = await acquireLock(path);
    expect(lock.replacedStale?.id).toBe('earlier');
    await lock.release();
  });

  it('never takes a lock of another host, or one it cannot read', async () => {
    const path = join(root, 'other.lock');
    await writeFile(path, JSON.stringify({ pid: deadPid(), host: 'elsewhere', startedAt: 'then', id: 'x' }));
    const error = await lockError(path);
    expect(error.stale).toBe(false);
    expect(error.message).toMatch(/locked by process \d+ on host elsewhere since then$/);
    await writeFile(path, '');
    expect((await lockError(path)).message).toMatch(/does not say by whom/);
    await rm(path);
  });

  it('release leaves a lock that is no longer its own', async () => {
    const path = join(root, 'taken.lock');
    const lock = await acquireLock(path);
    const other = JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: 'now', id: 'other' });
    await writeFile(path, other);
    await lock.release();
    expect(await readFile(path, 'utf8')).toBe(other);
    await rm(path);
  });

  it('is removed when the process exits without releasing it', async () => {
    const path = join(root, 'exit.lock');
    const before = new Set(process.listeners('exit'));
    const lock = await acquireLock(path);
    const added = process.listeners('exit').filter((l) => !before.has(l));
    expect(added).toHaveLength(1);
    (added[0] as (code: number) => void)(0);
    expect(await readdir(root)).not.toContain('exit.lock');
    await lock.release();
    expect(process.listeners('exit')).toHaveLength(before.size);
  });
});
