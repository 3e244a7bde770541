import { DataLoader, type Dataset, disposeBatch } from '@mnistkit/data';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** A test sample with the model's prediction. */
export interface Prediction {
  /** Index in the test set. */
  index: number;
  label: number;
  predicted: number;
  /** Softmax probability of the predicted class. */
  confidence: number;
  /** The sample's raw pixels (uint8, row-major). */
  image: Uint8Array;
}

/**
 * The first `max` misclassified samples of `dataset` (or, with `onlyWrong: false`, the first `max` samples), in
 * order. Stops reading as soon as it has `max`, so it costs a fraction of a test pass. Uses inference mode
 * (dropout off). Leaves no tensors behind.
 */
export async function findPredictions(
  model: tfl.LayersModel,
  dataset: Dataset,
  options: { max?: number; batchSize?: number; onlyWrong?: boolean } = {},
): Promise<Prediction[]> {
  const max = options.max ?? 32;
  const onlyWrong = options.onlyWrong ?? true;
  const loader = new DataLoader(dataset, { batchSize: options.batchSize ?? 256, shuffle: false });
  const found: Prediction[] = [];
  let offset = 0;
  for await (const batch of loader.batches(0)) {
    try {
      const [probs, labels] = tf.tidy(() => {
        const logits = model.predict(batch.images) as tf.Tensor2D;
        return [tf.softmax(logits), batch.labels.clone()] as const;
      });
      const p = (await probs.data()) as Float32Array;
      const y = (await labels.data()) as Int32Array;
      const classes = probs.shape[1];
      probs.dispose();
      labels.dispose();
      for (let i = 0; i < batch.size && found.length < max; i++) {
        let best = 0;
        for (let c = 1; c < classes; c++)
          if ((p[i * classes + c] as number) > (p[i * classes + best] as number)) best = c;
        const label = y[i] as number;
        if (best !== label || !onlyWrong) {
          const index = offset + i;
          found.push({
            index,
            label,
            predicted: best,
            confidence: p[i * classes + best] as number,
            image: dataset.get(index).image.slice(),
          });
        }
      }
    } finally {
      disposeBatch(batch);
    }
    offset += batch.size;
    if (found.length >= max) break;
  }
  return found;
}
