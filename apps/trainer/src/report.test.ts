import { describe, expect, it } from 'vitest';
import { doneLines, interruptedLines, verboseTestLine } from './report.js';
import type { TestOutcome } from './test-run.js';
import type { TrainOutcome } from './train-run.js';

const stopped = (epoch: number, batch: number, epochsCompleted: number) =>
  ({
    result: { status: 'interrupted', history: [], epochsCompleted, resumedFrom: 0, stoppedAt: { epoch, batch } },
    batchesPerEpoch: 10,
    signalExit: 130,
  }) as TrainOutcome;

describe('report', () => {
  it('says where Ctrl-C stopped and how to continue', () => {
    expect(interruptedLines('runs/a', stopped(2, 4, 1), 'checkpoints/epoch-0001-step-00004')).toEqual([
      'Interrupted at epoch 2, batch 4 of 10; checkpoint saved in runs/a/checkpoints/epoch-0001-step-00004',
      'Continue with: mnistkit-train --resume runs/a',
    ]);
    expect(interruptedLines('runs/a', stopped(2, 10, 2), null)[0]).toBe(
      'Interrupted after epoch 2; checkpoint saved in runs/a/checkpoints',
    );
  });

  it('ends with the tutorial line', () => {
    const test = { result: { accuracy: 0.9925, loss: 0.03125 }, seconds: 1.25 } as TestOutcome;
    expect(doneLines('runs/a', test)).toEqual([
      'Test Accuracy: 99.25%',
      'Saved to runs/a (model, model.pth, model.safetensors, checkpoints, history.json, metrics.json, metrics.csv, charts, tensorboard/)',
    ]);
    expect(doneLines('runs/a', test, { noSave: true })[1]).toBe(
      'Saved to runs/a (checkpoints, history.json, metrics.json, metrics.csv, charts, tensorboard/)',
    );
    expect(verboseTestLine(test)).toBe('Test loss 0.0313, 99.25% in 1.3s');
  });
});
