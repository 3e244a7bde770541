// A training step on a pool's threads, main-thread side: the batch goes into the shared batch area, the main thread
// takes part in the step protocol like any worker (step-protocol.ts), then applies the summed gradients.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { NonFiniteLossError, type StepResult } from '../step.js';
import { type BatchHeader, Command, CTRL_NEXT, MAX_SAMPLE_RANK, writeHeader } from './layout.js';
import { DataParallelError, type Pool } from './pool.js';
import { applySum, getDropoutSeeds } from './replica.js';
import { replicaStep, type ShardInput, type StepReplica } from './step-protocol.js';
import { P_BETWEEN, P_COPY, P_OTHER } from './trace.js';
import type { WeightSync } from './weight-sync.js';

/** The main thread's part of data-parallel steps. */
export class ParallelStep {
  private steps = 0;
  private readonly replica: StepReplica;

  constructor(
    private readonly pool: Pool,
    private readonly sync: WeightSync,
  ) {
    const { model, layout, slots, shards, threads, trace } = pool;
    this.replica = { model, layout, slots, shards, threads, thread: 0, trace };
  }

  /** One step of `model` on a batch, on every thread. Does not dispose `images`/`labels`; leaves no tensors behind. */
  step(model: tfl.LayersModel, optimizer: tf.Optimizer, images: tf.Tensor, labels: tf.Tensor): Promise<StepResult> {
    const { pool } = this;
    return pool.busy(async () => {
      if (model !== pool.model) {
        throw new DataParallelError(
          `data-parallel step: created for model ${pool.model.name}, called with model ${model.name}; create one step per model`,
        );
      }
      await pool.ready();
      pool.trace.mark(P_BETWEEN);
      const batch = images.shape[0] as number;
      const dims = images.shape.slice(1) as number[];
      if (dims.length > MAX_SAMPLE_RANK || labels.shape[0] !== batch) {
        throw new DataParallelError(
          `data-parallel step: expected images [batch, ...≤${MAX_SAMPLE_RANK} dims] and labels [batch], found ${JSON.stringify(images.shape)} and ${JSON.stringify(labels.shape)}`,
        );
      }
      await this.sync.beforeStep(optimizer);
      pool.trace.mark(P_OTHER);
      const header: BatchHeader = { batch, dims, seeds: getDropoutSeeds(model) };
      if (pool.threads > 1) await this.share(header, images, labels);
      pool.trace.mark(P_COPY);
      const totals = await this.run(header, images, labels);
      if (!Number.isFinite(totals.loss)) {
        // Every thread sees the same non-finite total and skips the update, so they stay in step.
        this.sync.afterStep(optimizer);
        throw new NonFiniteLossError(totals.loss);
      }
      applySum(optimizer, pool.slots.sum(totals.parity), pool.layout, pool.trace);
      this.sync.afterStep(optimizer);
      pool.trace.mark(P_OTHER);
      pool.trace.count();
      return { loss: totals.loss, correct: totals.correct };
    });
  }

  /** Copies the batch (every row: any thread may claim any shard) and its header where the workers read them. */
  private async share(header: BatchHeader, images: tf.Tensor, labels: tf.Tensor): Promise<void> {
    const area = await this.pool.batchArea(
      header.batch,
      header.dims.reduce((a, b) => a * b, 1),
    );
    area.images.set(images.dataSync() as Float32Array);
    area.labels.set(labels.dataSync());
    writeHeader(this.pool.header, header);
  }

  /** Runs the step protocol on the main thread; a failure here ends the pool (the workers wait at a barrier). */
  private async run(header: BatchHeader, images: tf.Tensor, labels: tf.Tensor) {
    const { pool } = this;
    const input = (_shard: number, start: number, size: number): ShardInput => {
      if (size === header.batch) return { images, labels, release: () => {} };
      if (size === 0) return { images: null, labels: null, release: () => {} };
      const x = tf.slice(images, start, size);
      const y = tf.slice(labels, start, size);
      return { images: x, labels: y, release: () => tf.dispose([x, y]) };
    };
    try {
      Atomics.store(pool.ctrl, CTRL_NEXT, 0);
      await pool.command(Command.Step, undefined, false);
      const totals = await pool.run(replicaStep(this.replica, this.steps, header, input));
      this.steps++;
      return totals;
    } catch (e) {
      pool.fail(
        e instanceof DataParallelError
          ? e
          : new DataParallelError(`data-parallel step failed: ${(e as Error).message}`, { cause: e }),
      );
      throw pool.failedWith;
    }
  }
}
