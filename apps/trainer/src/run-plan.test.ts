import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunHistory } from '@mnistkit/training';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from './args.js';
import { UsageError } from './errors.js';
import { locateResume, planRun, setupRun } from './run-plan.js';
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
    expect(plan).toMatchObject({ runDir: out, flag: '--out', resume: null });
    expect(plan.settings).toEqual(settingsForNewRun({ epochs: 2 }, 5));
    const init = await planRun(parseCliArgs(['--init-from', 'simple_cnn.pth', '--epochs', '0', '--out', out]));
    expect(init.settings).toMatchObject({ initFrom: 'simple_cnn.pth', epochs: 0 });
    expect((await planRun(parseCliArgs(['--out', out]))).settings?.initFrom).toBeNull();
    expect(setupRun(plan, null)).toMatchObject({ modelName: 'simpleCNN', saved: null, settings: plan.settings });
    await expect(planRun(parseCliArgs(['--model', 'nope']))).rejects.toThrow(/^--model: expected one of/);
  });

  it('plans a resume from the run directory or one of its checkpoints', async () => {
    const run = join(root, 'run');
    const checkpoint = join(run, 'checkpoints', 'epoch-0001-step-00000');
    await mkdir(checkpoint, { recursive: true });
    const settings = settingsForNewRun({ limit: 100 }, 3);
    await writeFile(join(run, 'history.json'), '{}');
    expect(await locateResume(run)).toEqual({ runDir: run, checkpointDir: undefined });
    expect(await locateResume(checkpoint)).toEqual({ runDir: run, checkpointDir: checkpoint });
    await expect(locateResume(root)).rejects.toThrow(/expected a run directory .* found neither/);
    const plan = await planRun(parseCliArgs(['--resume', run, '--epochs', '4']));
    expect(plan).toMatchObject({ runDir: run, flag: '--resume', resume: { arg: run }, settings: null });
    // The settings come from the run's record, read under its lock; only resumable flags may change them.
    const saved = { settings } as RunHistory;
    expect(setupRun(plan, saved).settings).toEqual({ ...settings, epochs: 4 });
    const changed = await planRun(parseCliArgs(['--resume', run, '--lr', '0.5']));
    expect(() => setupRun(changed, saved)).toThrow(/^--lr: cannot change when resuming/);
    const both = planRun(parseCliArgs(['--resume', run, '--out', run]));
    await expect(both).rejects.toBeInstanceOf(UsageError);
    // A resumed run's weights come from its checkpoint: other weights would make it another experiment.
    const init = planRun(parseCliArgs(['--resume', run, '--init-from', 'simple_cnn.pth']));
    await expect(init).rejects.toBeInstanceOf(UsageError);
    await expect(init).rejects.toThrow(/^--init-from: cannot be combined with --resume; /);
  });
});
