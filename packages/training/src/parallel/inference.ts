import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EvaluationResult } from '../evaluate.js';
import type { Batch } from '../loader.js';
import {
  addToConfusion,
  type ConfusionMatrix,
  confusionAccuracy,
  emptyConfusion,
  perClassAccuracy,
} from '../metrics.js';
import { outputClasses, softmaxCrossEntropy } from '../step.js';

/**
 * The bookkeeping of `evaluate()` without its forward pass: fed each batch's inference-mode logits in loader order,
 * it computes loss and predictions with the same ops and sums them in the same order, so equal logits give an equal
 * result.
 */
export class EvaluationTally {
  private readonly numClasses: number;
  private readonly confusion: ConfusionMatrix;
  private lossSum = 0;
  private total = 0;

  constructor(model: tfl.LayersModel) {
    this.numClasses = outputClasses(model);
    this.confusion = emptyConfusion(this.numClasses);
  }

  /** Adds the next batch (in loader order) given its logits [B, C]. Disposes neither; leaves no tensors behind. */
  add(logits: tf.Tensor, batch: Batch): void {
    const [loss, preds] = tf.tidy(
      () => [softmaxCrossEntropy(logits, batch.labels, this.numClasses), tf.argMax(logits, -1)] as const,
    );
    let lossValue: number;
    let predicted: Int32Array;
    try {
      lossValue = loss.dataSync()[0] as number;
      predicted = preds.dataSync() as Int32Array;
    } finally {
      tf.dispose([loss, preds]);
    }
    addToConfusion(this.confusion, Int32Array.from(batch.labels.dataSync()), predicted);
    this.lossSum += lossValue * batch.size;
    this.total += batch.size;
  }

  result(): EvaluationResult {
    const { confusion, total } = this;
    const correct = confusion.reduce((n, row, i) => n + (row[i] as number), 0);
    return {
      loss: total === 0 ? Number.NaN : this.lossSum / total,
      accuracy: confusionAccuracy(confusion),
      correct,
      total,
      confusion,
      perClassAccuracy: perClassAccuracy(confusion),
    };
  }
}
