// What every thread of a data-parallel pool shares: the control words, the commands, and the layout of the shared
// buffers (batch header, batch area, gradient slots). Threads are numbered 0 (the main thread) to threads − 1; thread
// t ≥ 1 is worker thread t.
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

// Int32 control words (one SharedArrayBuffer).
/** The current command: (sequence number << 4) | {@link Command}, one word so a command and its number are read together. */
export const CTRL_COMMAND = 0;
/** Arrivals at the gradient barrier, over all steps: threads × steps once every shard of the last step is in. */
export const CTRL_ARRIVED = 1;
/** Next unclaimed shard (step) or inference piece: threads claim them with Atomics.add until none is left. */
export const CTRL_NEXT = 2;
/** Arrivals at the second barrier, over all steps: each thread sums its part of the parameters, then arrives. */
export const CTRL_SUMMED = 3;
/** Per worker thread `t` (1-based): the sequence number of the last command it finished. */
export const ctrlDone = (t: number) => 2 + 2 * t;
/** Per worker thread `t`: 1 once its backend and model are set up. */
export const ctrlReady = (t: number) => 3 + 2 * t;
/** Control words for `threads` threads. */
export const ctrlLength = (threads: number) => 4 + 2 * threads;

/** Commands the main thread gives workers. Payloads (when any) come on the worker's MessagePort. */
export enum Command {
  Step = 1,
  /** Take the main thread's weights and optimizer state (payload: a checkpoint and the optimizer's config). */
  Sync = 2,
  /** Take a new batch area (payload: {@link InputsMessage}). */
  Inputs = 3,
  /** Post this replica's weights back. */
  Snapshot = 4,
  Quit = 5,
  /** Replace the model's weights (payload: their values in `model.weights` order); the optimizer is left alone. */
  Weights = 6,
  /** Claim pieces of the batch area and write their inference-mode outputs to its output area. */
  Infer = 7,
  /** Take the evaluation ring (payload: its layout) for later {@link Command.Stream} commands. */
  Ring = 8,
  /** Claim batches of the evaluation ring as the main thread publishes them, until it marks the end. */
  Stream = 9,
}

/** Sequence numbers wrap within 27 bits (the command takes the low 4). */
const SEQ_MASK = 0x7ffffff;
export const nextSeq = (seq: number) => (seq + 1) & SEQ_MASK;
/** Whether sequence number `done` is `seq` or later (modulo the wrap; sequence numbers advance one at a time). */
export const reached = (done: number, seq: number) => ((done - seq) & SEQ_MASK) < SEQ_MASK >>> 1;
export const encodeCommand = (seq: number, command: Command) => (seq << 4) | command;
export const decodeCommand = (word: number) => ({ seq: word >>> 4, command: (word & 15) as Command });

// Batch header (Float64): batch size, sample rank and dims, then one dropout seed per Dropout layer (NaN = unseeded).
const HEADER_BATCH = 0;
const HEADER_RANK = 1;
const HEADER_DIMS = 2;
/** Most sample dimensions a batch may have (images [batch, ...≤6 dims]). */
export const MAX_SAMPLE_RANK = 6;
const HEADER_SEEDS = HEADER_DIMS + MAX_SAMPLE_RANK;
/** Bytes of the batch header for a model of `layers` layers. */
export const headerBytes = (layers: number) => (HEADER_SEEDS + layers) * 8;

/** The shape of the batch in the shared batch area, and the step's dropout seeds. */
export interface BatchHeader {
  batch: number;
  dims: number[];
  seeds: (number | undefined)[];
}

export function writeHeader(header: Float64Array, h: BatchHeader): void {
  header[HEADER_BATCH] = h.batch;
  header[HEADER_RANK] = h.dims.length;
  h.dims.forEach((d, i) => {
    header[HEADER_DIMS + i] = d;
  });
  h.seeds.forEach((s, i) => {
    header[HEADER_SEEDS + i] = s ?? Number.NaN;
  });
}

export function readHeader(header: Float64Array, seedCount: number): BatchHeader & { sampleSize: number } {
  const rank = header[HEADER_RANK] as number;
  const dims = Array.from(header.subarray(HEADER_DIMS, HEADER_DIMS + rank));
  const seeds = Array.from(header.subarray(HEADER_SEEDS, HEADER_SEEDS + seedCount), (s) =>
    Number.isNaN(s) ? undefined : s,
  );
  return { batch: header[HEADER_BATCH] as number, dims, seeds, sampleSize: dims.reduce((a, b) => a * b, 1) };
}

/** The SharedArrayBuffers every thread sees from the start. The batch area and the ring come later by command. */
export interface SharedBuffers {
  ctrl: SharedArrayBuffer;
  header: SharedArrayBuffer;
  /** Two generations (step parity) × (shards + 1) × parameter count, float32: each shard's gradients, then their sum. */
  grads: SharedArrayBuffer;
  /** Two generations × shards × [weighted loss, correct], float64. */
  results: SharedArrayBuffer;
  /** Per-thread phase timings (empty unless tracing: see trace.ts). */
  trace: SharedArrayBuffer;
}

/** What a worker receives with {@link Command.Inputs}. */
export interface InputsMessage {
  buffer: SharedArrayBuffer;
  capacity: number;
  sampleSize: number;
  outputSize: number;
}

/**
 * Batch area: `capacity` samples of `sampleSize` float32 pixels, then `capacity` int32 labels, then (for inference)
 * `capacity` float32 model outputs of `outputSize` values each, then the inference pieces table: int32 count, then
 * [first row, rows] per piece (at most one piece per sample).
 */
export function inputViews(m: InputsMessage) {
  const { buffer, capacity, sampleSize, outputSize } = m;
  const outputsAt = capacity * (sampleSize + 1) * 4;
  const piecesAt = outputsAt + capacity * outputSize * 4;
  return {
    images: new Float32Array(buffer, 0, capacity * sampleSize),
    labels: new Int32Array(buffer, capacity * sampleSize * 4, capacity),
    outputs: new Float32Array(buffer, outputsAt, capacity * outputSize),
    pieces: new Int32Array(buffer, piecesAt, outputSize > 0 ? 1 + 2 * capacity : 0),
  };
}

/** Bytes of the batch area {@link inputViews} lays out. */
export const inputBytes = (capacity: number, sampleSize: number, outputSize: number) =>
  (capacity * (sampleSize + 1 + outputSize) + (outputSize > 0 ? 1 + 2 * capacity : 0)) * 4;

/** Parameter count and per-variable offsets of a model's trainable weights, in `trainableWeights` order. */
export interface ParameterLayout {
  names: string[];
  shapes: number[][];
  offsets: number[];
  total: number;
}

export function parameterLayout(model: tfl.LayersModel): ParameterLayout {
  const names: string[] = [];
  const shapes: number[][] = [];
  const offsets: number[] = [];
  let total = 0;
  for (const w of model.trainableWeights) {
    names.push((w.read() as tf.Variable).name);
    shapes.push([...w.shape] as number[]);
    offsets.push(total);
    total += w.shape.reduce((a: number, b) => a * (b as number), 1);
  }
  return { names, shapes, offsets, total };
}

/** Views of one shard's gradient slot and result pair in generation `parity`, and of the summed gradients. */
export function slotViews(buffers: SharedBuffers, layout: ParameterLayout, shards: number) {
  const grads = new Float32Array(buffers.grads);
  const results = new Float64Array(buffers.results);
  const at = (parity: number, k: number) => (parity * (shards + 1) + k) * layout.total;
  return {
    grad: (parity: number, shard: number) => grads.subarray(at(parity, shard), at(parity, shard + 1)),
    /** The summed gradients of generation `parity`. */
    sum: (parity: number) => grads.subarray(at(parity, shards), at(parity, shards + 1)),
    result: (parity: number, shard: number) =>
      results.subarray((parity * shards + shard) * 2, (parity * shards + shard) * 2 + 2),
  };
}

/** The gradient and result slots of a pool, as {@link slotViews} returns them. */
export type Slots = ReturnType<typeof slotViews>;

/** Values per sample of a model's single output (10 logits for SimpleCNN). */
export function modelOutputSize(model: tfl.LayersModel): number {
  const shape = model.outputs[0]?.shape.slice(1) ?? [];
  if (model.outputs.length !== 1 || shape.some((d) => typeof d !== 'number')) {
    throw new Error(
      `model ${model.name}: expected one output of fixed shape [null, ...], found ${JSON.stringify(model.outputs.map((o) => o.shape))}`,
    );
  }
  return (shape as number[]).reduce((a, b) => a * b, 1);
}
