// The main thread's side of the evaluation ring: evaluate() as a pipeline over the threads. The main thread publishes
// each loader batch into a ring slot, the workers claim published batches as soon as they finish the previous one,
// and the main thread claims one itself (running its own tensor) whenever enough are published ahead, so the workers
// never wait on the loader or the bookkeeping. Results are tallied in loader order from each batch's whole-batch
// outputs with the one EvaluationTally: evaluate()'s result, exactly.
import * as tf from '@tensorflow/tfjs-core';
import type { EvaluateOptions } from '../evaluate.js';
import { type EvaluationResult, EvaluationTally } from '../evaluation-tally.js';
import { type Batch, type BatchSource, disposeBatch } from '../loader.js';
import {
  awaitDone,
  claimAsMain,
  endStream,
  isDone,
  publish,
  RING_NEXT,
  type Ring,
  resetRing,
} from './evaluation-ring.js';
import { Command, writeHeader } from './layout.js';
import type { Pool } from './pool.js';
import { type Protocol, runOnMain } from './protocol.js';
import { P_BETWEEN, P_COPY, P_INFER, P_INFER_WAIT, P_OTHER } from './trace.js';

/** Per published batch: the batch, whether the main thread runs it itself, and its outputs once known here. */
interface Entry {
  batch: Batch;
  own: boolean;
  outputs?: tf.Tensor;
}

/** What a stream needs from the pool's inference side. */
export interface StreamHost {
  pool: Pool;
  /** The ring, grown to hold batches of `capacity` samples of `sampleSize` values. */
  ring(capacity: number, sampleSize: number): Promise<Ring>;
  /** Checks a batch's images against the model's input (and the stream's sample dims); returns their dims. */
  checkImages(images: tf.Tensor, dims?: readonly number[]): number[];
}

/** One evaluation stream over a loader (see the file comment). Run with {@link streamEvaluation}. */
class StreamRun {
  private readonly tally: EvaluationTally;
  private readonly entries: (Entry | undefined)[] = [];
  private count = 0;
  private tallied = 0;
  private exhausted = false;
  private seq = 0;

  constructor(
    private readonly host: StreamHost,
    private readonly ring: Ring,
    private readonly iterator: AsyncIterator<Batch>,
    private first: Batch | undefined,
    private readonly dims: number[],
    private readonly loader: BatchSource,
    private readonly options: EvaluateOptions,
  ) {
    this.tally = EvaluationTally.forModel(host.pool.model, options);
  }

  private get pool(): Pool {
    return this.host.pool;
  }

  private wait<T>(protocol: Protocol<T>): Promise<T> {
    return runOnMain(this.ring.words, protocol, this.pool.waits);
  }

  async run(): Promise<EvaluationResult> {
    resetRing(this.ring);
    writeHeader(this.pool.header, { batch: 0, dims: this.dims, seeds: [] });
    this.seq = await this.pool.command(Command.Stream, undefined, false);
    try {
      while (await this.advance()) this.options.signal?.throwIfAborted();
    } finally {
      await this.finish();
    }
    return this.tally.result();
  }

  /** One move of the pipeline: tally what is done, publish, claim or wait. False once everything is tallied. */
  private async advance(): Promise<boolean> {
    while (this.tallied < this.count && this.ready(this.tallied)) await this.tallyNext();
    const claimed = Atomics.load(this.ring.words, RING_NEXT);
    const workers = this.pool.threads - 1;
    if (!this.exhausted && this.count - this.tallied < this.ring.slots && this.count - claimed < workers + 1) {
      await this.publishNext();
      return true;
    }
    if (claimed < this.count && (await this.wait(claimAsMain(claimed)))) {
      this.computeOwn(claimed);
      this.pool.trace.mark(P_INFER);
      return true;
    }
    if (this.tallied < this.count) {
      await this.wait(awaitDone(this.ring.done(this.tallied % this.ring.slots), this.tallied));
      this.pool.trace.mark(P_INFER_WAIT);
      return true;
    }
    return !this.exhausted;
  }

  private ready(k: number): boolean {
    return (this.entries[k] as Entry).outputs !== undefined || isDone(this.ring, k);
  }

  /** Runs batch `k` on this thread. */
  private computeOwn(k: number): void {
    const e = this.entries[k] as Entry;
    e.outputs = tf.tidy(() => this.pool.model.apply(e.batch.images, { training: false }) as tf.Tensor);
  }

  private async tallyNext(): Promise<void> {
    const k = this.tallied;
    const e = this.entries[k] as Entry;
    if (!e.outputs) {
      if (e.own) this.computeOwn(k);
      else {
        const shape = [e.batch.size, this.ring.outputSize];
        e.outputs = tf.tensor(this.ring.outputs(k % this.ring.slots, e.batch.size), shape);
      }
    }
    this.pool.trace.mark(P_INFER);
    await this.tally.add(e.outputs as tf.Tensor, e.batch.labels);
    this.pool.trace.mark(P_OTHER);
    this.pool.trace.count();
    tf.dispose(e.outputs);
    disposeBatch(e.batch);
    this.entries[k] = undefined;
    this.tallied++;
    await this.options.onBatchEnd?.(this.tallied, this.loader.length, this.tally.samplesSeen);
  }

  /** Publishes the loader's next batch into its slot, or marks the end. */
  private async publishNext(): Promise<void> {
    let batch = this.first;
    this.first = undefined;
    if (!batch) {
      const n = await this.iterator.next();
      batch = n.done ? undefined : n.value;
    }
    this.pool.trace.mark(P_BETWEEN);
    if (!batch) {
      this.exhausted = true;
      await this.wait(endStream(this.count));
      return;
    }
    const slot = this.count % this.ring.slots;
    // A batch larger than the ring's slots (rows 0) is left to the main thread: workers skip it.
    const own = batch.size > this.ring.capacity;
    this.entries[this.count] = { batch, own };
    if (this.count > 0) this.host.checkImages(batch.images, this.dims);
    if (!own) this.ring.images(slot, batch.size).set(batch.images.dataSync() as Float32Array);
    Atomics.store(this.ring.words, this.ring.rows(slot), own ? 0 : batch.size);
    await this.wait(publish(++this.count));
    this.pool.trace.mark(P_COPY);
  }

  /** Ends the stream for the workers (on error or abort too), waits for them, and frees what is left. */
  private async finish(): Promise<void> {
    if (!this.exhausted) {
      // Workers finish the batches they claimed and stop at the end; the ring is reused only after they are done.
      await this.wait(endStream(this.count));
      await this.iterator.return?.();
    }
    await this.pool.finished(this.seq);
    for (const e of this.entries.splice(this.tallied)) {
      if (!e) continue;
      tf.dispose(e.outputs);
      disposeBatch(e.batch);
    }
  }
}

/**
 * Evaluates `loader` on the pool's threads (whole batches each), exactly as evaluate() would on the main thread.
 * Disposes each batch; leaves no tensors behind.
 */
export async function streamEvaluation(
  host: StreamHost,
  loader: BatchSource,
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const iterator = loader.batches(options.epoch ?? 0)[Symbol.asyncIterator]();
  const head = await iterator.next();
  if (head.done) return EvaluationTally.forModel(host.pool.model, options).result();
  const first = head.value;
  let dims: number[];
  let ring: Ring;
  try {
    dims = host.checkImages(first.images);
    ring = await host.ring(
      first.size,
      dims.reduce((a, b) => a * b, 1),
    );
  } catch (e) {
    disposeBatch(first);
    await iterator.return?.();
    throw e;
  }
  return new StreamRun(host, ring, iterator, first, dims, loader, options).run();
}
