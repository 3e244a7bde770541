import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from './errors.js';
import { describeRecovery, newRunPath, openRunDirectory, timestampName } from './run-dir.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnistkit-rundir-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const NEW = { resuming: false, flag: '--out', command: 'test' };

async function openError(dir: string, opts = NEW): Promise<string> {
  const error = await openRunDirectory(dir, opts).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  return (error as Error).message;
}

describe('run directories', () => {
  it('names runs by a sortable timestamp and never reuses one', async () => {
    const date = new Date(2025, 0, 31, 9, 4, 5);
    expect(timestampName(date)).toBe('2025-01-31_09-04-05');
    const first = await newRunPath(root, date);
    await mkdir(first);
    expect(await newRunPath(root, date)).toBe(`${first}-2`);
  });

  it('creates the folder with checkpoints/, locks it, and takes back only what it created', async () => {
    const dir = join(root, 'a', 'b');
    const open = await openRunDirectory(dir, NEW);
    expect((await readdir(dir)).sort()).toEqual(['checkpoints', 'run.lock']);
    // Someone else's file in a folder it made: that folder stays, and is reported.
    await writeFile(join(root, 'a', 'notes.txt'), 'mine');
    await open.close();
    expect(await open.removeCreated()).toEqual([join(root, 'a')]);
    expect(await readdir(root)).toEqual(['a']);
    expect(await readdir(join(root, 'a'))).toEqual(['notes.txt']);
  });

  it('lets one run at a time into a directory, and refuses a new run into one that holds a run', async () => {
    const dir = join(root, 'run');
    const first = await openRunDirectory(dir, NEW);
    expect(await openError(dir)).toMatch(
      new RegExp(
        `^--out ${dir}: another run is using this run directory \\(.*run\\.lock: locked by process ${process.pid} on this host since `,
      ),
    );
    await writeFile(join(dir, 'history.json'), '{}');
    await first.close();
    expect(await openError(dir)).toMatch(/already holds a run .*--resume/);
    const resumed = await openRunDirectory(dir, { ...NEW, resuming: true });
    await resumed.close();
  });

  it('replaces a stale lock and cleans what a crash left, reporting both', async () => {
    const dir = join(root, 'crashed');
    await mkdir(join(dir, 'checkpoints'), { recursive: true });
    await writeFile(join(dir, 'history.json'), '{}');
    const dead = { pid: 999_999_999, host: hostname(), startedAt: 'earlier', id: 'x' };
    await writeFile(join(dir, 'run.lock'), JSON.stringify(dead));
    await writeFile(join(dir, `.history.json.tmp-${dead.pid}-0123abcd`), '{"half');
    await mkdir(join(dir, 'checkpoints', `.epoch-0002-step-00000.tmp-${dead.pid}-0123abcd`));
    const open = await openRunDirectory(dir, { ...NEW, resuming: true });
    expect(open.lock.replacedStale).toMatchObject({ pid: dead.pid });
    expect(open.recovered.removed.sort()).toEqual([
      `.history.json.tmp-${dead.pid}-0123abcd`,
      `checkpoints/.epoch-0002-step-00000.tmp-${dead.pid}-0123abcd`,
    ]);
    expect(describeRecovery(dir, open.recovered)).toMatch(
      /an earlier run was stopped while writing; removed 2 temporary files/,
    );
    await open.close();
    expect((await readdir(dir)).sort()).toEqual(['checkpoints', 'history.json']);
  });

  it('names --out when the folder cannot be created or is a file', async () => {
    const file = join(root, 'file.txt');
    await writeFile(file, 'x');
    expect(await openError(join(file, 'run'))).toMatch(/^--out .*file\.txt\/run: cannot create the run directory \(/);
    expect(await openError(file)).toMatch(/cannot create|expected a folder/);
  });
});
