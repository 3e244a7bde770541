import { lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLatest, readLatestPointer, resolveRunDirectory, updateLatest } from './latest.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnistkit-latest-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir);
  await writeFile(join(dir, 'history.json'), '{}');
  return dir;
}

describe('the latest pointer', () => {
  it('points at the newest run with a relative symlink, and resolves runs/latest to the run', async () => {
    const one = await run('one');
    const two = await run('two');
    expect(await readLatest(root)).toBeNull();
    expect(await updateLatest(one)).toEqual({ updated: true });
    expect(await readLatest(root)).toBe(one);
    await updateLatest(two);
    expect(await readlink(join(root, 'latest'))).toBe('two');
    expect(await resolveRunDirectory(join(root, 'latest'))).toBe(two);
    expect(await resolveRunDirectory(one)).toBe(one);
  });

  it('reads and replaces the pointer file written where symlinks are not allowed', async () => {
    const one = await run('one');
    const two = await run('two');
    await writeFile(join(root, 'latest'), 'one\n');
    expect(await readLatestPointer(root)).toEqual({ kind: 'pointer', run: one, as: 'file' });
    expect(await updateLatest(two)).toEqual({ updated: true });
    expect(await readLatest(root)).toBe(two);
  });

  it('never replaces a latest that is not its own: a user file, a folder, a symlink elsewhere', async () => {
    const one = await run('one');
    await writeFile(join(root, 'latest'), 'my notes about the latest experiment\n');
    expect(await updateLatest(one)).toEqual({
      updated: false,
      reason: 'a file that does not name a run folder next to it',
    });
    expect(await readFile(join(root, 'latest'), 'utf8')).toBe('my notes about the latest experiment\n');
    // A file naming a folder that is not a run is not a pointer either.
    await mkdir(join(root, 'photos'));
    await writeFile(join(root, 'latest'), 'photos\n');
    expect((await updateLatest(one)).updated).toBe(false);
    await rm(join(root, 'latest'));
    await mkdir(join(root, 'latest'));
    expect(await updateLatest(one)).toEqual({ updated: false, reason: 'a folder' });
    await rm(join(root, 'latest'), { recursive: true });
    await symlink('/etc', join(root, 'latest'));
    expect((await updateLatest(one)).updated).toBe(false);
    expect(await readlink(join(root, 'latest'))).toBe('/etc');
    expect(await resolveRunDirectory(join(root, 'latest'))).toBe(join(root, 'latest'));
    expect((await lstat(join(root, 'latest'))).isSymbolicLink()).toBe(true);
  });
});
