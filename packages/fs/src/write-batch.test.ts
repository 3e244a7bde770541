import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FsError } from './errors.js';
import { recoverLeftovers } from './recover.js';
import { faults } from './test-utils/faults.js';
import { removeDirectory, replaceDirectory, WriteBatch } from './write-batch.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const { faultyFs } = await import('./test-utils/faults.js');
  return faultyFs(await importOriginal());
});

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnistkit-fs-batch-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => faults.reset());

/** A folder's content: file → text, sub-folder → its content; hidden entries included. */
async function snapshot(dir: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out[entry.name] = entry.isDirectory() ? await snapshot(path) : await readFile(path, 'utf8');
  }
  return out;
}

/** The "old" state of a run-like folder: a model directory, a JSON record, a chart. */
async function makeOld(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'model'), { recursive: true });
  await writeFile(join(dir, 'model', 'model.json'), 'old model');
  await writeFile(join(dir, 'model', 'weights.bin'), 'old weights');
  await writeFile(join(dir, 'history.json'), 'old history');
  await writeFile(join(dir, 'keep.txt'), 'not in the batch');
}

const OLD = {
  model: { 'model.json': 'old model', 'weights.bin': 'old weights' },
  'history.json': 'old history',
  'keep.txt': 'not in the batch',
};
const NEW = {
  model: { 'model.json': 'new model', 'weights.bin': 'new weights' },
  'history.json': 'new history',
  'chart.svg': 'new chart',
  'keep.txt': 'not in the batch',
};

function newBatch(dir: string): WriteBatch {
  return new WriteBatch(dir)
    .directory('model', { 'model.json': 'new model', 'weights.bin': 'new weights' })
    .file('chart.svg', 'new chart')
    .file('history.json', 'new history');
}

describe('WriteBatch', () => {
  it('replaces files and directories together and leaves nothing else behind', async () => {
    const dir = join(root, 'plain');
    await makeOld(dir);
    await newBatch(dir).commit();
    expect(await snapshot(dir)).toEqual(NEW);
  });

  it('a failure at any step leaves the folder exactly as it was, and names the entry', async () => {
    const dir = join(root, 'failing');
    await makeOld(dir);
    await newBatch(dir).commit();
    const steps = faults.calls;
    for (let failAt = 1; failAt <= steps; failAt++) {
      faults.reset();
      await makeOld(dir);
      faults.reset();
      faults.failAt = failAt;
      const error = await newBatch(dir)
        .commit()
        .catch((e: unknown) => e);
      if (faults.log.some((l) => l.startsWith('unlink') && l.includes('.batch.journal-'))) {
        // Failed after the batch took effect (removing the old copies): it is the new state, and said so.
        expect(await snapshot(dir), `fail at ${failAt}: ${faults.log.at(-1)}`).toMatchObject(NEW);
        continue;
      }
      expect(error, `fail at ${failAt}`).toBeInstanceOf(FsError);
      expect((error as FsError).message).toMatch(new RegExp(`^${dir}`));
      expect(await snapshot(dir), `fail at ${failAt}: ${faults.log.at(-1)}`).toEqual(OLD);
    }
  });

  it('after a crash at any step, recovery leaves all the old entries or all the new ones, and no leftovers', async () => {
    const dir = join(root, 'crashing');
    await makeOld(dir);
    await newBatch(dir).commit();
    const steps = faults.calls;
    const seen = new Set<string>();
    for (let crashAfter = 0; crashAfter <= steps; crashAfter++) {
      faults.reset();
      await makeOld(dir);
      faults.reset();
      faults.crashAfter = crashAfter;
      await newBatch(dir)
        .commit()
        .catch(() => {});
      faults.reset();
      const report = await recoverLeftovers(dir);
      const state = await snapshot(dir);
      const which = isDeepStrictEqual(state, OLD) ? 'old' : 'new';
      expect(state, `crash after ${crashAfter} steps (${JSON.stringify(report)})`).toEqual(which === 'old' ? OLD : NEW);
      seen.add(which);
    }
    expect([...seen].sort()).toEqual(['new', 'old']);
  });

  it('rejects names with path separators or hidden names', async () => {
    expect(() => new WriteBatch(root).file('../x', 'y')).toThrow(FsError);
    expect(() => new WriteBatch(root).file('.hidden', 'y')).toThrow(/plain, visible name/);
    await expect(new WriteBatch(root).directory('d', { 'a/b': 'y' }).commit()).rejects.toThrow(FsError);
  });
});

describe('replaceDirectory and removeDirectory', () => {
  it('creates, replaces with exactly the new files, and removes', async () => {
    const dir = join(root, 'deep', 'model');
    await replaceDirectory(dir, { 'a.bin': new Uint8Array([1, 2]), 'b.json': '{}' });
    await replaceDirectory(dir, { 'c.json': '[]' });
    expect(await snapshot(join(root, 'deep'))).toEqual({ model: { 'c.json': '[]' } });
    await removeDirectory(dir);
    await removeDirectory(dir);
    expect(await readdir(join(root, 'deep'))).toEqual([]);
  });

  it('after a crash at any step of a replacement, recovery gives a complete old or new directory', async () => {
    const parent = join(root, 'swap');
    const dir = join(parent, 'ckpt');
    const old = { 'x.json': 'old x', 'y.bin': 'old y' };
    const fresh = { 'x.json': 'new x', 'y.bin': 'new y' };
    await replaceDirectory(dir, old);
    faults.reset();
    await replaceDirectory(dir, fresh);
    const steps = faults.calls;
    for (let crashAfter = 0; crashAfter <= steps; crashAfter++) {
      faults.reset();
      await rm(parent, { recursive: true, force: true });
      await replaceDirectory(dir, old);
      faults.reset();
      faults.crashAfter = crashAfter;
      await replaceDirectory(dir, fresh).catch(() => {});
      faults.reset();
      await recoverLeftovers(parent);
      const state = await snapshot(parent);
      expect([{ ckpt: old }, { ckpt: fresh }], `crash after ${crashAfter}`).toContainEqual(state);
    }
  });
});
