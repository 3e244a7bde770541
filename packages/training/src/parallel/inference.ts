import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EvaluateOptions, EvaluationResult } from '../evaluate.js';
import { type Batch, type BatchSource, disposeBatchTensors } from '../loader.js';
import { addToConfusion, confusionAccuracy, emptyConfusion, perClassAccuracy } from '../metrics.js';
import { outputClasses, softmaxCrossEntropy } from '../step.js';

/**
 * The loop of `evaluate()` with the forward pass replaced by `forward`: it takes the images of up to `group`
 * consecutive batches and returns each one's inference-mode logits [B, C] (disposed here). Loss and predictions come
 * from each whole batch's logits with the same ops and in the same order as `evaluate()`, so equal logits give an
 * equal result. Disposes each batch; leaves no tensors behind.
 */
export async function evaluateWith(
  model: tfl.LayersModel,
  loader: BatchSource,
  options: EvaluateOptions,
  group: number,
  forward: (images: tf.Tensor[]) => Promise<tf.Tensor[]>,
): Promise<EvaluationResult> {
  const numClasses = outputClasses(model);
  const confusion = emptyConfusion(numClasses);
  let lossSum = 0;
  let total = 0;
  let done = 0;
  const pending: Batch[] = [];
  const flush = async () => {
    try {
      const logits = await forward(pending.map((b) => b.images));
      try {
        for (const [k, batch] of pending.entries()) {
          let lossValue: number;
          let predicted: Int32Array;
          let labels: Int32Array;
          const [loss, preds] = tf.tidy(() => {
            const l = logits[k] as tf.Tensor;
            return [softmaxCrossEntropy(l, batch.labels, numClasses), tf.argMax(l, -1)] as const;
          });
          try {
            lossValue = (await loss.data())[0] as number;
            predicted = (await preds.data()) as Int32Array;
            labels = Int32Array.from(await batch.labels.data());
          } finally {
            tf.dispose([loss, preds]);
          }
          addToConfusion(confusion, labels, predicted);
          lossSum += lossValue * batch.size;
          total += batch.size;
          options.onBatchEnd?.(++done, loader.length);
        }
      } finally {
        tf.dispose(logits);
      }
    } finally {
      for (const b of pending.splice(0)) disposeBatchTensors(b);
    }
  };
  try {
    for await (const batch of loader.batches(options.epoch ?? 0)) {
      pending.push(batch);
      if (pending.length === group) await flush();
    }
    if (pending.length > 0) await flush();
  } finally {
    for (const b of pending.splice(0)) disposeBatchTensors(b);
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
