import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LockError } from '@mnistkit/fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleHistory, sampleMetrics } from '../test-utils/run-records.js';
import { lockRunDirectory, readRunHistory, readRunMetrics, writeRunHistory } from './run-directory.js';
import { formatRunJson } from './run-files.js';
import { RunFormatError } from './run-format-error.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnistkit-run-dir-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a run directory', () => {
  it("writes history.json in the run files' layout and reads it back checked", async () => {
    await writeRunHistory(dir, sampleHistory());
    expect(await readFile(join(dir, 'history.json'), 'utf8')).toBe(formatRunJson(sampleHistory()));
    expect(await readRunHistory(dir)).toEqual(sampleHistory());
    await writeFile(join(dir, 'metrics.json'), JSON.stringify(sampleMetrics()));
    expect(await readRunMetrics(dir)).toEqual(sampleMetrics());
  });

  it('names the file when it is missing or not JSON', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'mnistkit-run-empty-'));
    const missing = await readRunHistory(empty).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RunFormatError);
    expect((missing as Error).message).toBe(`${join(empty, 'history.json')}: cannot read it (no such file or folder)`);
    await writeFile(join(empty, 'metrics.json'), '{"format":');
    await expect(readRunMetrics(empty)).rejects.toThrow(/metrics\.json: expected JSON, found text that does not parse/);
    await rm(empty, { recursive: true });
  });

  it('is locked by one writer at a time', async () => {
    const lock = await lockRunDirectory(dir, 'mnistkit-train --out x');
    await expect(lockRunDirectory(dir)).rejects.toBeInstanceOf(LockError);
    await lock.release();
    await (await lockRunDirectory(dir)).release();
  });
});
