import { applyTransform, defaultTransform, transformTable } from '@mnistkit/data';
import { softmaxCrossEntropy } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BatchOutcome, SampleChunk } from './protocol.js';

/** Whether the model's last layer ends in a softmax, so its outputs are probabilities rather than logits. */
export function outputsAreProbabilities(model: LayersModel): boolean {
  const last = model.layers[model.layers.length - 1];
  if (last === undefined) return false;
  if (last.getClassName() === 'Softmax') return true;
  const config = last.getConfig() as { activation?: unknown };
  return config.activation === 'softmax';
}

const transform = transformTable(defaultTransform());

/**
 * Runs one batch in inference mode with the training transform, as @mnistkit/training's `evaluate` does: argmax of
 * the outputs, the softmax probability of it, and the summed softmax cross-entropy. Leaves no tensors behind.
 */
export async function evaluateBatch(model: LayersModel, chunk: SampleChunk, numClasses: number): Promise<BatchOutcome> {
  const size = chunk.labels.length;
  const [h, w] = chunk.shape;
  const probabilities = outputsAreProbabilities(model);
  const [loss, predicted, confidence] = tf.tidy(() => {
    const input = tf.tensor4d(applyTransform(transform, chunk.images), [size, h, w, 1]);
    const output = model.apply(input, { training: false }) as tf.Tensor2D;
    const logits = probabilities ? tf.log(output) : output;
    return [
      softmaxCrossEntropy(logits, tf.tensor1d(chunk.labels, 'int32'), numClasses),
      tf.argMax(output, 1),
      tf.max(probabilities ? output : tf.softmax(output), 1),
    ];
  });
  try {
    const [l, p, c] = await Promise.all([loss.data(), predicted.data(), confidence.data()]);
    return {
      predictions: Int32Array.from(p),
      confidences: Float32Array.from(c),
      lossSum: (l[0] ?? Number.NaN) * size,
    };
  } finally {
    tf.dispose([loss, predicted, confidence]);
  }
}
