import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EvaluateOptions, EvaluationResult } from '../evaluate.js';
import { type BatchSource, disposeBatchTensors } from '../loader.js';
import { addToConfusion, confusionAccuracy, emptyConfusion, perClassAccuracy } from '../metrics.js';
import { outputClasses, softmaxCrossEntropy } from '../step.js';

/**
 * The loop of `evaluate()` with the forward pass replaced by `forward` (inference-mode logits [B, C] of a batch's
 * images; the result is disposed here). Loss and predictions come from the whole batch's logits with the same ops as
 * `evaluate()`, so only the logits' float error can differ. Disposes each batch; leaves no tensors behind.
 */
export async function evaluateWith(
  model: tfl.LayersModel,
  loader: BatchSource,
  options: EvaluateOptions,
  forward: (images: tf.Tensor) => Promise<tf.Tensor>,
): Promise<EvaluationResult> {
  const numClasses = outputClasses(model);
  const confusion = emptyConfusion(numClasses);
  let lossSum = 0;
  let total = 0;
  let done = 0;
  for await (const batch of loader.batches(options.epoch ?? 0)) {
    let lossValue: number;
    let predicted: Int32Array;
    let labels: Int32Array;
    try {
      const logits = await forward(batch.images);
      let loss: tf.Scalar;
      let preds: tf.Tensor;
      try {
        [loss, preds] = tf.tidy(
          () => [softmaxCrossEntropy(logits, batch.labels, numClasses), tf.argMax(logits, -1)] as const,
        );
      } finally {
        logits.dispose();
      }
      try {
        lossValue = (await loss.data())[0] as number;
        predicted = (await preds.data()) as Int32Array;
        labels = Int32Array.from(await batch.labels.data());
      } finally {
        tf.dispose([loss, preds]);
      }
    } finally {
      disposeBatchTensors(batch);
    }
    addToConfusion(confusion, labels, predicted);
    lossSum += lossValue * batch.size;
    total += batch.size;
    options.onBatchEnd?.(++done, loader.length);
  }
  const correct = confusion.reduce((n, row, i) => n + (row[i] as number), 0);
  return {
    loss: total === 0 ? Number.NaN : lossSum / total,
    accuracy: confusionAccuracy(confusion),
    correct,
    total,
    confusion,
    perClassAccuracy: perClassAccuracy(confusion),
  };
}
