import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type Checkpoint, type CheckpointStore, captureCheckpoint, restoreCheckpoint } from './checkpoint.js';
import { TrainingError } from './errors.js';
import { evaluate } from './evaluate.js';
import type { EvaluationResult } from './evaluation-tally.js';
import { fusedAdam } from './fused-adam.js';
import type { History, HistoryEntry } from './history.js';
import { type BatchSource, disposeBatch } from './loader.js';
import { dropoutLayers, NonFiniteLossError, seedDropout, type TrainStep, trainStep } from './step.js';

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

function fmt(n: number): string {
  return Number.isNaN(n) ? 'NaN' : String(n);
}

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
  const seed = options.seed ?? 0;
  const step = options.step ?? trainStep;
  const ownsOptimizer = options.optimizer === undefined;
  const optimizer = options.optimizer ?? fusedAdam(options.learningRate ?? 0.001);
  const store = options.checkpoints;
  const savedSeeds = dropoutLayers(model).map((l) => (l as unknown as { seed?: number }).seed);

  try {
    let from: Checkpoint | undefined;
    if (options.resume === true) {
      if (!store) throw new TrainingError('resume: true needs a checkpoints store to resume from', 'config');
      from = await store.latest();
    } else if (options.resume) {
      from = options.resume;
    }
    let history: History = [];
    let startEpoch = 1;
    let skip = 0;
    let partial = { lossSum: 0, correct: 0, total: 0, seconds: 0 };
    if (from) {
      await restoreCheckpoint(model, optimizer, from);
      history = structuredClone(from.history);
      startEpoch = from.epoch + 1;
      skip = from.step;
      if (from.partial) partial = { ...from.partial };
    }
    const resumedFrom = from?.epoch ?? 0;
    let lastCheckpoint: TrainResult['lastCheckpoint'];
    const save = async (state: Parameters<typeof captureCheckpoint>[2]) => {
      if (!store) return;
      try {
        await store.save(await captureCheckpoint(model, optimizer, state));
      } catch (e) {
        if (e instanceof TrainingError) throw e;
        throw new TrainingError(
          `checkpoint: saving to ${store.location} failed: ${(e as Error).message}`,
          'checkpoint',
          state.epoch + 1,
        );
      }
      lastCheckpoint = { epoch: state.epoch, step: state.step };
    };
    const rng = { seed, dropout: 'mix(seed, epoch, step, layer)' } as const;

    for (let epoch = startEpoch; epoch <= epochs; epoch++) {
      const batches = trainLoader.length;
      let { lossSum, correct, total, seconds } =
        epoch === startEpoch ? partial : { lossSum: 0, correct: 0, total: 0, seconds: 0 };
      let batch = 0;
      let started = performance.now();
      for await (const b of trainLoader.batches(epoch - 1)) {
        if (batch < (epoch === startEpoch ? skip : 0)) {
          // Replaying the loader's deterministic order up to where an interrupted run stopped.
          disposeBatch(b);
          batch++;
          continue;
        }
        let result: Awaited<ReturnType<TrainStep>>;
        try {
          seedDropout(model, seed, epoch, batch);
          result = await step(model, optimizer, b.images, b.labels);
        } catch (e) {
          if (e instanceof NonFiniteLossError) {
            const last = lastCheckpoint ?? (from ? { epoch: from.epoch, step: from.step } : undefined);
            const kept = store
              ? last
                ? `the last good checkpoint (epoch ${last.epoch}${last.step ? `, step ${last.step}` : ''}) is kept in ${store.location}`
                : `no checkpoint was saved yet in ${store.location}`
              : 'no checkpoint store was given';
            throw new TrainingError(
              `loss became ${fmt(e.loss)} at epoch ${epoch}, batch ${batch + 1} of ${batches}; training stopped before applying that step; ${kept}. Try a lower learning rate or check the input data.`,
              'non-finite-loss',
              epoch,
              batch + 1,
            );
          }
          throw e;
        } finally {
          disposeBatch(b);
        }
        batch++;
        lossSum += result.loss;
        correct += result.correct;
        total += b.size;
        await options.onBatchEnd?.({
          epoch,
          epochs,
          batch,
          batches,
          loss: result.loss,
          size: b.size,
          runningLoss: lossSum / batch,
          runningAccuracy: total === 0 ? 0 : correct / total,
        });
        if (options.signal?.aborted && batch < batches) {
          seconds += (performance.now() - started) / 1000;
          await save({ epoch: epoch - 1, step: batch, partial: { lossSum, correct, total, seconds }, history, rng });
          return {
            status: 'interrupted',
            history,
            epochsCompleted: epoch - 1,
            stoppedAt: { epoch, batch },
            resumedFrom,
            lastCheckpoint,
          };
        }
      }
      seconds += (performance.now() - started) / 1000;
      started = performance.now();
      const entry: HistoryEntry = {
        epoch,
        trainLoss: batch === 0 ? Number.NaN : lossSum / batch,
        trainAccuracy: total === 0 ? 0 : correct / total,
        seconds,
      };
      const evaluateWith = options.evaluate ?? evaluate;
      const val = options.valLoader ? await evaluateWith(model, options.valLoader) : undefined;
      const test = options.testLoader ? await evaluateWith(model, options.testLoader) : undefined;
      if (val) Object.assign(entry, { valLoss: val.loss, valAccuracy: val.accuracy });
      if (test) Object.assign(entry, { testLoss: test.loss, testAccuracy: test.accuracy });
      history = [...history, entry];
      const metric = val
        ? { name: 'valAccuracy' as const, value: val.accuracy }
        : test
          ? { name: 'testAccuracy' as const, value: test.accuracy }
          : undefined;
      await save({ epoch, step: 0, history, rng, ...(metric ? { metric } : {}) });
      await options.onEpochEnd?.({ epoch, epochs, entry, history, ...(val ? { val } : {}), ...(test ? { test } : {}) });
      if (options.signal?.aborted && epoch < epochs) {
        return {
          status: 'interrupted',
          history,
          epochsCompleted: epoch,
          stoppedAt: { epoch, batch },
          resumedFrom,
          lastCheckpoint,
        };
      }
    }
    return { status: 'completed', history, epochsCompleted: epochs, resumedFrom, lastCheckpoint };
  } finally {
    dropoutLayers(model).forEach((l, i) => {
      (l as unknown as { seed?: number }).seed = savedSeeds[i];
    });
    if (ownsOptimizer) optimizer.dispose();
  }
}
