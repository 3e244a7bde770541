import type { BackendReport, BrowserBackendChoice, WasmSimdVariant } from '@mnistkit/backend';
import type { Dataset } from '@mnistkit/data';
import { EvaluationTally } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import type { ViewerEvaluation } from './evaluation.js';
import {
  EVALUATION_BATCH,
  type EvaluationReply,
  type EvaluationRequest,
  type ModelArtifactsData,
  type SampleChunk,
} from './workers/protocol.js';

/** The part of a `Worker` the pool uses (tests pass in-process fakes). */
export interface WorkerLike {
  postMessage(message: EvaluationRequest, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<EvaluationReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** Options of {@link EvaluationPool}. */
export interface EvaluationPoolOptions {
  threads: number;
  backend: BrowserBackendChoice;
  /** tfjs-backend-wasm threads inside each worker (1: its single-threaded build; see `chooseWasmBuild`). */
  wasmThreads?: number;
  /** Build of mnistkit's wasm kernels in the workers (default `auto`). */
  wasmSimd?: WasmSimdVariant | 'auto';
  createWorker: () => WorkerLike;
}

/** Options of {@link EvaluationPool.evaluate}. */
export interface PoolEvaluateOptions {
  /** What the model gives: `logits` (default) or `probabilities` (it ends in softmax). */
  outputs?: 'logits' | 'probabilities';
  /** How many of the most confident mistakes to keep (default 40). */
  mistakes?: number;
  /** Samples per batch a worker runs at once (default {@link EVALUATION_BATCH}). */
  batchSize?: number;
  /** Called as batches are tallied, with the number of samples done. */
  onProgress?: (done: number, total: number) => void;
  /** Rejects at once with the signal's reason; the workers drop what they still hold of the run. */
  signal?: AbortSignal;
}

/** Batches a worker holds at once: one computing, one waiting, so it never idles between messages. */
const IN_FLIGHT = 2;

interface Job {
  id: number;
  dataset: Dataset;
  total: number;
  /** Next batch to hand out, and next batch to tally (the tally takes batches in data set order). */
  next: number;
  tallied: number;
  batches: number;
  batchSize: number;
  tally: EvaluationTally | undefined;
  options: PoolEvaluateOptions;
  /** Outputs that came back before the batches ahead of them. */
  waiting: Map<number, Float32Array>;
  /** Tallying, one batch after another. */
  chain: Promise<void>;
  done: () => void;
  fail: (error: Error) => void;
}

/**
 * Evaluation on several Web Workers side by side: each worker holds the model and takes whole batches, claimed as it
 * finishes one (so a slower worker takes fewer), and the page puts the per-sample results back in data set order.
 * The result equals a one-thread run's exactly: every batch is computed whole by one worker, as
 * @mnistkit/training's `evaluate` does. No shared memory is needed, so it works without cross-origin isolation.
 */
export class EvaluationPool {
  /** Workers side by side. */
  readonly workers: number;
  /** Threads that compute: workers × tfjs-wasm threads in each. */
  readonly threads: number;
  private readonly slots: { worker: WorkerLike; busy: number }[] = [];
  private readonly ready$: Promise<BackendReport>;
  private modelId = 0;
  private jobId = 0;
  private job: Job | undefined;
  /** The workers still loading the current model, and who waits for them. */
  private loading: { left: number; done: () => void; fail: (error: Error) => void } | undefined;

  constructor(options: EvaluationPoolOptions) {
    this.workers = Math.max(1, Math.floor(options.threads));
    this.threads = this.workers * Math.max(1, options.wasmThreads ?? 1);
    const reports: Promise<BackendReport>[] = [];
    for (let i = 0; i < this.workers; i++) {
      const worker = options.createWorker();
      const slot = { worker, busy: 0 };
      this.slots.push(slot);
      reports.push(
        new Promise<BackendReport>((resolve, reject) => {
          worker.onerror = (event) => {
            const error = new Error(`evaluation worker: ${event.message || 'failed to start'}`);
            reject(error);
            this.job?.fail(error);
          };
          worker.onmessage = (event) => {
            const message = event.data;
            if (message.type === 'ready') resolve(message.report);
            else if (message.type === 'model-ready') {
              if (message.modelId === this.modelId) this.modelLoaded();
            } else if (message.type === 'error') {
              const error = new Error(message.message);
              if (message.jobId === undefined) {
                reject(error);
                this.loading?.fail(error);
                this.loading = undefined;
              }
              if (message.jobId === undefined || message.jobId === this.job?.id) this.job?.fail(error);
              slot.busy = Math.max(0, slot.busy - 1);
              this.feed(slot);
            } else this.receive(slot, message);
          };
        }),
      );
      worker.postMessage({
        type: 'init',
        backend: options.backend,
        wasmThreads: options.wasmThreads ?? 1,
        wasmSimd: options.wasmSimd ?? 'auto',
      });
    }
    this.ready$ = Promise.all(reports).then((all) => all[0] as BackendReport);
  }

  /** The backend report of the workers (they all set up the same one); rejects when one cannot start. */
  ready(): Promise<BackendReport> {
    return this.ready$;
  }

  /**
   * Hands every worker the model to evaluate from now on; resolves once each has loaded it and run it once (so an
   * evaluation started after that runs at full speed from its first batch), rejects when one cannot load it.
   */
  setModel(artifacts: ModelArtifactsData): Promise<void> {
    this.modelId++;
    this.loading?.done(); // The model it waited for is replaced; nobody evaluates it.
    const loaded = new Promise<void>((done, fail) => {
      this.loading = { left: this.slots.length, done, fail };
    });
    for (const { worker } of this.slots) {
      worker.postMessage({ type: 'model', modelId: this.modelId, artifacts });
    }
    return loaded;
  }

  private modelLoaded(): void {
    if (this.loading === undefined) return;
    this.loading.left--;
    if (this.loading.left === 0) {
      this.loading.done();
      this.loading = undefined;
    }
  }

  /**
   * Evaluates the first `count` samples of `dataset` with the current model: the workers compute the outputs, the
   * page tallies them in data set order with @mnistkit/training's `EvaluationTally`, so the figures are those of
   * `evaluate()` in Node. One run at a time.
   */
  async evaluate(dataset: Dataset, count: number, options: PoolEvaluateOptions = {}): Promise<ViewerEvaluation> {
    if (this.job !== undefined) throw new Error('evaluation pool: a run is already going');
    if (this.modelId === 0) throw new Error('evaluation pool: no model set');
    const report = await this.ready$;
    options.signal?.throwIfAborted();
    const batchSize = options.batchSize ?? EVALUATION_BATCH;
    const total = Math.min(count, dataset.length);
    const started = performance.now();
    let job: Job | undefined;
    const finished = new Promise<void>((resolve, reject) => {
      job = {
        id: ++this.jobId,
        dataset,
        total,
        next: 0,
        tallied: 0,
        batches: Math.ceil(total / batchSize),
        batchSize,
        tally: undefined,
        options,
        waiting: new Map(),
        chain: Promise.resolve(),
        done: resolve,
        fail: reject,
      };
      const abort = () => reject(options.signal?.reason ?? new DOMException('Evaluation cancelled', 'AbortError'));
      options.signal?.addEventListener('abort', abort, { once: true });
      this.job = job;
      if (job.batches === 0) resolve();
      for (const slot of this.slots) this.feed(slot);
    });
    try {
      await finished;
      const result = (job as Job).tally?.result() ?? new EvaluationTally(10).result();
      return {
        ...result,
        samples: result.samples ?? {
          labels: new Int32Array(0),
          predicted: new Int32Array(0),
          confidences: new Float32Array(0),
        },
        mistakes: result.mistakes ?? [],
        seconds: (performance.now() - started) / 1000,
        backend: report.name,
        threads: this.threads,
      };
    } finally {
      this.job = undefined;
    }
  }

  /** Ends the workers. */
  dispose(): void {
    for (const { worker } of this.slots) worker.terminate();
    this.slots.length = 0;
  }

  private feed(slot: { worker: WorkerLike; busy: number }): void {
    const job = this.job;
    while (job !== undefined && slot.busy < IN_FLIGHT && job.next < job.batches) {
      const batchId = job.next++;
      const chunk = chunkOf(job.dataset, batchId * job.batchSize, job.batchSize, job.total);
      slot.busy++;
      slot.worker.postMessage({ type: 'batch', jobId: job.id, batchId, modelId: this.modelId, chunk }, [
        chunk.images.buffer,
        chunk.labels.buffer,
      ]);
    }
  }

  private receive(slot: { worker: WorkerLike; busy: number }, message: Extract<EvaluationReply, { type: 'batch' }>) {
    slot.busy = Math.max(0, slot.busy - 1);
    const job = this.job;
    // A batch of a cancelled run is dropped; either way the worker takes the next batch of the run now going.
    if (job !== undefined && message.jobId === job.id) {
      job.tally ??= new EvaluationTally(message.classes, {
        outputs: job.options.outputs ?? 'logits',
        mistakes: job.options.mistakes ?? 40,
        keepSamples: true,
      });
      job.waiting.set(message.batchId, message.outputs);
      job.chain = job.chain.then(() => this.tallyReady(job)).catch((error: unknown) => job.fail(error as Error));
    }
    this.feed(slot);
  }

  /** Tallies the batches that are next in data set order and have come back. */
  private async tallyReady(job: Job): Promise<void> {
    const tally = job.tally as EvaluationTally;
    for (let outputs = job.waiting.get(job.tallied); outputs !== undefined; outputs = job.waiting.get(job.tallied)) {
      job.waiting.delete(job.tallied);
      const start = job.tallied * job.batchSize;
      const size = Math.min(job.batchSize, job.total - start);
      const labels = new Int32Array(size);
      for (let i = 0; i < size; i++) labels[i] = job.dataset.get(start + i).label;
      const logits = tf.tensor2d(outputs, [size, tally.numClasses]);
      const labelTensor = tf.tensor1d(labels, 'int32');
      try {
        await tally.add(logits, labelTensor);
      } finally {
        tf.dispose([logits, labelTensor]);
      }
      job.tallied++;
      job.options.onProgress?.(tally.samplesSeen, job.total);
      if (job.tallied === job.batches) job.done();
    }
  }
}

/** Copies samples [start, start + size) (clipped to `end`) into one transferable chunk. */
export function chunkOf(dataset: Dataset, start: number, size: number, end: number): SampleChunk {
  const stop = Math.min(start + size, end);
  const [h, w] = dataset.imageShape ?? [28, 28];
  const images = new Uint8Array((stop - start) * h * w);
  const labels = new Int32Array(stop - start);
  for (let i = start; i < stop; i++) {
    const sample = dataset.get(i);
    images.set(sample.image, (i - start) * h * w);
    labels[i - start] = sample.label;
  }
  return { images, labels, shape: [h, w] };
}
