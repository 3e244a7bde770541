import type { BackendReport, BrowserBackendChoice } from '@mnistkit/backend';
import type { Dataset } from '@mnistkit/data';
import { type EvaluationResult, summarize } from './evaluation.js';
import type { EvaluationReply, EvaluationRequest, ModelArtifactsData, SampleChunk } from './workers/protocol.js';

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
  createWorker: () => WorkerLike;
}

/** Options of {@link EvaluationPool.evaluate}. */
export interface PoolEvaluateOptions {
  numClasses?: number;
  /** Samples per batch a worker runs at once (default 64). */
  batchSize?: number;
  /** Called as batches come back, with the number of samples done. */
  onProgress?: (done: number, total: number) => void;
  /** Rejects at once with the signal's reason; the workers drop what they still hold of the run. */
  signal?: AbortSignal;
}

/** Batches a worker holds at once: one computing, one waiting, so it never idles between messages. */
const IN_FLIGHT = 2;

interface Job {
  id: number;
  dataset: Dataset;
  next: number;
  batches: number;
  batchSize: number;
  numClasses: number;
  received: number;
  predictions: Int32Array;
  confidences: Float32Array;
  lossSums: Float64Array;
  onBatch: (batchId: number, done: number) => void;
  fail: (error: Error) => void;
}

/**
 * Evaluation on several Web Workers side by side: each worker holds the model and takes whole batches, claimed as it
 * finishes one (so a slower worker takes fewer), and the page puts the per-sample results back in data set order.
 * The result equals a one-thread run's exactly: every batch is computed whole by one worker, as
 * @mnistkit/training's `evaluate` does. No shared memory is needed, so it works without cross-origin isolation.
 */
export class EvaluationPool {
  readonly threads: number;
  private readonly workers: { worker: WorkerLike; busy: number }[] = [];
  private readonly ready$: Promise<BackendReport>;
  private modelId = 0;
  private jobId = 0;
  private job: Job | undefined;

  constructor(options: EvaluationPoolOptions) {
    this.threads = Math.max(1, Math.floor(options.threads));
    const reports: Promise<BackendReport>[] = [];
    for (let i = 0; i < this.threads; i++) {
      const worker = options.createWorker();
      const slot = { worker, busy: 0 };
      this.workers.push(slot);
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
            else if (message.type === 'error') {
              const error = new Error(message.message);
              if (message.jobId === undefined) reject(error);
              if (message.jobId === undefined || message.jobId === this.job?.id) this.job?.fail(error);
              slot.busy = Math.max(0, slot.busy - 1);
              this.feed(slot);
            } else this.receive(slot, message);
          };
        }),
      );
      worker.postMessage({ type: 'init', backend: options.backend, wasmThreads: options.wasmThreads ?? 1 });
    }
    this.ready$ = Promise.all(reports).then((all) => all[0] as BackendReport);
  }

  /** The backend report of the workers (they all set up the same one); rejects when one cannot start. */
  ready(): Promise<BackendReport> {
    return this.ready$;
  }

  /** Hands every worker the model to evaluate from now on. */
  setModel(artifacts: ModelArtifactsData): void {
    this.modelId++;
    for (const { worker } of this.workers) {
      worker.postMessage({ type: 'model', modelId: this.modelId, artifacts });
    }
  }

  /** Evaluates the first `count` samples of `dataset` with the current model. One run at a time. */
  async evaluate(dataset: Dataset, count: number, options: PoolEvaluateOptions = {}): Promise<EvaluationResult> {
    if (this.job !== undefined) throw new Error('evaluation pool: a run is already going');
    if (this.modelId === 0) throw new Error('evaluation pool: no model set');
    const report = await this.ready$;
    options.signal?.throwIfAborted();
    const batchSize = options.batchSize ?? 64;
    const total = Math.min(count, dataset.length);
    const started = performance.now();
    const finished = new Promise<Job>((resolve, reject) => {
      const job: Job = {
        id: ++this.jobId,
        dataset,
        next: 0,
        batches: Math.ceil(total / batchSize),
        batchSize,
        numClasses: options.numClasses ?? 10,
        received: 0,
        predictions: new Int32Array(total),
        confidences: new Float32Array(total),
        lossSums: new Float64Array(Math.ceil(total / batchSize)),
        onBatch: (_batchId, done) => {
          options.onProgress?.(done, total);
          if (job.received === job.batches) resolve(job);
        },
        fail: reject,
      };
      const abort = () => reject(options.signal?.reason ?? new DOMException('Evaluation cancelled', 'AbortError'));
      options.signal?.addEventListener('abort', abort, { once: true });
      this.job = job;
      if (job.batches === 0) resolve(job);
      for (const slot of this.workers) this.feed(slot);
    });
    try {
      const job = await finished;
      const labels = new Int32Array(total);
      for (let i = 0; i < total; i++) labels[i] = dataset.get(i).label;
      let lossSum = 0;
      for (const l of job.lossSums) lossSum += l;
      return summarize({
        labels,
        predictions: job.predictions,
        confidences: job.confidences,
        lossSum,
        numClasses: job.numClasses,
        seconds: (performance.now() - started) / 1000,
        backend: report.name,
        threads: this.threads,
      });
    } finally {
      this.job = undefined;
    }
  }

  /** Ends the workers. */
  dispose(): void {
    for (const { worker } of this.workers) worker.terminate();
    this.workers.length = 0;
  }

  private feed(slot: { worker: WorkerLike; busy: number }): void {
    const job = this.job;
    while (job !== undefined && slot.busy < IN_FLIGHT && job.next < job.batches) {
      const batchId = job.next++;
      const chunk = chunkOf(job.dataset, batchId * job.batchSize, job.batchSize, job.predictions.length);
      slot.busy++;
      slot.worker.postMessage(
        { type: 'batch', jobId: job.id, batchId, modelId: this.modelId, chunk, numClasses: job.numClasses },
        [chunk.images.buffer, chunk.labels.buffer],
      );
    }
  }

  private receive(
    slot: { worker: WorkerLike; busy: number },
    message: Extract<EvaluationReply, { type: 'batch' }>,
  ): void {
    slot.busy = Math.max(0, slot.busy - 1);
    const job = this.job;
    // A batch of a cancelled run: dropped, and the worker free for the run now going.
    if (job === undefined || message.jobId !== job.id) {
      this.feed(slot);
      return;
    }
    const offset = message.batchId * job.batchSize;
    job.predictions.set(message.predictions, offset);
    job.confidences.set(message.confidences, offset);
    job.lossSums[message.batchId] = message.lossSum;
    job.received++;
    this.feed(slot);
    job.onBatch(message.batchId, Math.min(job.predictions.length, job.received * job.batchSize));
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
