import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from './args.js';
import { UsageError } from './errors.js';
import { locateResume, planRun } from './run-plan.js';
import { settingsForNewRun } from './settings.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnistkit-plan-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('planRun', () => {
  it('plans a new run from the flags and the defaults, creating nothing', async () => {
    const out = join(root, 'new');
    const plan = await planRun(parseCliArgs(['--epochs', '2', '--seed', '5', '--out', out]));
    expect(plan).toMatchObject({ runDir: out, saved: null, modelName: 'simpleCNN' });
    expect(plan.settings).toEqual(settingsForNewRun({ epochs: 2 }, 5));
    await expect(planRun(parseCliArgs(['--model', 'nope']))).rejects.toThrow(/^--model: expected one of/);
  });

  it('plans a resume from the run directory or one of its checkpoints', async () => {
    const run = join(root, 'run');
    const checkpoint = join(run, 'checkpoints', 'epoch-0001-step-00000');
    await mkdir(checkpoint, { recursive: true });
    const settings = settingsForNewRun({ limit: 100 }, 3);
    await writeFile(
      join(run, 'history.json'),
      JSON.stringify({ format: 'mnistkit-history', version: 1, settings, history: [] }),
    );
    expect(await locateResume(run)).toEqual({ runDir: run, checkpointDir: undefined });
    expect(await locateResume(checkpoint)).toEqual({ runDir: run, checkpointDir: checkpoint });
    await expect(locateResume(root)).rejects.toThrow(/expected a run directory .* found neither/);
    const plan = await planRun(parseCliArgs(['--resume', run, '--epochs', '4']));
    expect(plan.settings).toEqual({ ...settings, epochs: 4 });
    const both = planRun(parseCliArgs(['--resume', run, '--out', run]));
    await expect(both).rejects.toBeInstanceOf(UsageError);
  });
});
