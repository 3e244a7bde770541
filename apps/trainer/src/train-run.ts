import { DataLoader } from '@mnistkit/data';
import { type EpochRecord, evaluate, type TrainResult, train } from '@mnistkit/training';
import { type CommandIo, noteLine, printLine } from './command-io.js';
import { toEpochRecord } from './epoch-record.js';
import { formatEpochLine, formatStepLine } from './format.js';
import type { PreparedRun } from './prepare-run.js';
import { createProgress } from './progress.js';
import type { RunRecord } from './run-record.js';
import { handleInterrupts, signalExitCode } from './signals.js';
import type { RunTensorBoard } from './tensorboard-log.js';

/** The batch size of validation and test passes: larger than training's, since no gradients are kept. */
export function evaluationBatchSize(batchSize: number): number {
  return Math.max(batchSize, 256);
}

/** What the session logs besides history.json: `--log-interval` lines and points, `--eval-every` tests, TensorBoard. */
export interface TrainLogging {
  /** A progress line and a TensorBoard point every this many batches (`--log-interval`). */
  logInterval?: number | undefined;
  /** Test the model every this many epochs (`--eval-every`). */
  evalEvery?: number | undefined;
  /** Samples per batch when validating and testing (`--test-batch-size`). */
  testBatchSize?: number | undefined;
  tensorboard?: RunTensorBoard | undefined;
}

/** How training ended: the loop's result, the batches per epoch, and the exit status a Ctrl-C asks for. */
export interface TrainOutcome {
  result: TrainResult;
  batchesPerEpoch: number;
  /** 130 (SIGINT) or 143 (SIGTERM) when interrupted; null otherwise. */
  signalExit: number | null;
}

/**
 * Step 2: trains the prepared model for the epochs left, printing the tutorial's epoch line and recording each
 * epoch in history.json (and TensorBoard); Ctrl-C stops after the current batch with a checkpoint saved, a second
 * one quits at once. A run of 0 epochs (`--epochs 0`) trains nothing.
 */
export async function trainRun(
  run: PreparedRun,
  record: RunRecord,
  io: CommandIo,
  logging: TrainLogging = {},
): Promise<TrainOutcome> {
  const { settings, data, parallel, checkpoint } = run;
  const trainLoader = new DataLoader(data.train, { batchSize: settings.batchSize, shuffle: true, seed: settings.seed });
  if (settings.epochs === 0) {
    const result: TrainResult = { status: 'completed', history: [], epochsCompleted: 0, resumedFrom: 0 };
    return { result, batchesPerEpoch: trainLoader.length, signalExit: null };
  }
  const evalBatch = logging.testBatchSize ?? evaluationBatchSize(settings.batchSize);
  const valLoader = data.val ? new DataLoader(data.val, { batchSize: evalBatch }) : undefined;
  const progress = createProgress(io.stdout);
  let progressEpoch = 0;
  const interrupt = handleInterrupts({
    onFirst: () => {
      progress.finish();
      noteLine(io, 'Stopping: finishing this batch and saving a checkpoint (press Ctrl-C again to quit at once)');
    },
    onSecond: (signal) => io.exit(signalExitCode(signal)),
  });
  try {
    const result = await train(run.model, trainLoader, {
      epochs: settings.epochs,
      learningRate: settings.lr,
      seed: settings.seed,
      ...(valLoader ? { valLoader } : {}),
      signal: interrupt.signal,
      checkpoints: run.store,
      // The worker threads that train also evaluate: each validation batch runs whole on one of them.
      ...(parallel ? { step: parallel, evaluate: parallel.evaluate } : {}),
      ...(checkpoint ? { resume: checkpoint } : {}),
      onBatchEnd: async (e) => {
        const done = Math.min(e.batch * settings.batchSize, data.train.length);
        if (progressEpoch !== e.epoch) {
          progressEpoch = e.epoch;
          progress.start(`Epoch ${e.epoch}/${e.epochs}`, data.train.length, done - e.size);
        }
        progress.update(done, { loss: e.runningLoss, accuracy: e.runningAccuracy });
        if (logging.logInterval !== undefined && e.batch % logging.logInterval === 0) {
          // The line replaces the bar; the next batch starts a new one.
          progress.finish();
          printLine(io, formatStepLine(e, done, data.train.length));
          progressEpoch = 0;
          await logging.tensorboard?.step((e.epoch - 1) * e.batches + e.batch, e.runningLoss, e.runningAccuracy);
        }
        // The training step and the loader only await microtasks, which never let Node handle a signal; one
        // macrotask turn per batch makes Ctrl-C take effect after the current batch, not at the epoch's end.
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
      onEpochEnd: async (e) => {
        progress.finish();
        const entry = toEpochRecord(e.entry, data.train.length);
        if (logging.evalEvery !== undefined && e.epoch % logging.evalEvery === 0) {
          Object.assign(entry, await testFigures(run, evalBatch));
        }
        // TensorBoard first: after a kill between the two, the resumed run logs the epoch again (the same figures)
        // rather than never.
        await logging.tensorboard?.epochs([entry], settings.lr);
        await record.epochEnded(entry);
        printLine(io, formatEpochLine(entry, e.epochs));
      },
    });
    const signalExit = result.status === 'interrupted' ? signalExitCode(interrupt.received()) : null;
    return { result, batchesPerEpoch: trainLoader.length, signalExit };
  } finally {
    progress.finish();
    interrupt.dispose();
  }
}

/** `--eval-every`: the test set's loss and accuracy now (on the worker threads when there are some). */
async function testFigures(
  run: Pick<PreparedRun, 'model' | 'data' | 'parallel'>,
  batchSize: number,
): Promise<Pick<EpochRecord, 'testLoss' | 'testAccuracy'>> {
  const loader = new DataLoader(run.data.test, { batchSize });
  const t = await (run.parallel ? run.parallel.evaluate(run.model, loader) : evaluate(run.model, loader));
  return { testLoss: t.loss, testAccuracy: t.accuracy };
}
