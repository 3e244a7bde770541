import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FsError } from './errors.js';
import { faults } from './test-utils/faults.js';
import { writeFileAtomic, writeJsonAtomic } from './write-file.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const { faultyFs } = await import('./test-utils/faults.js');
  return faultyFs(await importOriginal());
});

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnistkit-fs-write-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => faults.reset());

describe('writeFileAtomic', () => {
  it('writes a temporary file in the same folder, flushes it, renames it over the file, then flushes the folder', async () => {
    const path = join(root, 'a.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, new TextEncoder().encode('two'));
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(root)).toEqual(['a.json']);
    const steps = faults.log.slice(-5).map((l) => l.replace(/\.a\.json\.tmp-\d+-[0-9a-f]{8}/, '<tmp>'));
    expect(steps).toEqual([
      `open:wx ${join(root, '<tmp>')}`,
      `writeFile ${join(root, '<tmp>')}`,
      `sync ${join(root, '<tmp>')}`,
      `rename ${join(root, '<tmp>')}`,
      `sync ${root}`,
    ]);
  });

  it('leaves the old file whole when a write fails, removes its temporary file, and names the file', async () => {
    const path = join(root, 'b.txt');
    await writeFileAtomic(path, 'before');
    faults.failAt = faults.calls + 2; // the write into the temporary file
    faults.failCode = 'ENOSPC';
    const error = await writeFileAtomic(path, 'after').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FsError);
    expect((error as FsError).message).toBe(`${path}: cannot write it (no space left on the device)`);
    expect((error as FsError).code).toBe('ENOSPC');
    expect(await readFile(path, 'utf8')).toBe('before');
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('after a crash at any step, the file is the old or the new one, and only a temporary file is left', async () => {
    const dir = join(root, 'crash');
    await mkdir(dir);
    const path = join(dir, 'c.txt');
    for (let crashAt = 0; crashAt < 6; crashAt++) {
      await writeFile(path, 'old');
      faults.reset();
      faults.crashAfter = crashAt;
      await writeFileAtomic(path, 'new').catch(() => {});
      faults.reset();
      expect(['old', 'new']).toContain(await readFile(path, 'utf8'));
      expect((await readdir(dir)).filter((n) => n !== 'c.txt').every((n) => /^\.c\.txt\.tmp-/.test(n))).toBe(true);
      await rm(dir, { recursive: true });
      await mkdir(dir);
    }
  });

  it('a folder where the file should be is an error naming the path', async () => {
    const path = join(root, 'dir-in-the-way');
    await mkdir(path);
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow(`${path}: cannot write it (`);
    expect((await readdir(root)).filter((n) => n.startsWith('.dir-in-the-way'))).toEqual([]);
  });
});

describe('writeJsonAtomic', () => {
  it('writes indented JSON with a final newline, or as the caller formats it', async () => {
    const path = join(root, 'v.json');
    await writeJsonAtomic(path, { a: [1, 2] });
    expect(await readFile(path, 'utf8')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}\n');
    await writeJsonAtomic(path, { a: 1 }, { stringify: (v) => JSON.stringify(v) });
    expect(await readFile(path, 'utf8')).toBe('{"a":1}');
  });
});
