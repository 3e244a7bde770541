import { describe, expect, it } from 'vitest';
import { sampleHistory } from '../test-utils/run-records.js';
import { parseRunHistory, runEpochs } from './history-file.js';
import { RunFormatError } from './run-format-error.js';

const FILE = 'runs/a/history.json';

function message(value: unknown): string {
  try {
    parseRunHistory(value, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(RunFormatError);
    return (error as Error).message;
  }
  throw new Error('expected parseRunHistory to reject');
}

/** A copy of the sample with `edit` applied. */
// biome-ignore lint/suspicious/noExplicitAny: a test edits any field of a record, however deep
type Editable = Record<string, any>;

function edited(edit: (h: Editable) => void): unknown {
  const h = structuredClone(sampleHistory()) as Editable;
  edit(h);
  return h;
}

describe('parseRunHistory', () => {
  it('accepts what the trainer writes and returns it unchanged', () => {
    expect(parseRunHistory(sampleHistory(), FILE)).toEqual(sampleHistory());
    expect(runEpochs(sampleHistory(3), FILE).map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('reads version 1 (workers, before threads) as version 2', () => {
    const v1 = edited((h) => {
      h.version = 1;
      h.workers = h.threads;
      delete h.threads;
      h.settings.workers = 'auto';
      delete h.settings.threads;
      h.sessions[0].workers = 2;
      delete h.sessions[0].threads;
      delete h.dataset.fingerprint;
    });
    const h = parseRunHistory(v1, FILE);
    expect(h).toMatchObject({ version: 2, threads: 2, settings: { threads: 'auto', shards: 2 } });
    expect(h.sessions[0]?.threads).toBe(2);
    expect(h.dataset.fingerprint).toBeNull();
    // A version 1 run from before data-parallel training: one shard, one thread.
    const older = edited((h) => {
      h.version = 1;
      delete h.threads;
      delete h.settings.threads;
      delete h.settings.shards;
      delete h.sessions[0].threads;
    });
    expect(parseRunHistory(older, FILE)).toMatchObject({ threads: 1, settings: { threads: 'auto', shards: 1 } });
  });

  it('names the file and the field, what was expected and what was found', () => {
    expect(message({ format: 'other' })).toBe(`${FILE}: field format: expected "mnistkit-history", found "other"`);
    expect(message(null)).toBe(`${FILE}: expected an object, found null`);
    expect(message(edited((h) => (h.version = 3)))).toBe(`${FILE}: field version: expected 2, found 3`);
    expect(message(edited((h) => (h.settings.batchSize = 0)))).toBe(
      `${FILE}: field settings.batchSize: expected a whole number >= 1, found 0`,
    );
    expect(message(edited((h) => (h.settings.backend = 'gpu')))).toMatch(
      /field settings\.backend: expected "auto" \| "tensorflow" \| "wasm" \| "cpu", found "gpu"$/,
    );
    expect(message(edited((h) => (h.settings.threads = 'many')))).toMatch(/field settings\.threads: expected a whole/);
    expect(message(edited((h) => delete h.history[1].trainLoss))).toBe(
      `${FILE}: field history[1].trainLoss: expected a number >= 0, found nothing`,
    );
    expect(message(edited((h) => (h.history[0].trainAccuracy = 1.5)))).toMatch(
      /history\[0\]\.trainAccuracy: expected a fraction in \[0, 1\], found 1\.5$/,
    );
    expect(message(edited((h) => delete h.timings))).toBe(`${FILE}: field timings: expected an object, found nothing`);
    expect(message(edited((h) => (h.checkpoint = '../../etc')))).toMatch(
      /field checkpoint: expected null or checkpoints\/epoch-EEEE-step-SSSSS, found "\.\.\/\.\.\/etc"$/,
    );
  });

  it('checks what no single field says: epoch numbers, and a completed run has its test and all epochs', () => {
    expect(message(edited((h) => (h.history[1].epoch = 3)))).toBe(
      `${FILE}: field history[1].epoch: expected 2, found 3`,
    );
    expect(message(edited((h) => (h.test = null)))).toMatch(/field test: expected the test figures of a completed run/);
    expect(message(edited((h) => h.history.pop()))).toMatch(
      /field history: expected all 2 epochs of a completed run, found 1$/,
    );
    expect(message(edited((h) => (h.settings.epochs = 1)))).toMatch(/field history: expected at most settings.epochs/);
    const running = edited((h) => {
      h.status = 'running';
      h.test = null;
      h.history.pop();
    });
    expect(parseRunHistory(running, FILE).history).toHaveLength(1);
  });

  it('reads --init-from, --epochs 0 and the test figures of epochs tested during training (--eval-every)', () => {
    const tested = edited((h) => {
      h.settings.initFrom = 'simple_cnn.pth';
      Object.assign(h.history[1], { testLoss: 0.05, testAccuracy: 0.98 });
      Object.assign(h.history[0], { testLoss: null, testAccuracy: null });
    });
    const parsed = parseRunHistory(tested, FILE);
    expect(parsed.settings.initFrom).toBe('simple_cnn.pth');
    expect(parsed.history.map((e) => [e.testLoss, e.testAccuracy])).toEqual([
      [null, null],
      [0.05, 0.98],
    ]);
    // Runs from before --init-from start from the model's own initialisation.
    expect(
      parseRunHistory(
        edited((h) => delete h.settings.initFrom),
        FILE,
      ).settings.initFrom,
    ).toBeNull();
    const testOnly = edited((h) => {
      h.settings.epochs = 0;
      h.history = [];
      h.timings.trainSeconds = 0;
    });
    expect(parseRunHistory(testOnly, FILE).history).toEqual([]);
    expect(message(edited((h) => (h.history[1].testAccuracy = 98)))).toBe(
      `${FILE}: field history[1].testAccuracy: expected a fraction in [0, 1], found 98`,
    );
    expect(message(edited((h) => (h.history[0].testLoss = -1)))).toBe(
      `${FILE}: field history[0].testLoss: expected a number >= 0, found -1`,
    );
    expect(message(edited((h) => (h.history[0].testLoss = 0.1)))).toBe(
      `${FILE}: field history[0].testAccuracy: expected a number, as the epoch has a test figure, found nothing`,
    );
    expect(message(edited((h) => (h.settings.initFrom = '')))).toBe(
      `${FILE}: field settings.initFrom: expected a non-empty string, found ""`,
    );
    expect(message(edited((h) => (h.settings.epochs = -1)))).toMatch(/settings\.epochs: expected a whole number >= 0/);
  });

  it('keeps fields it does not know (written by a later version of the trainer)', () => {
    expect(
      parseRunHistory(
        edited((h) => (h.note = 'x')),
        FILE,
      ),
    ).toMatchObject({ note: 'x' });
  });
});
