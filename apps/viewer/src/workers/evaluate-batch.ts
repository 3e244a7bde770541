import { applyTransform, defaultTransform, transformTable } from '@mnistkit/data';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BatchOutcome, SampleChunk } from './protocol.js';

const transform = transformTable(defaultTransform());

/**
 * Runs one batch through the model in inference mode (dropout off) with the training transform and reads its
 * outputs back; the page tallies them in data set order with @mnistkit/training's `EvaluationTally`, the one
 * inference bookkeeping Node's `evaluate` uses too. Leaves no tensors behind.
 */
export async function evaluateBatch(model: LayersModel, chunk: SampleChunk): Promise<BatchOutcome> {
  const size = chunk.labels.length;
  const [h, w] = chunk.shape;
  const outputs = tf.tidy(() => {
    const input = tf.tensor4d(applyTransform(transform, chunk.images), [size, h, w, 1]);
    return model.apply(input, { training: false }) as tf.Tensor2D;
  });
  try {
    return { outputs: (await outputs.data()) as Float32Array, classes: outputs.shape[1] };
  } finally {
    outputs.dispose();
  }
}
