// Inference on a pool's threads, main-thread side: predict() splits one batch into pieces the threads claim;
// evaluate() streams whole loader batches through the evaluation ring (ring-stream.ts).
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type EvaluateOptions, evaluate } from '../evaluate.js';
import type { EvaluationResult } from '../evaluation-tally.js';
import type { BatchSource } from '../loader.js';
import { type Ring, ringBytes, ringViews } from './evaluation-ring.js';
import { Command, CTRL_NEXT, MAX_SAMPLE_RANK, writeHeader } from './layout.js';
import { DataParallelError, type Pool } from './pool.js';
import { claimEach } from './protocol.js';
import { inferShard } from './replica.js';
import { type StreamHost, streamEvaluation } from './ring-stream.js';
import { shardSizes, shardStarts } from './step-protocol.js';
import { P_BETWEEN, P_COPY, P_INFER, P_INFER_WAIT } from './trace.js';
import type { WeightSync } from './weight-sync.js';

/** Evaluation ring slots per thread: enough published batches ahead that no worker waits on the main thread. */
const RING_SLOTS_PER_THREAD = 3;

/** predict() and evaluate() on a pool's threads, with the main thread's current weights. */
export class ParallelInference implements StreamHost {
  private current: Ring | undefined;

  constructor(
    readonly pool: Pool,
    private readonly sync: WeightSync,
  ) {}

  /** Checks a batch's images against the model's input (and `dims`, when given); returns their sample dims. */
  checkImages(images: tf.Tensor, dims?: readonly number[]): number[] {
    const { model } = this.pool;
    const d = images.shape.slice(1) as number[];
    const expected = model.inputs[0]?.shape.slice(1) ?? [];
    if (
      model.inputs.length !== 1 ||
      d.length !== expected.length ||
      d.length > MAX_SAMPLE_RANK ||
      d.some((n, i) => (expected[i] !== null && expected[i] !== n) || (dims && dims[i] !== n))
    ) {
      throw new DataParallelError(
        `data-parallel inference: model ${model.name} takes inputs ${JSON.stringify(model.inputs.map((i) => i.shape))}, found images ${JSON.stringify(images.shape)}`,
      );
    }
    return d;
  }

  /** The evaluation ring, grown (and handed to the workers) when batches do not fit. */
  async ring(capacity: number, sampleSize: number): Promise<Ring> {
    const cur = this.current;
    if (cur && cur.capacity >= capacity && cur.sampleSize === sampleSize) return cur;
    const m = {
      slots: RING_SLOTS_PER_THREAD * this.pool.threads,
      capacity: Math.max(capacity, cur?.capacity ?? 0),
      sampleSize,
      outputSize: this.pool.outputSize,
    };
    const layout = { ...m, buffer: new SharedArrayBuffer(ringBytes(m)) };
    await this.pool.command(Command.Ring, layout);
    this.current = ringViews(layout);
    return this.current;
  }

  /** The model's outputs for `images` (split into `shards` pieces the threads claim); caller disposes the result. */
  predict(images: tf.Tensor): Promise<tf.Tensor> {
    const { pool } = this;
    return pool.serial(() =>
      pool.busy(async () => {
        await pool.ready();
        const values = await this.infer(images);
        // modelOutputSize() checked the model has one output of fixed shape.
        const sample = (pool.model.outputs[0] as tfl.SymbolicTensor).shape.slice(1) as number[];
        return tf.tensor(values, [images.shape[0] as number, ...sample], 'float32');
      }),
    );
  }

  /** evaluate() with whole batches spread over the threads: exactly evaluate()'s result. */
  evaluate(model: tfl.LayersModel, loader: BatchSource, options: EvaluateOptions = {}): Promise<EvaluationResult> {
    const { pool } = this;
    return pool.serial(() =>
      pool.busy(async () => {
        if (model !== pool.model) {
          throw new DataParallelError(
            `data-parallel evaluate: created for model ${pool.model.name}, called with model ${model.name}; create one per model`,
          );
        }
        if (pool.threads === 1) return evaluate(model, loader, options);
        await pool.ready();
        await this.sync.beforeInference();
        return streamEvaluation(this, loader, options);
      }),
    );
  }

  /**
   * Inference-mode outputs of `images`, cut into `shards` contiguous pieces that the threads claim as they go; each
   * piece runs through the model whole. Returns a view of the shared output area (valid until the next call).
   */
  private async infer(images: tf.Tensor): Promise<Float32Array> {
    const { pool } = this;
    const dims = this.checkImages(images);
    await this.sync.beforeInference();
    pool.trace.mark(P_BETWEEN);
    const rows = images.shape[0] as number;
    const area = await pool.batchArea(
      rows,
      dims.reduce((a, b) => a * b, 1),
    );
    const sizes = shardSizes(rows, pool.shards);
    // No empty pieces, so the table (one entry per sample at most) always has room.
    const pieces = shardStarts(sizes)
      .map((start, k) => [start, sizes[k] as number] as const)
      .filter(([, size]) => size > 0);
    if (pool.threads > 1) {
      area.images.set(images.dataSync() as Float32Array);
      area.pieces[0] = pieces.length;
      pieces.forEach(([start, size], p) => {
        area.pieces[1 + 2 * p] = start;
        area.pieces[2 + 2 * p] = size;
      });
      writeHeader(pool.header, { batch: rows, dims, seeds: [] });
    }
    const out = pool.outputSize;
    pool.trace.mark(P_COPY);
    Atomics.store(pool.ctrl, CTRL_NEXT, 0);
    const seq = await pool.command(Command.Infer, undefined, false);
    let error: unknown;
    try {
      await pool.run(
        claimEach(CTRL_NEXT, pieces.length, (p) => {
          const [start, size] = pieces[p] as readonly [number, number];
          const x = size === rows ? images : tf.slice(images, start, size);
          try {
            inferShard(pool.model, x, area.outputs.subarray(start * out, (start + size) * out));
          } finally {
            if (x !== images) x.dispose();
          }
        }),
      );
    } catch (e) {
      // Unclaimed pieces are left to the workers; the output area must not be reused before they are done.
      error = e;
      Atomics.store(pool.ctrl, CTRL_NEXT, pieces.length);
    }
    pool.trace.mark(P_INFER);
    await pool.finished(seq);
    pool.trace.mark(P_INFER_WAIT);
    pool.trace.count();
    if (error) {
      throw new DataParallelError(`data-parallel inference failed: ${(error as Error).message}`, { cause: error });
    }
    return area.outputs.subarray(0, rows * out);
  }
}
