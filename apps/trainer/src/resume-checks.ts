import { join } from 'node:path';
import { hasModel } from '@mnistkit/models/node';
import type { Checkpoint, EpochRecord, RunHistory } from '@mnistkit/training';
import { RUN_FILES } from '@mnistkit/training';
import type { FileCheckpointStore } from '@mnistkit/training/node';
import { fingerprintMismatch } from './data-fingerprint.js';
import type { RunData } from './dataset.js';
import { toEpochRecord } from './epoch-record.js';
import { CliError, UsageError } from './errors.js';
import type { TrainSettings } from './settings.js';

/** What a resumed session does: train the epochs left, or only test and save (all epochs are done). */
export type ResumeMode = 'train' | 'finish';

/**
 * Refuses to continue on other data: the data set's fingerprint (counts and a hash of evenly spaced samples) and
 * counts must match what history.json recorded. Runs from before fingerprints are not checked (one is recorded).
 */
export function checkResumedData(saved: RunHistory, data: RunData, runDir: string): void {
  const file = join(runDir, RUN_FILES.history);
  const why = fingerprintMismatch(saved.dataset.fingerprint, data.fingerprint);
  if (why) {
    throw new CliError(
      `--dataset ${data.spec}: not the data this run trained on (${file} field dataset.fingerprint: ${why}); a resumed run must see the same data`,
    );
  }
  const counts = { trainSamples: data.train.length, valSamples: data.val?.length ?? 0 } as const;
  for (const key of ['trainSamples', 'valSamples'] as const) {
    if (saved.dataset[key] !== counts[key]) {
      throw new CliError(
        `--dataset ${data.spec}: not the data this run trained on (${file} field dataset.${key}: expected ${saved.dataset[key]}, found ${counts[key]})`,
      );
    }
  }
}

/**
 * Checks that a checkpoint belongs to the run history.json describes: the same seed, and the same figures for the
 * epochs both record. Throws {@link CliError} naming both files and the field.
 */
export function checkCheckpointAgainstRecord(
  saved: RunHistory,
  checkpoint: Checkpoint,
  checkpointDir: string,
  runDir: string,
): void {
  const file = join(checkpointDir, 'checkpoint.json');
  const history = join(runDir, RUN_FILES.history);
  if (checkpoint.rng.seed !== saved.settings.seed) {
    throw new CliError(
      `${file}: field rng.seed: expected ${saved.settings.seed} (${history} settings.seed), found ${checkpoint.rng.seed}: not a checkpoint of this run`,
    );
  }
  const shared = Math.min(checkpoint.history.length, saved.history.length);
  for (let i = 0; i < shared; i++) {
    const mine = checkpoint.history[i];
    const theirs = saved.history[i];
    for (const key of ['epoch', 'trainLoss', 'trainAccuracy'] as const) {
      if (mine?.[key] !== theirs?.[key]) {
        throw new CliError(
          `${file}: field history[${i}].${key}: expected ${theirs?.[key]} (as ${history} records), found ${mine?.[key]}: not a checkpoint of this run`,
        );
      }
    }
  }
}

/**
 * The checkpoint a resumed run continues from (the one `--resume` named, else the newest), checked against the
 * record, and what to do with it. Throws when there is none, when it belongs to another run, when the run has
 * nothing left to do (all epochs trained, tested and saved), or when `--no-save` would leave the run's saved model
 * behind its record.
 */
export async function resumeCheckpoint(opts: {
  saved: RunHistory;
  settings: TrainSettings;
  store: FileCheckpointStore;
  checkpointDir: string | undefined;
  resumeArg: string;
  runDir: string;
  /** `--no-save` this session: the run's model is not (re)saved. */
  noSave?: boolean | undefined;
}): Promise<{ checkpoint: Checkpoint; mode: ResumeMode }> {
  const { saved, settings, store } = opts;
  const dir = opts.checkpointDir ?? (await store.list()).at(-1)?.path;
  if (dir === undefined && saved.settings.epochs === 0 && saved.status === 'completed') {
    const weights = saved.settings.initFrom ?? '<weights file>';
    throw new CliError(
      `--resume ${opts.resumeArg}: the run trained no epochs (--epochs 0 only tested its weights), so it has no checkpoint to continue from; train them in a new run: mnistkit-train --init-from ${weights} --epochs <n>`,
    );
  }
  if (dir === undefined) {
    throw new CliError(
      `--resume ${opts.resumeArg}: the run has no checkpoint in ${RUN_FILES.checkpoints}/ to continue from`,
    );
  }
  const checkpoint = await store.read(dir);
  checkCheckpointAgainstRecord(saved, checkpoint, dir, opts.runDir);
  const position = checkpoint.epoch + (checkpoint.step > 0 ? 1 : 0);
  const modelDir = join(opts.runDir, RUN_FILES.model);
  const savedModel = await hasModel(modelDir);
  // A run saved with --no-save has no model: resuming it without --no-save tests and saves one.
  const done =
    saved.status === 'completed' && saved.history.length === settings.epochs && (savedModel || opts.noSave === true);
  if (checkpoint.epoch >= settings.epochs && (position > settings.epochs || done)) {
    throw new UsageError(
      `--epochs ${settings.epochs}: the run already completed ${checkpoint.epoch} epochs; pass a larger --epochs to train further`,
    );
  }
  if (opts.noSave && savedModel) {
    // The final save would record the new result next to the old model, which no longer matches it.
    throw new UsageError(
      `--no-save: ${modelDir} holds the model this run saved, which would no longer match its record after this session; resume without --no-save`,
    );
  }
  return { checkpoint, mode: checkpoint.epoch < settings.epochs ? 'train' : 'finish' };
}

/**
 * The epochs a resumed session starts with (1 … the checkpoint's epoch): history.json's, and, for epochs it does
 * not have (trained by a session that was stopped while extending a completed run), the checkpoint's own figures.
 */
export function priorEpochs(
  saved: RunHistory | null,
  checkpoint: Checkpoint | undefined,
  trainSamples: number,
): EpochRecord[] {
  if (!saved || !checkpoint) return [];
  return checkpoint.history
    .slice(0, checkpoint.epoch)
    .map((e, i) => saved.history[i] ?? toEpochRecord(e, trainSamples));
}
