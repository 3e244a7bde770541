import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from './errors.js';
import {
  formatJson,
  newRunPath,
  prepareRunDir,
  readJson,
  readLatest,
  timestampName,
  updateLatest,
  writeJsonAtomic,
} from './run-dir.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnistkit-rundir-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('run directories', () => {
  it('names runs by a sortable timestamp and never reuses one', async () => {
    const date = new Date(2025, 0, 31, 9, 4, 5);
    expect(timestampName(date)).toBe('2025-01-31_09-04-05');
    const first = await newRunPath(root, date);
    await mkdir(first);
    expect(await newRunPath(root, date)).toBe(`${first}-2`);
  });

  it('creates the folder with checkpoints/ and refuses one that already holds a run', async () => {
    const dir = join(root, 'a', 'b');
    await prepareRunDir(dir, { resuming: false });
    expect((await lstat(join(dir, 'checkpoints'))).isDirectory()).toBe(true);
    await writeFile(join(dir, 'history.json'), '{}');
    await expect(prepareRunDir(dir, { resuming: false })).rejects.toThrow(/already holds a run.*--resume/);
    await expect(prepareRunDir(dir, { resuming: true })).resolves.toBe(dir);
  });

  it('names --out when the folder cannot be created', async () => {
    const file = join(root, 'file.txt');
    await writeFile(file, 'x');
    const error = await prepareRunDir(join(file, 'run'), { resuming: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(/^--out .*file\.txt\/run: cannot create the run directory \(/);
    await expect(prepareRunDir(file, { resuming: false })).rejects.toThrow(/cannot create|expected a folder/);
  });

  it('writes JSON atomically, leaving no temporary files', async () => {
    const path = join(root, 'h.json');
    await writeJsonAtomic(path, { a: 1 });
    await writeJsonAtomic(path, { a: 2 });
    expect(await readJson(path, 'history')).toEqual({ a: 2 });
    expect(await readdir(root)).toEqual(['h.json']);
    await writeFile(join(root, 'bad.json'), '{');
    await expect(readJson(join(root, 'bad.json'), '--resume')).rejects.toThrow(/bad\.json: expected JSON/);
  });

  it('keeps number arrays on one line and round-trips', () => {
    const value = {
      m: [
        [1, 2],
        [3, 4],
      ],
      a: [0.5, null, -1e-7],
      s: ['x', 'y'],
    };
    const text = formatJson(value);
    expect(text).toContain('[1, 2]');
    expect(text).toContain('[0.5, null, -1e-7]');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('points latest at the newest run', async () => {
    const one = join(root, 'one');
    const two = join(root, 'two');
    await mkdir(one);
    await mkdir(two);
    expect(await readLatest(root)).toBeNull();
    await updateLatest(one);
    expect(await readLatest(root)).toBe(one);
    await updateLatest(two);
    expect(await readLatest(root)).toBe(two);
    expect((await lstat(join(root, 'latest'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(root, 'latest', '..', 'latest'), 'utf8').catch(() => 'dir')).toBe('dir');
  });
});
