import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type BatchSource, disposeBatchTensors } from './loader.js';
import {
  addToConfusion,
  type ConfusionMatrix,
  confusionAccuracy,
  emptyConfusion,
  perClassAccuracy,
} from './metrics.js';
import { outputClasses, softmaxCrossEntropy } from './step.js';

/** Figures of one pass over a data set in inference mode. Accuracies are fractions. */
export interface EvaluationResult {
  /** Mean loss per sample. */
  loss: number;
  accuracy: number;
  correct: number;
  total: number;
  /** `confusion[true][predicted]` counts. */
  confusion: ConfusionMatrix;
  /** Per-class accuracy (recall); NaN for a class with no samples. */
  perClassAccuracy: number[];
}

/** Options for {@link evaluate}. */
export interface EvaluateOptions {
  /** Which epoch's order to iterate (only matters for shuffled loaders); default 0. */
  epoch?: number;
  /** Called after each batch with the batches done so far, for progress bars. */
  onBatchEnd?: (done: number, batches: number) => void;
}

/**
 * Runs the model over every batch in inference mode (dropout off, no gradients, like `model.eval()` +
 * `torch.no_grad()`); disposes each batch and leaves no tensors behind. Does not dispose the model.
 */
export async function evaluate(
  model: tfl.LayersModel,
  loader: BatchSource,
  options: EvaluateOptions = {},
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
      const [loss, preds] = tf.tidy(() => {
        const logits = model.apply(batch.images, { training: false }) as tf.Tensor;
        return [softmaxCrossEntropy(logits, batch.labels, numClasses), tf.argMax(logits, -1)] as const;
      });
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
