// The tensor side of a replica, the same on every thread: a shard's gradients into shared memory, the summed
// gradients applied, inference outputs into shared memory, weights replaced.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { computeGradients, dropoutLayers } from '../step.js';
import type { ParameterLayout } from './layout.js';
import { P_APPLY, P_COMPUTE, P_READBACK, P_TENSORS, type Trace } from './trace.js';

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
  trace?: Trace,
): void {
  if (!images || !labels || images.shape[0] === 0) {
    slot.fill(0);
    result[0] = 0;
    result[1] = 0;
    return;
  }
  const { loss, correct, grads } = computeGradients(model, images, labels);
  trace?.mark(P_COMPUTE);
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
  trace?.mark(P_READBACK);
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

/** Applies the summed gradients `sum` with `optimizer`, keyed by this replica's variable names. Leaves no tensors behind. */
export function applySum(optimizer: tf.Optimizer, sum: Float32Array, layout: ParameterLayout, trace?: Trace): void {
  const named: tf.NamedTensorMap = {};
  layout.names.forEach((name, i) => {
    const off = layout.offsets[i] as number;
    const shape = layout.shapes[i] as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    named[name] = tf.tensor(sum.subarray(off, off + size), shape, 'float32');
  });
  trace?.mark(P_TENSORS);
  try {
    optimizer.applyGradients(named);
  } finally {
    tf.dispose(Object.values(named));
  }
  trace?.mark(P_APPLY);
}
