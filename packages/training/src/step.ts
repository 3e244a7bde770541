import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { fusedGradients } from './fused-gradients.js';

/** Mean softmax cross-entropy of `logits` [B,C] against int class `labels` [B] (PyTorch's CrossEntropyLoss). Tidy-safe; caller disposes the result. */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor, numClasses: number): tf.Scalar {
  return tf.tidy(() =>
    tf.losses.softmaxCrossEntropy(
      tf.oneHot(tf.cast(labels, 'int32'), numClasses),
      logits,
      undefined,
      0,
      tf.Reduction.MEAN,
    ),
  ) as tf.Scalar;
}

/** The forward pass, loss and gradients of one batch. The caller disposes `loss`, `correct` and every gradient. */
export interface StepGradients {
  /** Mean loss of the batch. */
  loss: tf.Scalar;
  /** Number of correct argmax predictions in the batch (int32). */
  correct: tf.Scalar;
  /** Gradients keyed by variable name, in `model.trainableWeights` order (Adam's state is matched by position). */
  grads: tf.NamedTensorMap;
}

/** Number of classes the model predicts: the last dimension of its single output. */
export function outputClasses(model: tfl.LayersModel): number {
  const shape = model.outputs[0]?.shape;
  const n = shape?.[shape.length - 1];
  if (model.outputs.length !== 1 || typeof n !== 'number') {
    throw new Error(
      `model ${model.name}: expected one output [null, numClasses], found ${JSON.stringify(model.outputs.map((o) => o.shape))}`,
    );
  }
  return n;
}

/**
 * Forward in training mode (dropout on), softmax cross-entropy, gradients w.r.t. the trainable weights; applies
 * nothing. A SimpleCNN-shaped model on a backend with a fused SimpleCNN kernel (@mnistkit/backend's wasm) gets the
 * same results, to float tolerance, from that one kernel ({@link fusedGradients}). Does not dispose
 * `images`/`labels`; the caller disposes the result (see {@link StepGradients}).
 */
export function computeGradients(
  model: tfl.LayersModel,
  images: tf.Tensor,
  labels: tf.Tensor,
  numClasses = outputClasses(model),
): StepGradients {
  const fused = fusedGradients(model, images, labels, numClasses);
  if (fused !== null) return fused;
  return tf.tidy(() => {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    let correct: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.apply(images, { training: true }) as tf.Tensor;
      // Counted inside the taped function because the forward's intermediates are freed when it returns.
      correct = tf.keep(
        tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'int32')) as tf.Scalar,
      );
      return softmaxCrossEntropy(logits, labels, numClasses);
    }, vars);
    if (!correct) throw new Error('computeGradients: the forward pass did not run');
    return { loss: value, correct, grads };
  });
}

/** Applies `grads` with `optimizer` (one Adam step by default) and disposes them. */
export function applyGradients(optimizer: tf.Optimizer, grads: tf.NamedTensorMap): void {
  try {
    optimizer.applyGradients(grads);
  } finally {
    tf.dispose(grads);
  }
}

/** Plain numbers from one training step. */
export interface StepResult {
  loss: number;
  correct: number;
}

/** A training step the loop calls per batch; pluggable so data-parallel training can replace it. */
export type TrainStep = (
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  images: tf.Tensor,
  labels: tf.Tensor,
) => Promise<StepResult>;

/** Thrown by {@link trainStep} when the loss is NaN or infinite; the weights were not updated. */
export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
  constructor(readonly loss: number) {
    super(`loss is ${loss}`);
  }
}

/**
 * One step of the tutorial's loop: forward + loss + gradients ({@link computeGradients}), then, only when the loss is
 * finite, the optimizer update ({@link applyGradients}). Throws {@link NonFiniteLossError} before updating otherwise.
 * Does not dispose `images`/`labels`; leaves no tensors behind.
 */
export async function trainStep(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  images: tf.Tensor,
  labels: tf.Tensor,
): Promise<StepResult> {
  const { loss, correct, grads } = computeGradients(model, images, labels);
  let lossValue: number;
  let correctValue: number;
  try {
    [lossValue, correctValue] = [(await loss.data())[0] as number, (await correct.data())[0] as number];
  } finally {
    tf.dispose([loss, correct]);
  }
  if (!Number.isFinite(lossValue)) {
    tf.dispose(grads);
    throw new NonFiniteLossError(lossValue);
  }
  applyGradients(optimizer, grads);
  return { loss: lossValue, correct: correctValue };
}

/** A deterministic 31-bit non-zero seed from integers (tfjs treats 0 as "unseeded"). */
export function mixSeeds(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x01000193);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
    h ^= h >>> 15;
  }
  return ((h >>> 0) % 2147483646) + 1;
}

type SeededLayer = { seed?: number };

/** The model's layers that draw random masks in training (Dropout and subclasses: they have `rate` and `seed`). */
export function dropoutLayers(model: tfl.LayersModel): tfl.LayersModel['layers'] {
  return model.layers.filter((l) => /Dropout/.test(l.getClassName()));
}

/**
 * Seeds every Dropout layer for one step. tfjs-layers 4.22's Dropout passes its `seed` field to `tf.dropout`, which
 * draws from Math.random when it is unset; seeding it per step from (seed, epoch, step, layer) makes masks
 * reproducible without saving any RNG stream: the position in training is the state.
 */
export function seedDropout(model: tfl.LayersModel, seed: number, epoch: number, step: number): void {
  dropoutLayers(model).forEach((layer, i) => {
    (layer as unknown as SeededLayer).seed = mixSeeds(seed, epoch, step, i);
  });
}
