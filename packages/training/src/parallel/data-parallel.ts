// The public face of data-parallel training and inference: options, the step and evaluator objects, and the
// vocabulary. `threads` counts the compute threads including the main thread (each holds a replica of the model);
// `shards` is the number of pieces each batch is cut into. The old option name `workers` meant `threads`.
import { availableParallelism } from 'node:os';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EvaluateOptions } from '../evaluate.js';
import type { EvaluationResult } from '../evaluation-tally.js';
import type { BatchSource } from '../loader.js';
import type { TrainStep } from '../step.js';
import type { BackendSetup } from './backend-setup.js';
import { ParallelInference } from './parallel-inference.js';
import { ParallelStep } from './parallel-step.js';
import { DataParallelError, Pool } from './pool.js';
import { replicaWeights, WeightSync } from './weight-sync.js';

/** Options for {@link createDataParallelStep}. */
export interface DataParallelOptions {
  /** The model the step trains (the main thread's replica: evaluate and checkpoint it as usual). */
  model: tfl.LayersModel;
  /** Compute threads including the main thread (2 = main + one worker thread); default `os.availableParallelism()`. */
  threads?: number;
  /** @deprecated The same count as `threads` (its old name). */
  workers?: number;
  /**
   * Shards each batch is cut into; default `threads`. Threads claim shards as they go, so a thread slowed by other
   * load takes fewer. The result depends on the shard count, never on which thread computed which shard.
   */
  shards?: number;
  /** How each worker thread prepares its backend; it must end on the main thread's backend. */
  backendSetup: BackendSetup;
}

/**
 * Inference split over the same threads. The workers use the main thread's current weights: they are copied over
 * whenever they changed since the last call (training through the step keeps them equal without copying). Calls
 * run one at a time, in call order.
 */
export interface DataParallelInference {
  /** Number of compute threads (main thread + worker threads). */
  readonly threads: number;
  /** @deprecated The same count as `threads`. */
  readonly replicas: number;
  /** Number of shards per batch. */
  readonly shards: number;
  /** Resolves once every worker has its backend and model; rejects with {@link DataParallelError} otherwise. */
  ready(): Promise<void>;
  /**
   * `evaluate(model, loader, options)` with whole batches spread over the threads (pipelined: workers take the next
   * batch as soon as they finish one): exactly evaluate()'s result. Disposes each batch; leaves no tensors behind.
   */
  evaluate(model: tfl.LayersModel, loader: BatchSource, options?: EvaluateOptions): Promise<EvaluationResult>;
  /** The model's outputs (logits) for `images` in inference mode; does not dispose `images`; the caller disposes the result. */
  predict(images: tf.Tensor): Promise<tf.Tensor>;
  /** Ends the worker threads (idempotent). Calls after it throw. */
  dispose(): Promise<void>;
}

/** A {@link TrainStep} that splits each batch over worker threads, plus inference on them; `dispose()` ends them. */
export interface DataParallelStep extends TrainStep, DataParallelInference {
  /** Weights of every thread's replica (main first) in `model.weights` order, to check they agree. Call between steps. */
  replicaWeights(): Promise<Float32Array[][]>;
}

/** The thread and shard counts the options ask for; throws {@link DataParallelError} naming a bad option. */
export function resolveCounts(options: DataParallelOptions): { threads: number; shards: number } {
  const name = options.threads !== undefined ? 'threads' : 'workers';
  const threads = options.threads ?? options.workers ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new DataParallelError(`${name}: expected an integer ≥ 1, found ${options[name]}`);
  }
  if (options.threads !== undefined && options.workers !== undefined && options.workers !== options.threads) {
    throw new DataParallelError(
      `workers (deprecated) and threads name the same count: found workers ${options.workers}, threads ${options.threads}`,
    );
  }
  if (!options.backendSetup || typeof options.backendSetup.module !== 'string') {
    throw new DataParallelError(
      `backendSetup: expected { module, export?, options? }, found ${JSON.stringify(options.backendSetup)}`,
    );
  }
  const shards = options.shards ?? threads;
  if (!Number.isInteger(shards) || shards < 1) {
    throw new DataParallelError(`shards: expected an integer ≥ 1, found ${options.shards}`);
  }
  return { threads, shards };
}

function inference(pool: Pool, inference: ParallelInference): DataParallelInference {
  return {
    threads: pool.threads,
    replicas: pool.threads,
    shards: pool.shards,
    ready: () => pool.ready(),
    evaluate: (model, loader, options) => inference.evaluate(model, loader, options),
    predict: (images) => inference.predict(images),
    dispose: () => pool.dispose(),
  };
}

/**
 * Data-parallel training on worker threads: each batch is cut into `shards` contiguous shards which the threads
 * (main thread + workers) claim as they go; each shard's gradients, scaled so they sum to the full-batch mean, meet
 * in shared memory, and every thread applies the same optimizer step to the same sums (added in shard order), so
 * the replicas stay bit-identical and the result does not depend on who computed what. Dropout masks come from the
 * loop's per-step seed and the shard index (`shardSeed`): a run is reproducible for a given shard count, with any
 * number of threads. Use it as `train(model, loader, { step })` and call `dispose()` when done.
 * Does not dispose `images`/`labels`; leaves no tensors behind.
 */
export function createDataParallelStep(options: DataParallelOptions): DataParallelStep {
  const { threads, shards } = resolveCounts(options);
  const pool = new Pool(options.model, threads, shards, options.backendSetup, true);
  const sync = new WeightSync(pool);
  const steps = new ParallelStep(pool, sync);
  const step: TrainStep = (model, optimizer, images, labels) =>
    pool.serial(() => steps.step(model, optimizer, images, labels));
  return Object.assign(step, inference(pool, new ParallelInference(pool, sync)), {
    replicaWeights: () => pool.serial(() => replicaWeights(pool)),
  });
}

/** Options for {@link createDataParallelEvaluator}: those of {@link createDataParallelStep}. */
export type DataParallelEvaluatorOptions = DataParallelOptions;

/** Inference on worker threads without training: see {@link DataParallelInference}. */
export type DataParallelEvaluator = DataParallelInference;

/**
 * Data-parallel evaluation and prediction on worker threads for a model trained elsewhere (or by a plain
 * `trainStep`): evaluate() runs whole batches on the threads, predict() cuts a batch into `shards` pieces.
 * To evaluate a model that a {@link createDataParallelStep} trains, use that step's own `evaluate` instead: same
 * threads, and its workers already hold the weights. Call `dispose()` when done.
 */
export function createDataParallelEvaluator(options: DataParallelEvaluatorOptions): DataParallelEvaluator {
  const { threads, shards } = resolveCounts(options);
  const pool = new Pool(options.model, threads, shards, options.backendSetup, false);
  return inference(pool, new ParallelInference(pool, new WeightSync(pool)));
}
