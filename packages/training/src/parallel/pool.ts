// A pool of replica threads (the main thread + worker threads), their shared buffers and their life: spawning,
// readiness, commands, failure, one call at a time, and the end.
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type BackendSetup, describeSetup } from './backend-setup.js';
import { awaitFinished, awaitReady, issue } from './command-channel.js';
import {
  Command,
  ctrlLength,
  headerBytes,
  type InputsMessage,
  inputBytes,
  inputViews,
  modelOutputSize,
  nextSeq,
  type ParameterLayout,
  parameterLayout,
  type SharedBuffers,
  type Slots,
  slotViews,
} from './layout.js';
import { type MainWaits, type Protocol, runBlocking, runOnMain } from './protocol.js';
import { siblingModule, spawnWorker } from './spawn.js';
import { formatTrace, Trace, traceBytes } from './trace.js';
import type { WorkerInit } from './worker.js';

/** A worker thread failed (its error is in the message and `cause`), or the pool was misused. */
export class DataParallelError extends Error {
  override readonly name = 'DataParallelError';
}

/** How long the main thread blocks in Atomics.wait per wait before waiting asynchronously. */
const BLOCK_MS = 200;

/** The threads of a data-parallel step or evaluator and what they share. Thread 0 is the main thread. */
export class Pool {
  readonly layout: ParameterLayout;
  readonly buffers: SharedBuffers;
  readonly ctrl: Int32Array;
  readonly header: Float64Array;
  readonly slots: Slots;
  readonly trace: Trace;
  /** Values per sample of the model's output. */
  readonly outputSize: number;
  private area: (ReturnType<typeof inputViews> & InputsMessage) | undefined;
  private readonly workerThreads: Worker[] = [];
  readonly ports: MessagePort[] = [];
  private readonly exited: Promise<void>[] = [];
  private failure: Error | undefined;
  private seq = 0;
  private busyCount = 0;
  private started: Promise<void> | undefined;
  private disposing: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** How the main thread waits: briefly blocking, then asynchronously racing a failure. */
  readonly waits: MainWaits;

  constructor(
    readonly model: tfl.LayersModel,
    readonly threads: number,
    readonly shards: number,
    readonly backendSetup: BackendSetup,
    training: boolean,
  ) {
    this.layout = parameterLayout(model);
    this.outputSize = modelOutputSize(model);
    this.buffers = {
      ctrl: new SharedArrayBuffer(ctrlLength(threads) * 4),
      header: new SharedArrayBuffer(headerBytes(model.layers.length)),
      // An inference-only pool never steps: no gradient slots.
      grads: new SharedArrayBuffer(training ? 2 * (shards + 1) * this.layout.total * 4 : 0),
      results: new SharedArrayBuffer(2 * shards * 2 * 8),
      trace: new SharedArrayBuffer(traceBytes(threads)),
    };
    this.trace = new Trace(this.buffers.trace, 0);
    this.ctrl = new Int32Array(this.buffers.ctrl);
    this.header = new Float64Array(this.buffers.header);
    this.slots = slotViews(this.buffers, this.layout, shards);
    let rejectFailed!: (e: Error) => void;
    const failed = new Promise<never>((_, reject) => {
      rejectFailed = reject;
    });
    failed.catch(() => {}); // surfaced by the next wait instead
    this.waits = {
      blockMs: BLOCK_MS,
      failed,
      check: () => {
        if (this.failure) throw this.failure;
      },
    };
    this.fail = (error) => {
      if (this.failure) return;
      this.failure = error;
      rejectFailed(error);
      void this.dispose();
    };
    if (threads > 1) this.spawn();
  }

  /** Marks the pool failed with `error` (the first error wins) and ends the workers. */
  readonly fail: (error: Error) => void;

  private spawn(): void {
    const modelTopology = this.model.toJSON(null, false) as object;
    const script = siblingModule(import.meta.url, 'worker');
    for (let t = 1; t < this.threads; t++) {
      const channel = new MessageChannel();
      const init: WorkerInit = {
        thread: t,
        threads: this.threads,
        shards: this.shards,
        buffers: this.buffers,
        port: channel.port2,
        backendSetup: this.backendSetup,
        modelTopology,
      };
      const worker = spawnWorker(script, { workerData: init, transferList: [channel.port2] });
      worker.unref();
      this.exited.push(new Promise((resolve) => worker.once('exit', () => resolve())));
      worker.on('error', (e) => {
        this.fail(new DataParallelError(`data-parallel worker ${t} failed: ${e.message}`, { cause: e }));
      });
      worker.on('exit', (code) => {
        if (!this.disposing) {
          this.fail(new DataParallelError(`data-parallel worker ${t} exited unexpectedly (exit code ${code})`));
        }
      });
      this.workerThreads.push(worker);
      this.ports.push(channel.port1);
    }
  }

  /** Runs a protocol on the control words from the main thread. */
  run<T>(protocol: Protocol<T>): Promise<T> {
    return runOnMain(this.ctrl, protocol, this.waits);
  }

  /** Keeps the process alive for the workers only while a call is in flight, so a forgotten dispose() cannot hang it. */
  async busy<T>(run: () => Promise<T>): Promise<T> {
    if (this.disposing) {
      throw this.failure ?? new DataParallelError('data-parallel step: used after dispose()');
    }
    if (this.busyCount++ === 0) for (const w of this.workerThreads) w.ref();
    try {
      return await run();
    } finally {
      if (--this.busyCount === 0) for (const w of this.workerThreads) w.unref();
    }
  }

  /** Runs calls that use the shared buffers one at a time, in call order. */
  serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    this.queue = result.catch(() => {});
    return result;
  }

  ready(): Promise<void> {
    this.started ??= this.busy(async () => {
      const backend = tf.getBackend();
      for (let t = 1; t < this.threads; t++) {
        await this.run(awaitReady(t));
        const reply = receiveMessageOnPort(this.ports[t - 1] as MessagePort)?.message as { backend: string };
        if (reply?.backend !== backend) {
          throw new DataParallelError(
            `data-parallel worker ${t}: backendSetup ${describeSetup(this.backendSetup)} left backend '${reply?.backend}', but the main thread runs on '${backend}'; threads must use the same backend`,
          );
        }
      }
    });
    this.started.catch(() => {});
    return this.started;
  }

  /**
   * Issues a command (its payload, if any, posted first) to every worker; with `wait`, resolves once all have
   * finished it. Returns its sequence number. The next command may only be issued once every worker took this one.
   */
  async command(command: Command, message?: unknown, wait = true): Promise<number> {
    if (this.threads === 1) return 0;
    if (message !== undefined) for (const p of this.ports) p.postMessage(message);
    this.seq = nextSeq(this.seq);
    this.trace.issued();
    await this.run(issue(this.seq, command));
    if (wait) await this.finished(this.seq);
    return this.seq;
  }

  /** Resolves once every worker has finished command `seq`. */
  async finished(seq: number): Promise<void> {
    for (let t = 1; t < this.threads; t++) await this.run(awaitFinished(t, seq));
  }

  /** The shared batch area, grown (and handed to the workers) when a batch does not fit. */
  async batchArea(capacity: number, sampleSize: number): Promise<ReturnType<typeof inputViews>> {
    const cur = this.area;
    if (cur && cur.capacity >= capacity && cur.sampleSize === sampleSize) return cur;
    const size = Math.max(capacity, cur?.capacity ?? 0);
    const buffer = new SharedArrayBuffer(inputBytes(size, sampleSize, this.outputSize));
    const message: InputsMessage = { buffer, capacity: size, sampleSize, outputSize: this.outputSize };
    this.area = { ...inputViews(message), ...message };
    await this.command(Command.Inputs, message);
    return this.area;
  }

  /** The error that ended the pool, if any. */
  get failedWith(): Error | undefined {
    return this.failure;
  }

  /** Ends the worker threads (idempotent); prints the trace when tracing is on. */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      if (this.threads === 1) return;
      // Quit may overtake a command a worker has not taken (it is stuck at a barrier after a peer failed).
      this.seq = nextSeq(this.seq);
      runBlocking(this.ctrl, issue(this.seq, Command.Quit));
      // Referenced while waiting: with nothing else pending, Node would otherwise exit mid-await (code 13).
      for (const w of this.workerThreads) w.ref();
      // A worker stuck at the barrier (its peer failed) never reads Quit; terminate() ends it.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise((resolve) => {
        timer = setTimeout(resolve, 1000);
      });
      await Promise.race([Promise.all(this.exited), grace]);
      clearTimeout(timer);
      await Promise.all(this.workerThreads.map((w) => w.terminate()));
      for (const p of this.ports) p.close();
      const trace = formatTrace(this.buffers.trace, this.threads);
      if (trace) console.error(trace);
    })();
    return this.disposing;
  }
}
