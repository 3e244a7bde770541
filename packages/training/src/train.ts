import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type Checkpoint, type CheckpointStore, captureCheckpoint, restoreCheckpoint } from './checkpoint.js';
import { TrainingError } from './errors.js';
import { evaluate } from './evaluate.js';
import type { EvaluationResult } from './evaluation-tally.js';
import { fusedAdam } from './fused-adam.js';
import type { History, HistoryEntry } from './history.js';
import { type BatchSource, disposeBatch } from './loader.js';
import { dropoutLayers, NonFiniteLossError, type StepResult, seedDropout, type TrainStep, trainStep } from './step.js';

/** Sent after every training batch. */
export interface BatchEndEvent {
  /** 1-based epoch and its total. */
  epoch: number;
  epochs: number;
  /** 1-based batch within the epoch and the number of batches per epoch. */
  batch: number;
  batches: number;
  /** This batch's mean loss and sample count. */
  loss: number;
  size: number;
  /** Running mean of batch losses and running accuracy (fraction) of this epoch so far. */
  runningLoss: number;
  runningAccuracy: number;
}

/** Sent after every epoch, with its figures and the whole history so far. */
export interface EpochEndEvent {
  epoch: number;
  epochs: number;
  entry: HistoryEntry;
  history: History;
  /** Full validation / test results of this epoch (confusion matrix, per-class accuracy), when loaders were given. */
  val?: EvaluationResult;
  test?: EvaluationResult;
}

/** Options for {@link train}. */
export interface TrainOptions {
  /** Total epochs (including those done before a resume); default 10. */
  epochs?: number;
  /** Adam learning rate when `optimizer` is not given; default 0.001. */
  learningRate?: number;
  /** The optimizer; default `fusedAdam(learningRate)` (tf.train.adam's results, fused where the backend allows). The loop owns it when it made it. */
  optimizer?: tf.Optimizer;
  /** Replaces the per-batch step (forward + loss + gradients + update), e.g. for data-parallel training. */
  step?: TrainStep;
  /** Seeds the dropout masks; default 0. Data order comes from the loader's own seed. */
  seed?: number;
  /** Evaluated after each epoch; its accuracy picks the best checkpoint. */
  valLoader?: BatchSource;
  /** Evaluated after each epoch (after validation). */
  testLoader?: BatchSource;
  /** Evaluates `valLoader`/`testLoader`; default {@link evaluate}. E.g. a data-parallel step's `evaluate`. */
  evaluate?: (model: tfl.LayersModel, loader: BatchSource) => Promise<EvaluationResult>;
  onBatchEnd?: (event: BatchEndEvent) => void | Promise<void>;
  onEpochEnd?: (event: EpochEndEvent) => void | Promise<void>;
  /** On abort: the current step finishes, a checkpoint is saved (when a store is given), and `train` returns `status: 'interrupted'`. */
  signal?: AbortSignal;
  /** Saves a checkpoint after every epoch and on interrupt. */
  checkpoints?: CheckpointStore;
  /** `true`: continue from `checkpoints.latest()` when there is one; or a checkpoint to continue from. */
  resume?: boolean | Checkpoint;
}

/** How {@link train} ended. */
export interface TrainResult {
  status: 'completed' | 'interrupted';
  history: History;
  /** Epochs fully completed, counting those before a resume. */
  epochsCompleted: number;
  /** Where an interrupted run stopped: 1-based epoch and batches done in it. */
  stoppedAt?: { epoch: number; batch: number };
  /** The epoch the run resumed after (0 = fresh start). */
  resumedFrom: number;
  /** The last checkpoint this run saved, if any. */
  lastCheckpoint?: { epoch: number; step: number };
}

/** The running figures of an epoch (also what a mid-epoch checkpoint keeps). */
type EpochTotals = NonNullable<Checkpoint['partial']>;

/** What one {@link train} call carries from epoch to epoch. */
interface Run {
  model: tfl.LayersModel;
  loader: BatchSource;
  options: TrainOptions;
  epochs: number;
  seed: number;
  step: TrainStep;
  optimizer: tf.Optimizer;
  /** Where training resumed from, if it did. */
  from: Checkpoint | undefined;
  history: History;
  lastCheckpoint: TrainResult['lastCheckpoint'];
}

const RNG = (seed: number) => ({ seed, dropout: 'mix(seed, epoch, step, layer)' }) as const;

/**
 * The tutorial's training loop (not `model.fit`): per epoch, training mode, for each batch forward → softmax
 * cross-entropy → gradients → Adam step, running loss/accuracy, then optional validation/test evaluation, a
 * history entry, `onEpochEnd`, and a checkpoint. Disposes every batch; keeps `tf.memory().numTensors` flat.
 * Throws {@link TrainingError} (`non-finite-loss`) before applying a NaN/∞ step, leaving the last checkpoint.
 */
export async function train(
  model: tfl.LayersModel,
  trainLoader: BatchSource,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const epochs = options.epochs ?? 10;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new TrainingError(`epochs: expected a positive integer, found ${epochs}`, 'config');
  }
  const ownsOptimizer = options.optimizer === undefined;
  const optimizer = options.optimizer ?? fusedAdam(options.learningRate ?? 0.001);
  const savedSeeds = dropoutLayers(model).map((l) => (l as unknown as { seed?: number }).seed);
  try {
    const from = await resumePoint(model, optimizer, options);
    const run: Run = {
      model,
      loader: trainLoader,
      options,
      epochs,
      seed: options.seed ?? 0,
      step: options.step ?? trainStep,
      optimizer,
      from,
      history: from ? structuredClone(from.history) : [],
      lastCheckpoint: undefined,
    };
    const resumedFrom = from?.epoch ?? 0;
    for (let epoch = resumedFrom + 1; epoch <= epochs; epoch++) {
      const resumed = epoch === resumedFrom + 1 && from;
      const start = resumed ? { skip: from.step, partial: { ...(from.partial ?? emptyTotals()) } } : undefined;
      const stopped = await trainEpoch(run, epoch, start);
      const { history, lastCheckpoint } = run;
      if (stopped) {
        return {
          status: 'interrupted',
          history,
          epochsCompleted: stopped.epochDone ? epoch : epoch - 1,
          stoppedAt: { epoch, batch: stopped.batch },
          resumedFrom,
          lastCheckpoint,
        };
      }
    }
    return {
      status: 'completed',
      history: run.history,
      epochsCompleted: epochs,
      resumedFrom,
      lastCheckpoint: run.lastCheckpoint,
    };
  } finally {
    dropoutLayers(model).forEach((l, i) => {
      (l as unknown as { seed?: number }).seed = savedSeeds[i];
    });
    if (ownsOptimizer) optimizer.dispose();
  }
}

const emptyTotals = (): EpochTotals => ({ lossSum: 0, correct: 0, total: 0, seconds: 0 });

/** The checkpoint to continue from (restored into `model` and `optimizer`), if the options ask to resume. */
async function resumePoint(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  options: TrainOptions,
): Promise<Checkpoint | undefined> {
  let from: Checkpoint | undefined;
  if (options.resume === true) {
    if (!options.checkpoints)
      throw new TrainingError('resume: true needs a checkpoints store to resume from', 'config');
    from = await options.checkpoints.latest();
  } else if (options.resume) {
    from = options.resume;
  }
  if (from) await restoreCheckpoint(model, optimizer, from);
  return from;
}

/** Saves a checkpoint when a store is given; a failure becomes a {@link TrainingError} naming the store. */
async function save(run: Run, state: Parameters<typeof captureCheckpoint>[2]): Promise<void> {
  const store = run.options.checkpoints;
  if (!store) return;
  try {
    await store.save(await captureCheckpoint(run.model, run.optimizer, state));
  } catch (e) {
    if (e instanceof TrainingError) throw e;
    throw new TrainingError(
      `checkpoint: saving to ${store.location} failed: ${(e as Error).message}`,
      'checkpoint',
      state.epoch + 1,
    );
  }
  run.lastCheckpoint = { epoch: state.epoch, step: state.step };
}

/**
 * One epoch: the tutorial's batch loop, then evaluation, history and checkpoint. Resumed mid-epoch, it replays the
 * loader's deterministic order past the first `start.skip` batches and continues the running figures. When
 * interrupted (a checkpoint was saved), returns the batch it stopped after and whether the epoch was complete.
 */
async function trainEpoch(
  run: Run,
  epoch: number,
  start: { skip: number; partial: EpochTotals } | undefined,
): Promise<{ batch: number; epochDone: boolean } | undefined> {
  const { model, loader, options, epochs } = run;
  const batches = loader.length;
  const totals = start?.partial ?? emptyTotals();
  let batch = 0;
  const started = performance.now();
  for await (const b of loader.batches(epoch - 1)) {
    if (batch < (start?.skip ?? 0)) {
      disposeBatch(b);
      batch++;
      continue;
    }
    let result: StepResult;
    try {
      seedDropout(model, run.seed, epoch, batch);
      result = await run.step(model, run.optimizer, b.images, b.labels);
    } catch (e) {
      throw e instanceof NonFiniteLossError ? nonFiniteLoss(run, e, epoch, batch + 1) : e;
    } finally {
      disposeBatch(b);
    }
    batch++;
    totals.lossSum += result.loss;
    totals.correct += result.correct;
    totals.total += b.size;
    await options.onBatchEnd?.({
      epoch,
      epochs,
      batch,
      batches,
      loss: result.loss,
      size: b.size,
      runningLoss: totals.lossSum / batch,
      runningAccuracy: totals.total === 0 ? 0 : totals.correct / totals.total,
    });
    if (options.signal?.aborted && batch < batches) {
      totals.seconds += (performance.now() - started) / 1000;
      await save(run, { epoch: epoch - 1, step: batch, partial: totals, history: run.history, rng: RNG(run.seed) });
      return { batch, epochDone: false };
    }
  }
  totals.seconds += (performance.now() - started) / 1000;
  await endEpoch(run, epoch, batch, totals);
  return options.signal?.aborted && epoch < epochs ? { batch, epochDone: true } : undefined;
}

/** After an epoch's batches: evaluation, the history entry, the checkpoint, `onEpochEnd`. */
async function endEpoch(run: Run, epoch: number, batches: number, totals: EpochTotals): Promise<void> {
  const { model, options, epochs } = run;
  const entry: HistoryEntry = {
    epoch,
    trainLoss: batches === 0 ? Number.NaN : totals.lossSum / batches,
    trainAccuracy: totals.total === 0 ? 0 : totals.correct / totals.total,
    seconds: totals.seconds,
  };
  const evaluateWith = options.evaluate ?? evaluate;
  const val = options.valLoader ? await evaluateWith(model, options.valLoader) : undefined;
  const test = options.testLoader ? await evaluateWith(model, options.testLoader) : undefined;
  if (val) Object.assign(entry, { valLoss: val.loss, valAccuracy: val.accuracy });
  if (test) Object.assign(entry, { testLoss: test.loss, testAccuracy: test.accuracy });
  run.history = [...run.history, entry];
  const metric = val
    ? { name: 'valAccuracy' as const, value: val.accuracy }
    : test
      ? { name: 'testAccuracy' as const, value: test.accuracy }
      : undefined;
  await save(run, { epoch, step: 0, history: run.history, rng: RNG(run.seed), ...(metric ? { metric } : {}) });
  const history = run.history;
  await options.onEpochEnd?.({ epoch, epochs, entry, history, ...(val ? { val } : {}), ...(test ? { test } : {}) });
}

/** The error for a NaN/∞ loss at `batch` (1-based) of `epoch`, saying which checkpoint is kept. */
function nonFiniteLoss(run: Run, e: NonFiniteLossError, epoch: number, batch: number): TrainingError {
  const store = run.options.checkpoints;
  const from = run.from;
  const last = run.lastCheckpoint ?? (from ? { epoch: from.epoch, step: from.step } : undefined);
  const kept = store
    ? last
      ? `the last good checkpoint (epoch ${last.epoch}${last.step ? `, step ${last.step}` : ''}) is kept in ${store.location}`
      : `no checkpoint was saved yet in ${store.location}`
    : 'no checkpoint store was given';
  const loss = Number.isNaN(e.loss) ? 'NaN' : String(e.loss);
  return new TrainingError(
    `loss became ${loss} at epoch ${epoch}, batch ${batch} of ${run.loader.length}; training stopped before applying that step; ${kept}. Try a lower learning rate or check the input data.`,
    'non-finite-loss',
    epoch,
    batch,
  );
}
