import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { computeGradients, dropoutLayers, mixSeeds } from '../step.js';
import { P_APPLY, P_COMPUTE, P_READBACK, P_TENSORS, type Stopwatch } from './profile.js';

// Int32 control words shared by all replicas (one SharedArrayBuffer).
/** Command counter: the main thread bumps it to hand every worker a command. */
export const CTRL_SEQ = 0;
/** The command's code ({@link Command}). */
export const CTRL_CMD = 1;
/** Arrivals at the gradient barrier, over all steps: replicas × steps when every shard of the last step is in. */
export const CTRL_ARRIVED = 2;
/** Next unclaimed shard of the current step: replicas claim shards with Atomics.add until none is left. */
export const CTRL_NEXT = 3;
/** Arrivals at the second barrier, over all steps: each replica sums its part of the parameters, then arrives. */
export const CTRL_SUMMED = 4;
/** Per worker `w` (1-based): the last command sequence number it finished, and 1 once it is set up. */
export const ctrlDone = (w: number) => 4 + 2 * w;
export const ctrlReady = (w: number) => 5 + 2 * w;
export const ctrlLength = (replicas: number) => 6 + 2 * replicas;

/** Commands the main thread gives workers. Payloads (when any) come on the worker's MessagePort. */
export enum Command {
  Step = 1,
  Sync = 2,
  Inputs = 3,
  Snapshot = 4,
  Quit = 5,
  /** Replace the model's weights (payload: their values in `model.weights` order); the optimizer is left alone. */
  Weights = 6,
  /** Claim shards of the batch in the input area and write their inference-mode outputs to the output area. */
  Infer = 7,
  /** Take the evaluation ring (payload: {@link RingMessage}) for later {@link Command.Stream} commands. */
  Ring = 8,
  /** Claim batches of the evaluation ring as the main thread publishes them, until it marks the end. */
  Stream = 9,
}

// Evaluation ring: Int32 words, then per-slot done/rows words, then per slot the images and the outputs (float32).
/** Batches published so far (the main thread bumps it after writing a batch into its slot). */
export const RING_FILLED = 0;
/** Batch count once the main thread knows it (-1 until then): claims at or past it end the stream. */
export const RING_END = 1;
/** Next unclaimed batch: workers claim with Atomics.add (possibly ahead of FILLED, then wait); main with compareExchange. */
export const RING_NEXT = 2;
const RING_WORDS = 4;

/** What a worker receives with {@link Command.Ring}. */
export interface RingMessage {
  buffer: SharedArrayBuffer;
  slots: number;
  capacity: number;
  sampleSize: number;
  outputSize: number;
}

/** Bytes of an evaluation ring. */
export const ringBytes = (m: Omit<RingMessage, 'buffer'>) =>
  (RING_WORDS + 2 * m.slots + m.slots * m.capacity * (m.sampleSize + m.outputSize)) * 4;

/**
 * Views of an evaluation ring: `words`, then per slot `done` (batch index + 1 once its outputs are written) and `rows`
 * (the batch's sample count; 0 = the main thread computes it itself), the slot's images and its outputs.
 */
export function ringViews(m: RingMessage) {
  const { buffer, slots, capacity, sampleSize, outputSize } = m;
  const words = new Int32Array(buffer, 0, RING_WORDS + 2 * slots);
  const imagesAt = (RING_WORDS + 2 * slots) * 4;
  const outputsAt = imagesAt + slots * capacity * sampleSize * 4;
  return {
    words,
    done: (slot: number) => RING_WORDS + slot,
    rows: (slot: number) => RING_WORDS + slots + slot,
    images: (slot: number, rows: number) =>
      new Float32Array(buffer, imagesAt + slot * capacity * sampleSize * 4, rows * sampleSize),
    outputs: (slot: number, rows: number) =>
      new Float32Array(buffer, outputsAt + slot * capacity * outputSize * 4, rows * outputSize),
  };
}

// Step header (Float64): batch size, sample rank and dims, then one dropout seed per Dropout layer (NaN = unseeded).
export const HEADER_BATCH = 0;
export const HEADER_RANK = 1;
export const HEADER_DIMS = 2;
export const MAX_SAMPLE_RANK = 6;
export const HEADER_SEEDS = HEADER_DIMS + MAX_SAMPLE_RANK;

/** The SharedArrayBuffers every replica sees. `inputs` grows with the batch size; the rest are fixed. */
export interface SharedBuffers {
  ctrl: SharedArrayBuffer;
  header: SharedArrayBuffer;
  /** Two generations (step parity) × (shards + 1) × parameter count, float32: each shard's gradients, then their sum. */
  grads: SharedArrayBuffer;
  /** Two generations × shards × [weighted loss, correct], float64. */
  results: SharedArrayBuffer;
  /** Per-replica phase timings (empty unless profiling: see profile.ts). */
  profile: SharedArrayBuffer;
}

/**
 * Batch area: `capacity` samples of `sampleSize` float32 pixels, then `capacity` int32 labels, then (for inference)
 * `capacity` float32 model outputs of `outputSize` values each, then the inference pieces table: int32 count, then
 * [first row, rows] per piece (at most one piece per sample).
 */
export function inputViews(buffer: SharedArrayBuffer, capacity: number, sampleSize: number, outputSize = 0) {
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

/**
 * Runs `images` (one shard) through the model in inference mode (dropout off) and writes the outputs into `out`.
 * Does not dispose `images`; leaves no tensors behind.
 */
export function inferShard(model: tfl.LayersModel, images: tf.Tensor, out: Float32Array): void {
  const outputs = tf.tidy(() => model.apply(images, { training: false }) as tf.Tensor);
  try {
    out.set(outputs.dataSync() as Float32Array);
  } finally {
    outputs.dispose();
  }
}

/** Sets the model's weights to `values` (in `model.weights` order), leaving no tensors behind. */
export function setWeightValues(model: tfl.LayersModel, values: readonly Float32Array[]): void {
  const tensors = model.weights.map((w, i) => tf.tensor(values[i] as Float32Array, w.shape as number[], w.dtype));
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/**
 * Sizes of the `shards` contiguous shards a batch of `batch` samples is split into: the first `batch % shards`
 * hold one sample more. Which replica computes a shard does not change the result.
 */
export function shardSizes(batch: number, shards: number): number[] {
  const base = Math.floor(batch / shards);
  const extra = batch % shards;
  return Array.from({ length: shards }, (_, r) => base + (r < extra ? 1 : 0));
}

/** First sample of each shard. */
export function shardStarts(sizes: readonly number[]): number[] {
  let start = 0;
  return sizes.map((size) => {
    const s = start;
    start += size;
    return s;
  });
}

/**
 * Claims shards of the current step (Atomics.add on {@link CTRL_NEXT}) and computes each with `compute`, until none
 * is left: a replica slowed down by other load simply takes fewer shards.
 */
export function claimShards(ctrl: Int32Array, shards: number, compute: (shard: number) => void): void {
  for (let s = Atomics.add(ctrl, CTRL_NEXT, 1); s < shards; s = Atomics.add(ctrl, CTRL_NEXT, 1)) compute(s);
}

/**
 * The dropout seed shard `shard` uses, given the seed the training loop set on the layer for this step: shard 0
 * keeps it (so one replica draws exactly the masks of single-thread training), shard s > 0 mixes in s.
 * `undefined` (unseeded layer) stays unseeded.
 */
export function shardSeed(layerSeed: number | undefined, shard: number): number | undefined {
  if (layerSeed === undefined) return undefined;
  return shard === 0 ? layerSeed : mixSeeds(layerSeed, shard);
}

/** Sets every Dropout layer's seed (tfjs-layers 4.22 passes `layer.seed` to `tf.dropout`). */
export function setDropoutSeeds(model: tfl.LayersModel, seeds: readonly (number | undefined)[]): void {
  dropoutLayers(model).forEach((layer, i) => {
    (layer as unknown as { seed?: number }).seed = seeds[i];
  });
}

/** The Dropout seeds the training loop set for this step. */
export function getDropoutSeeds(model: tfl.LayersModel): (number | undefined)[] {
  return dropoutLayers(model).map((layer) => (layer as unknown as { seed?: number }).seed);
}

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

/** Views of one shard's gradient slot and result pair in generation `parity`. */
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

/**
 * Computes one shard's gradients (dropout seeded for this shard) and writes them, scaled by `scale` = shard/batch so
 * the shards sum to the full-batch mean gradient, into `slot`; writes [loss × scale, correct] into `result`.
 * An empty shard writes zeros. Disposes every tensor it creates; does not dispose `images`/`labels`.
 */
export function computeShard(
  model: tfl.LayersModel,
  images: tf.Tensor | null,
  labels: tf.Tensor | null,
  scale: number,
  slot: Float32Array,
  result: Float64Array,
  layout: ParameterLayout,
  sw?: Stopwatch,
): void {
  if (!images || !labels || images.shape[0] === 0) {
    slot.fill(0);
    result[0] = 0;
    result[1] = 0;
    return;
  }
  const { loss, correct, grads } = computeGradients(model, images, labels);
  sw?.mark(P_COMPUTE);
  try {
    result[0] = (loss.dataSync()[0] as number) * scale;
    result[1] = correct.dataSync()[0] as number;
    const values = Object.values(grads);
    values.forEach((g, i) => {
      const data = readView(g);
      const off = layout.offsets[i] as number;
      if (scale === 1) slot.set(data, off);
      else for (let k = 0; k < data.length; k++) slot[off + k] = (data[k] as number) * scale;
    });
  } finally {
    tf.dispose([loss, correct, ...Object.values(grads)]);
  }
  sw?.mark(P_READBACK);
}

type HeapBackend = { typedArrayFromHeap?: (t: tf.TensorInfo) => Float32Array };

/**
 * A float32 tensor's values without copying them out where the backend allows (wasm: a view of its heap, valid
 * until the next kernel runs or the tensor is disposed); otherwise `dataSync()`.
 */
export function readView(t: tf.Tensor): Float32Array {
  const backend = tf.backend() as unknown as HeapBackend;
  if (t.dtype === 'float32' && typeof backend.typedArrayFromHeap === 'function') {
    return backend.typedArrayFromHeap(t);
  }
  return t.dataSync() as Float32Array;
}

/** Loss and correct count of a step, summed over shards in shard order (the same order on every replica). */
export function stepTotals(
  result: (parity: number, shard: number) => Float64Array,
  parity: number,
  shards: number,
): { loss: number; correct: number } {
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < shards; r++) {
    const v = result(parity, r);
    loss += v[0] as number;
    correct += v[1] as number;
  }
  return { loss, correct };
}

/** The part [begin, end) of the parameters that replica `replica` of `replicas` sums. */
export function sumRange(total: number, replica: number, replicas: number): [number, number] {
  const per = Math.ceil(total / replicas);
  return [Math.min(total, replica * per), Math.min(total, (replica + 1) * per)];
}

/**
 * Sums the shards' gradient slots over [begin, end) into `out`, in shard order (so the sums are bit-identical
 * whichever replica adds which part).
 */
export function sumShards(
  grad: (parity: number, shard: number) => Float32Array,
  parity: number,
  shards: number,
  out: Float32Array,
  begin: number,
  end: number,
): void {
  out.set(grad(parity, 0).subarray(begin, end), begin);
  for (let r = 1; r < shards; r++) {
    const g = grad(parity, r);
    for (let k = begin; k < end; k++) out[k] = (out[k] as number) + (g[k] as number);
  }
}

/** Applies the summed gradients `sum` with `optimizer`, keyed by this replica's variable names. Leaves no tensors behind. */
export function applySum(optimizer: tf.Optimizer, sum: Float32Array, layout: ParameterLayout, sw?: Stopwatch): void {
  const named: tf.NamedTensorMap = {};
  layout.names.forEach((name, i) => {
    const off = layout.offsets[i] as number;
    const shape = layout.shapes[i] as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    named[name] = tf.tensor(sum.subarray(off, off + size), shape, 'float32');
  });
  sw?.mark(P_TENSORS);
  try {
    optimizer.applyGradients(named);
  } finally {
    tf.dispose(Object.values(named));
  }
  sw?.mark(P_APPLY);
}
