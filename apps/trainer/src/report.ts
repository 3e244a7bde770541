import { join, relative } from 'node:path';
import { describeModel, formatCount, formatPercent } from '@mnistkit/models';
import { formatTestLine } from './format.js';
import type { PreparedRun } from './prepare-run.js';
import type { TestOutcome } from './test-run.js';
import { describeThreads } from './threads.js';
import type { TrainOutcome } from './train-run.js';

/** The run directory as printed: relative to the working directory. */
export function shownPath(path: string): string {
  return relative(process.cwd(), path) || '.';
}

/** The lines printed before training: the model, the backend, the data, the settings, and where a resume starts. */
export function headerLines(run: PreparedRun): string[] {
  const { settings, data, checkpoint } = run;
  const lines = [
    describeModel(run.model),
    `Backend: ${run.backend.summary}`,
    `Dataset: ${data.name}: ${formatCount(data.train.length)} training, ${formatCount(data.val?.length ?? 0)} validation, ${formatCount(data.test.length)} test samples`,
    `Settings: ${settings.epochs} epoch${settings.epochs === 1 ? '' : 's'}, batch ${settings.batchSize}, lr ${settings.lr}, seed ${settings.seed}, ${describeThreads(run.threads)}; run directory ${shownPath(run.runDir)}`,
  ];
  if (checkpoint) {
    lines.push(
      `Resuming after epoch ${checkpoint.epoch}${checkpoint.step > 0 ? `, batch ${checkpoint.step}` : ''} (${shownPath(run.store.location)})`,
    );
  }
  return lines;
}

/**
 * The lines printed after Ctrl-C: where it stopped, where the checkpoint is, and how to continue. `extension`: the
 * session was training a completed run further, whose record stays the completed one until that is done.
 */
export function interruptedLines(
  runDir: string,
  trained: TrainOutcome,
  checkpoint: string | null,
  extension?: { completedEpochs: number; epochs: number },
): string[] {
  const at = trained.result.stoppedAt;
  const where =
    at && at.batch < trained.batchesPerEpoch
      ? `at epoch ${at.epoch}, batch ${at.batch} of ${trained.batchesPerEpoch}`
      : `after epoch ${trained.result.epochsCompleted}`;
  const shown = shownPath(runDir);
  const lines = [`Interrupted ${where}; checkpoint saved in ${join(shown, checkpoint ?? 'checkpoints')}`];
  if (extension === undefined) {
    lines.push(`Continue with: mnistkit-train --resume ${shown}`);
  } else {
    const n = extension.completedEpochs;
    lines.push(
      `The run keeps its completed result (${n} epoch${n === 1 ? '' : 's'}) until it is trained to the end`,
      `Continue with: mnistkit-train --resume ${shown} --epochs ${extension.epochs}`,
    );
  }
  return lines;
}

/** The tutorial's last line and where everything went. */
export function doneLines(runDir: string, test: TestOutcome, options: { noSave?: boolean | undefined } = {}): string[] {
  const model = options.noSave ? '' : 'model, model.pth, model.safetensors, ';
  return [
    formatTestLine(test.result.accuracy),
    `Saved to ${shownPath(runDir)} (${model}checkpoints, history.json, metrics.json, metrics.csv, charts, tensorboard/)`,
  ];
}

/** The extra line `--verbose` prints after the test. */
export function verboseTestLine(test: TestOutcome): string {
  return `Test loss ${test.result.loss.toFixed(4)}, ${formatPercent(test.result.accuracy)} in ${test.seconds.toFixed(1)}s`;
}
