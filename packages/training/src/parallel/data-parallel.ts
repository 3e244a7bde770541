import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { captureCheckpoint } from '../checkpoint.js';
import { type EvaluateOptions, evaluate } from '../evaluate.js';
import { type EvaluationResult, EvaluationTally } from '../evaluation-tally.js';
import { type Batch, type BatchSource, disposeBatch } from '../loader.js';
import { NonFiniteLossError, type StepResult, type TrainStep } from '../step.js';
import {
  formatProfile,
  P_BARRIER,
  P_BETWEEN,
  P_COPY,
  P_INFER,
  P_INFER_WAIT,
  P_OTHER,
  P_SUM,
  profileBytes,
  Stopwatch,
} from './profile.js';
import {
  applySum,
  Command,
  CTRL_ARRIVED,
  CTRL_CMD,
  CTRL_NEXT,
  CTRL_SEQ,
  CTRL_SUMMED,
  claimShards,
  computeShard,
  ctrlDone,
  ctrlLength,
  ctrlReady,
  getDropoutSeeds,
  HEADER_BATCH,
  HEADER_DIMS,
  HEADER_RANK,
  HEADER_SEEDS,
  inferShard,
  inputBytes,
  inputViews,
  MAX_SAMPLE_RANK,
  modelOutputSize,
  type ParameterLayout,
  parameterLayout,
  RING_END,
  RING_FILLED,
  RING_NEXT,
  type RingMessage,
  ringBytes,
  ringViews,
  type SharedBuffers,
  setDropoutSeeds,
  shardSeed,
  shardSizes,
  shardStarts,
  slotViews,
  stepTotals,
  sumRange,
  sumShards,
} from './replica.js';
import type { WorkerInit } from './worker.js';

/**
 * How a worker thread prepares its TF.js backend: it imports `module` and awaits `module[export](options)`.
 * The library never picks a backend itself. `module` is resolved from the worker script inside
 * `@mnistkit/training`, so pass a URL or absolute path, e.g. `import.meta.resolve('@mnistkit/backend/node')`.
 */
export interface BackendSetup {
  module: string;
  /** Export to call; default `default`. */
  export?: string;
  /** Argument passed to it, e.g. `{ backend: 'wasm' }` for `selectNodeBackend`. Must be structured-cloneable. */
  options?: unknown;
}

/** Options for {@link createDataParallelStep}. */
export interface DataParallelOptions {
  /** The model the step trains (the main thread's replica: evaluate and checkpoint it as usual). */
  model: tfl.LayersModel;
  /** Replicas including the main thread (2 = main + one worker thread); default `os.availableParallelism()`. */
  workers?: number;
  /**
   * Shards each batch is cut into; default `workers`. Replicas claim shards as they go, so a thread slowed by other
   * load takes fewer. The result depends on the shard count, never on which replica computed which shard.
   */
  shards?: number;
  /** How each worker thread prepares its backend; it must end on the main thread's backend. */
  backendSetup: BackendSetup;
}

/**
 * Inference split over the same replicas: each batch is cut into shards that the replicas claim as they go. The
 * workers use the main thread's current weights: they are copied over whenever they changed since the last call
 * (training through the step keeps them equal without copying). Calls run one at a time, in call order.
 */
export interface DataParallelInference {
  /** Number of replicas (main thread + worker threads). */
  readonly replicas: number;
  /** Number of shards per batch. */
  readonly shards: number;
  /** Resolves once every worker has its backend and model; rejects with {@link DataParallelError} otherwise. */
  ready(): Promise<void>;
  /**
   * `evaluate(model, loader, options)` with whole batches spread over the replicas (pipelined: workers take the next
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
  /** Weights of every replica (main first) in `model.weights` order, to check they agree. Call between steps. */
  replicaWeights(): Promise<Float32Array[][]>;
}

/** A worker thread failed (its error is in the message and `cause`), or the step was misused. */
export class DataParallelError extends Error {
  override readonly name = 'DataParallelError';
}

/** How long the main thread blocks at a step's barrier before waiting asynchronously. */
const SYNC_WAIT_MS = 200;

/** Evaluation ring slots per replica: enough published batches ahead that no worker waits on the main thread. */
const RING_SLOTS_PER_REPLICA = 3;

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Spawns the replica worker; from TypeScript sources (tests), through tsx, on the `@mnistkit/source` condition. */
function spawnWorker(init: WorkerInit): Worker {
  const options = { workerData: init, transferList: [init.port] };
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), options);
  // Node 20 ignores `--import tsx` in a worker's execArgv for its entry, so the worker registers tsx itself.
  const tsxApi = createRequire(here)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const entry = new URL('./worker.ts', here).href;
  const code = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, {
    ...options,
    eval: true,
    execArgv: [...process.execArgv, '--conditions=@mnistkit/source'],
  });
}

class Coordinator {
  readonly replicas: number;
  private readonly layout: ParameterLayout;
  private readonly buffers: SharedBuffers;
  private readonly ctrl: Int32Array;
  private readonly header: Float64Array;
  private readonly slots: ReturnType<typeof slotViews>;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly exited: Promise<void>[] = [];
  private failure: Error | undefined;
  private readonly failed: Promise<never>;
  private rejectFailed!: (e: Error) => void;
  private started: Promise<void> | undefined;
  private disposing: Promise<void> | undefined;
  private steps = 0;
  private busyCount = 0;
  private inputs: (ReturnType<typeof inputViews> & { capacity: number; sampleSize: number }) | undefined;
  private synced: { optimizer: tf.Optimizer; iterations: number; ids: unknown[] } | undefined;
  /** Identities of the weight tensors whose values the workers hold (a changed identity means changed weights). */
  private heldIds: unknown[] | undefined;
  private readonly outputSize: number;
  private ring: (ReturnType<typeof ringViews> & Omit<RingMessage, 'buffer'>) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly sw: Stopwatch;

  constructor(
    readonly model: tfl.LayersModel,
    replicas: number,
    readonly shards: number,
    private readonly backendSetup: BackendSetup,
    training = true,
  ) {
    this.replicas = replicas;
    this.layout = parameterLayout(model);
    this.outputSize = modelOutputSize(model);
    this.buffers = {
      ctrl: new SharedArrayBuffer(ctrlLength(replicas) * 4),
      header: new SharedArrayBuffer((HEADER_SEEDS + model.layers.length) * 8),
      // An inference-only pool never steps: no gradient slots.
      grads: new SharedArrayBuffer(training ? 2 * (shards + 1) * this.layout.total * 4 : 0),
      results: new SharedArrayBuffer(2 * shards * 2 * 8),
      profile: new SharedArrayBuffer(profileBytes(replicas)),
    };
    this.sw = new Stopwatch(this.buffers.profile, 0);
    this.ctrl = new Int32Array(this.buffers.ctrl);
    this.header = new Float64Array(this.buffers.header);
    this.slots = slotViews(this.buffers, this.layout, shards);
    this.failed = new Promise<never>((_, reject) => {
      this.rejectFailed = reject;
    });
    this.failed.catch(() => {}); // surfaced by the next call instead
    if (replicas > 1) this.spawn();
  }

  private spawn(): void {
    const modelTopology = this.model.toJSON(null, false) as object;
    for (let w = 1; w < this.replicas; w++) {
      const channel = new MessageChannel();
      const worker = spawnWorker({
        index: w,
        replicas: this.replicas,
        shards: this.shards,
        buffers: this.buffers,
        port: channel.port2,
        backendSetup: this.backendSetup,
        modelTopology,
      });
      worker.unref();
      this.exited.push(new Promise((resolve) => worker.once('exit', () => resolve())));
      worker.on('error', (e) => {
        this.fail(new DataParallelError(`data-parallel worker ${w} failed: ${e.message}`, { cause: e }));
      });
      worker.on('exit', (code) => {
        if (!this.disposing) {
          this.fail(new DataParallelError(`data-parallel worker ${w} exited unexpectedly (exit code ${code})`));
        }
      });
      this.workers.push(worker);
      this.ports.push(channel.port1);
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.rejectFailed(error);
    void this.dispose();
  }

  /** Waits until control word `index` reaches `target`, or a worker fails. */
  private async waitUntil(index: number, target: number): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      const value = Atomics.load(this.ctrl, index);
      if (value >= target) return;
      const r = waitAsync(this.ctrl, index, value, 1000);
      if (r.async) await Promise.race([r.value, this.failed]);
    }
  }

  /**
   * {@link waitUntil} for the barriers inside a step: the peers are due within milliseconds, so block on
   * Atomics.wait first (no trip through the event loop); only a longer wait goes async, where a failure shows up.
   */
  private async barrier(index: number, target: number): Promise<void> {
    const deadline = performance.now() + SYNC_WAIT_MS;
    for (let v = Atomics.load(this.ctrl, index); v < target; v = Atomics.load(this.ctrl, index)) {
      const left = deadline - performance.now();
      if (left <= 0 || this.failure) return this.waitUntil(index, target);
      Atomics.wait(this.ctrl, index, v, left);
    }
  }

  /** Keeps the process alive for the workers only while a call is in flight, so a forgotten dispose() cannot hang it. */
  private async busy<T>(run: () => Promise<T>): Promise<T> {
    if (this.disposing) {
      throw this.failure ?? new DataParallelError('data-parallel step: used after dispose()');
    }
    if (this.busyCount++ === 0) for (const w of this.workers) w.ref();
    try {
      return await run();
    } finally {
      if (--this.busyCount === 0) for (const w of this.workers) w.unref();
    }
  }

  ready(): Promise<void> {
    this.started ??= this.busy(async () => {
      const backend = tf.getBackend();
      for (let w = 1; w < this.replicas; w++) {
        await this.waitUntil(ctrlReady(w), 1);
        const reply = receiveMessageOnPort(this.ports[w - 1] as MessagePort)?.message as { backend: string };
        if (reply?.backend !== backend) {
          throw new DataParallelError(
            `data-parallel worker ${w}: backendSetup ${this.backendSetup.module}#${this.backendSetup.export ?? 'default'} ` +
              `left backend '${reply?.backend}', but the main thread runs on '${backend}'; replicas must use the same backend`,
          );
        }
      }
    });
    this.started.catch(() => {});
    return this.started;
  }

  /** Issues a command to every worker; with `wait`, resolves once all have finished it. Returns its sequence number. */
  private async command(cmd: Command, message?: unknown, wait = true): Promise<number> {
    if (this.replicas === 1) return 0;
    if (message !== undefined) for (const p of this.ports) p.postMessage(message);
    Atomics.store(this.ctrl, CTRL_CMD, cmd);
    this.sw.issued();
    const seq = Atomics.add(this.ctrl, CTRL_SEQ, 1) + 1;
    Atomics.notify(this.ctrl, CTRL_SEQ);
    if (wait) await this.finished(seq);
    return seq;
  }

  /** Resolves once every worker has finished command `seq`. */
  private async finished(seq: number): Promise<void> {
    for (let w = 1; w < this.replicas; w++) await this.waitUntil(ctrlDone(w), seq);
  }

  /** Runs calls that use the shared buffers one at a time, in call order. */
  serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    this.queue = result.catch(() => {});
    return result;
  }

  private weightIds(): unknown[] {
    return this.model.weights.map((w) => (w.read() as tf.Tensor).dataId);
  }

  /** True when the model or optimizer changed outside this step (first call, checkpoint restore, new optimizer). */
  private needsSync(optimizer: tf.Optimizer): boolean {
    const s = this.synced;
    if (!s || s.optimizer !== optimizer || s.iterations !== optimizer.iterations) return true;
    const ids = this.weightIds();
    return ids.some((id, i) => id !== s.ids[i]);
  }

  private markSynced(optimizer: tf.Optimizer): void {
    this.synced = { optimizer, iterations: optimizer.iterations, ids: this.weightIds() };
    this.heldIds = this.synced.ids;
  }

  /** Copies the main thread's weights (not the optimizer) to the workers when they changed since they last got them. */
  private async syncWeights(): Promise<void> {
    const ids = this.weightIds();
    const held = this.heldIds;
    if (held && ids.every((id, i) => id === held[i])) return;
    const weights = this.model.weights.map((w) => (w.read() as tf.Tensor).dataSync() as Float32Array);
    await this.command(Command.Weights, { weights });
    this.heldIds = ids;
  }

  /** Copies the main thread's weights and optimizer state (exactly, Adam's β powers included) to every worker. */
  private async sync(optimizer: tf.Optimizer): Promise<void> {
    if (this.replicas > 1) {
      const checkpoint = await captureCheckpoint(this.model, optimizer, {
        epoch: 0,
        step: 0,
        history: [],
        rng: { seed: 0, dropout: 'mix(seed, epoch, step, layer)' },
      });
      await this.command(Command.Sync, { checkpoint, config: optimizer.getConfig() });
    }
    this.markSynced(optimizer);
  }

  private async ensureInputs(batch: number, sampleSize: number): Promise<void> {
    const cur = this.inputs;
    if (cur && cur.capacity >= batch && cur.sampleSize === sampleSize) return;
    const capacity = Math.max(batch, cur?.capacity ?? 0);
    const { outputSize } = this;
    const buffer = new SharedArrayBuffer(inputBytes(capacity, sampleSize, outputSize));
    this.inputs = { ...inputViews(buffer, capacity, sampleSize, outputSize), capacity, sampleSize };
    await this.command(Command.Inputs, { buffer, capacity, sampleSize, outputSize });
  }

  /**
   * Inference-mode outputs of `sources` (batches, one after another), each cut into `split` contiguous pieces that
   * the replicas claim as they go; each piece runs through the model whole. Returns a view of the shared output area
   * (valid until the next call), rows in source order. Does not dispose `sources`.
   */
  private async infer(sources: readonly tf.Tensor[], split: number): Promise<Float32Array> {
    await this.ready();
    const dims = (sources[0]?.shape.slice(1) ?? []) as number[];
    const expected = this.model.inputs[0]?.shape.slice(1) ?? [];
    for (const images of sources) {
      const d = images.shape.slice(1);
      if (
        this.model.inputs.length !== 1 ||
        d.length !== expected.length ||
        d.length > MAX_SAMPLE_RANK ||
        d.some((n, i) => (expected[i] !== null && expected[i] !== n) || dims[i] !== n)
      ) {
        throw new DataParallelError(
          `data-parallel inference: model ${this.model.name} takes inputs ${JSON.stringify(this.model.inputs.map((i) => i.shape))}, found images ${JSON.stringify(images.shape)}`,
        );
      }
    }
    await this.syncWeights();
    this.sw.mark(P_BETWEEN);
    const sampleSize = dims.reduce((a, b) => a * b, 1);
    const rows = sources.map((images) => images.shape[0] as number);
    const batch = rows.reduce((a, b) => a + b, 0);
    await this.ensureInputs(batch, sampleSize);
    const inputs = this.inputs as NonNullable<typeof this.inputs>;
    // Pieces: [source, first row within it, rows]; their bounds over all rows go to the table the workers read.
    // No empty pieces, so the table (one entry per sample at most) always has room.
    const pieces = sources.flatMap((_, s) => {
      const sizes = shardSizes(rows[s] as number, split);
      return shardStarts(sizes)
        .map((start, k) => [s, start, sizes[k] as number] as const)
        .filter(([, , size]) => size > 0);
    });
    let offset = 0;
    const firstRow = rows.map((n) => {
      const r = offset;
      offset += n;
      return r;
    });
    if (this.replicas > 1) {
      sources.forEach((images, s) => {
        inputs.images.set(images.dataSync() as Float32Array, (firstRow[s] as number) * sampleSize);
      });
      inputs.pieces[0] = pieces.length;
      pieces.forEach(([s, start, size], p) => {
        inputs.pieces[1 + 2 * p] = (firstRow[s] as number) + start;
        inputs.pieces[2 + 2 * p] = size;
      });
      const h = this.header;
      h[HEADER_BATCH] = batch;
      h[HEADER_RANK] = dims.length;
      dims.forEach((d, i) => {
        h[HEADER_DIMS + i] = d;
      });
    }
    const out = this.outputSize;
    this.sw.mark(P_COPY);
    Atomics.store(this.ctrl, CTRL_NEXT, 0);
    const seq = await this.command(Command.Infer, undefined, false);
    let error: unknown;
    try {
      claimShards(this.ctrl, pieces.length, (p) => {
        const [s, start, size] = pieces[p] as readonly [number, number, number];
        const images = sources[s] as tf.Tensor;
        const x = size === rows[s] ? images : tf.slice(images, start, size);
        const row = (firstRow[s] as number) + start;
        try {
          inferShard(this.model, x, inputs.outputs.subarray(row * out, (row + size) * out));
        } finally {
          if (x !== images) x.dispose();
        }
      });
    } catch (e) {
      // Unclaimed pieces are left to the workers; the output area must not be reused before they are done.
      error = e;
      Atomics.store(this.ctrl, CTRL_NEXT, pieces.length);
    }
    this.sw.mark(P_INFER);
    await this.finished(seq);
    this.sw.mark(P_INFER_WAIT);
    this.sw.count();
    if (error) {
      throw new DataParallelError(`data-parallel inference failed: ${(error as Error).message}`, { cause: error });
    }
    return inputs.outputs.subarray(0, batch * out);
  }

  predict(images: tf.Tensor): Promise<tf.Tensor> {
    return this.serial(() =>
      this.busy(async () => {
        const values = await this.infer([images], this.shards);
        // modelOutputSize() checked the model has one output of fixed shape.
        const sample = (this.model.outputs[0] as tfl.SymbolicTensor).shape.slice(1) as number[];
        return tf.tensor(values, [images.shape[0] as number, ...sample], 'float32');
      }),
    );
  }

  evaluate(model: tfl.LayersModel, loader: BatchSource, options: EvaluateOptions = {}): Promise<EvaluationResult> {
    return this.serial(() =>
      this.busy(async () => {
        if (model !== this.model) {
          throw new DataParallelError(
            `data-parallel evaluate: created for model ${this.model.name}, called with model ${model.name}; create one per model`,
          );
        }
        if (this.replicas === 1) return evaluate(model, loader, options);
        await this.ready();
        await this.syncWeights();
        return this.stream(loader, options);
      }),
    );
  }

  /** Checks one batch's images against the model's input; returns their sample dims. */
  private checkImages(images: tf.Tensor, dims?: readonly number[]): number[] {
    const d = images.shape.slice(1) as number[];
    const expected = this.model.inputs[0]?.shape.slice(1) ?? [];
    if (
      this.model.inputs.length !== 1 ||
      d.length !== expected.length ||
      d.length > MAX_SAMPLE_RANK ||
      d.some((n, i) => (expected[i] !== null && expected[i] !== n) || (dims && dims[i] !== n))
    ) {
      throw new DataParallelError(
        `data-parallel inference: model ${this.model.name} takes inputs ${JSON.stringify(this.model.inputs.map((i) => i.shape))}, found images ${JSON.stringify(images.shape)}`,
      );
    }
    return d;
  }

  private async ensureRing(capacity: number, sampleSize: number): Promise<NonNullable<typeof this.ring>> {
    const cur = this.ring;
    if (cur && cur.capacity >= capacity && cur.sampleSize === sampleSize) return cur;
    const m = {
      slots: RING_SLOTS_PER_REPLICA * this.replicas,
      capacity: Math.max(capacity, cur?.capacity ?? 0),
      sampleSize,
      outputSize: this.outputSize,
    };
    const buffer = new SharedArrayBuffer(ringBytes(m));
    await this.command(Command.Ring, { ...m, buffer });
    this.ring = { ...ringViews({ ...m, buffer }), ...m };
    return this.ring;
  }

  /**
   * Blocks (Atomics.wait) until ring word `index` reaches `target`: the worker is due within milliseconds. Only a
   * longer wait goes async, where a failed worker shows up.
   */
  private async ringWait(words: Int32Array, index: number, target: number): Promise<void> {
    const deadline = performance.now() + SYNC_WAIT_MS;
    for (let v = Atomics.load(words, index); v < target; v = Atomics.load(words, index)) {
      if (this.failure) throw this.failure;
      const left = deadline - performance.now();
      if (left > 0) {
        Atomics.wait(words, index, v, left);
      } else {
        const r = waitAsync(words, index, v, 1000);
        if (r.async) await Promise.race([r.value, this.failed]);
      }
    }
  }

  /**
   * evaluate() as a pipeline over the replicas: the main thread publishes each loader batch into a ring slot, the
   * workers claim published batches as soon as they finish the previous one, and the main thread claims one itself
   * (running its own tensor) whenever enough are published ahead, so the workers never wait on the loader or on the
   * bookkeeping. Results are tallied in loader order from each batch's whole-batch logits: evaluate()'s result.
   */
  private async stream(loader: BatchSource, options: EvaluateOptions): Promise<EvaluationResult> {
    const tally = EvaluationTally.forModel(this.model, options);
    const iterator = loader.batches(options.epoch ?? 0)[Symbol.asyncIterator]();
    const head = await iterator.next();
    if (head.done) return tally.result();
    const first = head.value as Batch;
    let dims: number[];
    try {
      dims = this.checkImages(first.images);
    } catch (e) {
      disposeBatch(first);
      await iterator.return?.();
      throw e;
    }
    const sampleSize = dims.reduce((a, b) => a * b, 1);
    const ring = await this.ensureRing(first.size, sampleSize).catch(async (e) => {
      disposeBatch(first);
      await iterator.return?.();
      throw e;
    });
    const w = ring.words;
    const h = this.header;
    h[HEADER_RANK] = dims.length;
    dims.forEach((d, i) => {
      h[HEADER_DIMS + i] = d;
    });
    w.fill(0);
    Atomics.store(w, RING_END, -1);
    const seq = await this.command(Command.Stream, undefined, false);
    // Per published batch (by index): the batch, and its logits once the main thread computed it itself.
    const entries: { batch: Batch; logits?: tf.Tensor; own: boolean }[] = [];
    let count = 0;
    let tallied = 0;
    let exhausted = false;
    const workers = this.replicas - 1;
    const mine = (k: number) => {
      const e = entries[k] as (typeof entries)[number];
      e.logits = tf.tidy(() => this.model.apply(e.batch.images, { training: false }) as tf.Tensor);
    };
    const tallyNext = async () => {
      const k = tallied;
      const e = entries[k] as (typeof entries)[number];
      const slot = k % ring.slots;
      if (!e.logits) {
        if (e.own) mine(k);
        else e.logits = tf.tensor(ring.outputs(slot, e.batch.size), [e.batch.size, this.outputSize]);
      }
      this.sw.mark(P_INFER);
      await tally.add(e.logits as tf.Tensor, e.batch.labels);
      this.sw.mark(P_OTHER);
      this.sw.count();
      tf.dispose(e.logits);
      disposeBatch(e.batch);
      entries[k] = undefined as unknown as (typeof entries)[number];
      tallied++;
      await options.onBatchEnd?.(tallied, loader.length, tally.samplesSeen);
    };
    try {
      for (;;) {
        options.signal?.throwIfAborted();
        while (tallied < count) {
          const e = entries[tallied] as (typeof entries)[number];
          const done = e.logits !== undefined || Atomics.load(w, ring.done(tallied % ring.slots)) > tallied;
          if (!done) break;
          await tallyNext();
        }
        const claimed = Atomics.load(w, RING_NEXT);
        if (!exhausted && count - tallied < ring.slots && count - claimed < workers + 1) {
          // Publish the next batch.
          let batch: Batch | undefined = first;
          if (count > 0) {
            const n = await iterator.next();
            batch = n.done ? undefined : n.value;
          }
          this.sw.mark(P_BETWEEN);
          if (!batch) {
            exhausted = true;
            Atomics.store(w, RING_END, count);
            Atomics.notify(w, RING_FILLED);
            continue;
          }
          const slot = count % ring.slots;
          // A batch larger than the ring's slots (rows 0) is left to the main thread: workers skip it.
          const own = batch.size > ring.capacity;
          entries[count] = { batch, own };
          if (count > 0) this.checkImages(batch.images, dims);
          if (!own) ring.images(slot, batch.size).set(batch.images.dataSync() as Float32Array);
          Atomics.store(w, ring.rows(slot), own ? 0 : batch.size);
          Atomics.store(w, RING_FILLED, ++count);
          Atomics.notify(w, RING_FILLED);
          this.sw.mark(P_COPY);
          continue;
        }
        if (claimed < count && Atomics.compareExchange(w, RING_NEXT, claimed, claimed + 1) === claimed) {
          mine(claimed);
          this.sw.mark(P_INFER);
          continue;
        }
        if (tallied < count) {
          const slot = tallied % ring.slots;
          await this.ringWait(w, ring.done(slot), tallied + 1);
          this.sw.mark(P_INFER_WAIT);
          continue;
        }
        if (exhausted) break;
      }
    } finally {
      if (!exhausted) {
        // Workers finish the batches they claimed and stop at the end; the ring is reused only after they are done.
        Atomics.store(w, RING_END, count);
        Atomics.notify(w, RING_FILLED);
        await iterator.return?.();
      }
      await this.finished(seq);
      for (const e of entries.splice(tallied)) {
        if (!e) continue;
        tf.dispose(e.logits);
        disposeBatch(e.batch);
      }
    }
    return tally.result();
  }

  step(model: tfl.LayersModel, optimizer: tf.Optimizer, images: tf.Tensor, labels: tf.Tensor): Promise<StepResult> {
    return this.busy(async () => {
      if (model !== this.model) {
        throw new DataParallelError(
          `data-parallel step: created for model ${this.model.name}, called with model ${model.name}; create one step per model`,
        );
      }
      await this.ready();
      this.sw.mark(P_BETWEEN);
      const batch = images.shape[0] as number;
      const dims = images.shape.slice(1) as number[];
      if (dims.length > MAX_SAMPLE_RANK || labels.shape[0] !== batch) {
        throw new DataParallelError(
          `data-parallel step: expected images [batch, ...≤${MAX_SAMPLE_RANK} dims] and labels [batch], found ${JSON.stringify(images.shape)} and ${JSON.stringify(labels.shape)}`,
        );
      }
      if (this.needsSync(optimizer)) await this.sync(optimizer);
      this.sw.mark(P_OTHER);
      const sizes = shardSizes(batch, this.shards);
      const starts = shardStarts(sizes);
      const parity = this.steps % 2;
      const layerSeeds = getDropoutSeeds(this.model);
      if (this.replicas > 1) {
        const sampleSize = dims.reduce((a, b) => a * b, 1);
        await this.ensureInputs(batch, sampleSize);
        const inputs = this.inputs as NonNullable<typeof this.inputs>;
        // Every row: any replica may claim any shard.
        inputs.images.set(images.dataSync() as Float32Array);
        inputs.labels.set(labels.dataSync());
        const h = this.header;
        h[HEADER_BATCH] = batch;
        h[HEADER_RANK] = dims.length;
        dims.forEach((d, i) => {
          h[HEADER_DIMS + i] = d;
        });
        layerSeeds.forEach((s, i) => {
          h[HEADER_SEEDS + i] = s ?? Number.NaN;
        });
      }
      this.sw.mark(P_COPY);
      try {
        Atomics.store(this.ctrl, CTRL_NEXT, 0);
        await this.command(Command.Step, undefined, false);
        try {
          claimShards(this.ctrl, this.shards, (shard) => {
            const size = sizes[shard] as number;
            const whole = size === batch;
            const x = whole ? images : size > 0 ? tf.slice(images, starts[shard] as number, size) : null;
            const y = whole ? labels : size > 0 ? tf.slice(labels, starts[shard] as number, size) : null;
            try {
              setDropoutSeeds(
                this.model,
                layerSeeds.map((s) => shardSeed(s, shard)),
              );
              computeShard(
                this.model,
                x,
                y,
                size / batch,
                this.slots.grad(parity, shard),
                this.slots.result(parity, shard),
                this.layout,
                this.sw,
              );
            } finally {
              if (!whole) tf.dispose([x, y].filter((t): t is tf.Tensor => t !== null));
            }
          });
        } finally {
          setDropoutSeeds(this.model, layerSeeds);
        }
        this.steps++;
        this.sw.mark(P_OTHER);
        const target = this.steps * this.replicas;
        Atomics.add(this.ctrl, CTRL_ARRIVED, 1);
        Atomics.notify(this.ctrl, CTRL_ARRIVED);
        await this.barrier(CTRL_ARRIVED, target);
        this.sw.mark(P_BARRIER);
        // Each replica sums its part of the parameters into the shared sum, then every replica applies the whole sum.
        const [begin, end] = sumRange(this.layout.total, 0, this.replicas);
        sumShards(this.slots.grad, parity, this.shards, this.slots.sum(parity), begin, end);
        this.sw.mark(P_SUM);
        Atomics.add(this.ctrl, CTRL_SUMMED, 1);
        Atomics.notify(this.ctrl, CTRL_SUMMED);
        await this.barrier(CTRL_SUMMED, target);
        this.sw.mark(P_BARRIER);
      } catch (e) {
        // The workers wait at the gradient barrier for a shard that will not come: this step object is finished.
        this.fail(
          e instanceof DataParallelError
            ? e
            : new DataParallelError(`data-parallel step failed: ${(e as Error).message}`, { cause: e }),
        );
        throw this.failure;
      }
      const { loss, correct } = stepTotals(this.slots.result, parity, this.shards);
      if (!Number.isFinite(loss)) {
        // Every replica sees the same non-finite total and skips the update, so they stay in step.
        this.markSynced(optimizer);
        throw new NonFiniteLossError(loss);
      }
      applySum(optimizer, this.slots.sum(parity), this.layout, this.sw);
      this.markSynced(optimizer);
      this.sw.mark(P_OTHER);
      this.sw.count();
      return { loss, correct };
    });
  }

  replicaWeights(): Promise<Float32Array[][]> {
    return this.busy(async () => {
      await this.ready();
      const main = this.model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
      await this.command(Command.Snapshot);
      const others = this.ports.map((p, i) => {
        const reply = receiveMessageOnPort(p)?.message as { weights: Float32Array[] } | undefined;
        if (!reply) throw new DataParallelError(`data-parallel worker ${i + 1}: no weights came back`);
        return reply.weights;
      });
      return [main, ...others];
    });
  }

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      if (this.replicas === 1) return;
      Atomics.store(this.ctrl, CTRL_CMD, Command.Quit);
      Atomics.add(this.ctrl, CTRL_SEQ, 1);
      Atomics.notify(this.ctrl, CTRL_SEQ);
      // Referenced while waiting: with nothing else pending, Node would otherwise exit mid-await (code 13).
      for (const w of this.workers) w.ref();
      // A worker stuck at the barrier (its peer failed) never reads Quit; terminate() ends it.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise((resolve) => {
        timer = setTimeout(resolve, 1000);
      });
      await Promise.race([Promise.all(this.exited), grace]);
      clearTimeout(timer);
      await Promise.all(this.workers.map((w) => w.terminate()));
      for (const p of this.ports) p.close();
      const profile = formatProfile(this.buffers.profile, this.replicas);
      if (profile) console.error(profile);
    })();
    return this.disposing;
  }
}

/**
 * Data-parallel training on worker threads: each batch is cut into `shards` contiguous shards which the replicas
 * (main thread + workers) claim as they go; each shard's gradients, scaled so they sum to the full-batch mean, meet
 * in shared memory, and every replica applies the same optimizer step to the same sums (added in shard order), so
 * the replicas stay bit-identical and the result does not depend on who computed what. Dropout masks come from the
 * loop's per-step seed and the shard index ({@link shardSeed}): a run is reproducible for a given shard count, with
 * any number of workers. Use it as `train(model, loader, { step })` and call `dispose()` when done.
 * Does not dispose `images`/`labels`; leaves no tensors behind.
 */
export function createDataParallelStep(options: DataParallelOptions): DataParallelStep {
  const { replicas, shards } = checkOptions(options);
  const c = new Coordinator(options.model, replicas, shards, options.backendSetup);
  const step: TrainStep = (model, optimizer, images, labels) =>
    c.serial(() => c.step(model, optimizer, images, labels));
  return Object.assign(step, {
    replicas,
    shards,
    ready: () => c.ready(),
    replicaWeights: () => c.serial(() => c.replicaWeights()),
    evaluate: (model: tfl.LayersModel, loader: BatchSource, evaluateOptions?: EvaluateOptions) =>
      c.evaluate(model, loader, evaluateOptions),
    predict: (images: tf.Tensor) => c.predict(images),
    dispose: () => c.dispose(),
  });
}

/** Options for {@link createDataParallelEvaluator}: those of {@link createDataParallelStep}. */
export type DataParallelEvaluatorOptions = DataParallelOptions;

/** Inference on worker threads without training: see {@link DataParallelInference}. */
export type DataParallelEvaluator = DataParallelInference;

/**
 * Data-parallel evaluation and prediction on worker threads for a model trained elsewhere (or by a plain
 * `trainStep`): each batch is cut into `shards` pieces that the replicas (main thread + workers) claim as they go.
 * To evaluate a model that a {@link createDataParallelStep} trains, use that step's own `evaluate` instead: same
 * threads, and its workers already hold the weights. Call `dispose()` when done.
 */
export function createDataParallelEvaluator(options: DataParallelEvaluatorOptions): DataParallelEvaluator {
  const { replicas, shards } = checkOptions(options);
  const c = new Coordinator(options.model, replicas, shards, options.backendSetup, false);
  return {
    replicas,
    shards,
    ready: () => c.ready(),
    evaluate: (model, loader, evaluateOptions) => c.evaluate(model, loader, evaluateOptions),
    predict: (images) => c.predict(images),
    dispose: () => c.dispose(),
  };
}

function checkOptions(options: DataParallelOptions): { replicas: number; shards: number } {
  const replicas = options.workers ?? availableParallelism();
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new DataParallelError(`workers: expected an integer ≥ 1, found ${options.workers}`);
  }
  if (!options.backendSetup || typeof options.backendSetup.module !== 'string') {
    throw new DataParallelError(
      `backendSetup: expected { module, export?, options? }, found ${JSON.stringify(options.backendSetup)}`,
    );
  }
  const shards = options.shards ?? replicas;
  if (!Number.isInteger(shards) || shards < 1) {
    throw new DataParallelError(`shards: expected an integer ≥ 1, found ${options.shards}`);
  }
  return { replicas, shards };
}
