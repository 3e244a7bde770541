import { DataLoader, type Dataset } from '@mnistkit/data';
import { confusionAccuracy, confusionMatrix, perClassAccuracy, softmaxCrossEntropy } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** What one evaluation of a model on a test set found; the figures are @mnistkit/training's metrics. */
export interface EvaluationResult {
  correct: number;
  total: number;
  accuracy: number;
  /** Mean loss per sample (softmax cross-entropy of the outputs, as in training). */
  loss: number;
  /** confusion[trueLabel][predictedLabel] = count. */
  confusion: number[][];
  /** NaN for a class with no samples. */
  perClassAccuracy: number[];
  /** Per sample, in data set order. */
  labels: Int32Array;
  predictions: Int32Array;
  /** Softmax probability of the predicted class. */
  confidences: Float32Array;
  seconds: number;
  backend: string;
}

/** Options of {@link evaluateInBrowser}. */
export interface EvaluateOptions {
  /** Default 128. */
  batchSize?: number;
  numClasses?: number;
  /** Called after each batch with the number of samples done. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Runs the model over a data set batch by batch with the training transform (@mnistkit/data's DataLoader), in
 * inference mode, and predicts the argmax of the outputs, as @mnistkit/training's `evaluate` does; unlike it, keeps
 * each sample's prediction and confidence (for the galleries) and yields to the browser between batches so the
 * page repaints and takes input. Leaves no tensors behind; does not dispose the model.
 */
export async function evaluateInBrowser(
  model: LayersModel,
  dataset: Dataset,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const numClasses = options.numClasses ?? 10;
  const loader = new DataLoader(dataset, { batchSize: options.batchSize ?? 128 });
  const total = dataset.length;
  const labels = new Int32Array(total);
  const predictions = new Int32Array(total);
  const confidences = new Float32Array(total);
  const probabilities = outputsAreProbabilities(model);
  const started = performance.now();
  let lossSum = 0;
  let done = 0;
  for (const raw of loader.rawBatches(0)) {
    options.signal?.throwIfAborted();
    const [h, w] = raw.shape;
    const [loss, predicted, confidence] = tf.tidy(() => {
      const input = tf.tensor4d(raw.images, [raw.size, h, w, 1]);
      const output = model.apply(input, { training: false }) as tf.Tensor2D;
      const logits = probabilities ? tf.log(output) : output;
      return [
        softmaxCrossEntropy(logits, tf.tensor1d(raw.labels, 'int32'), numClasses),
        tf.argMax(output, 1),
        tf.max(probabilities ? output : tf.softmax(output), 1),
      ];
    });
    try {
      // data() (not dataSync) lets WebGL finish without blocking the page.
      const [l, p, c] = await Promise.all([loss.data(), predicted.data(), confidence.data()]);
      lossSum += (l[0] ?? Number.NaN) * raw.size;
      predictions.set(p as Int32Array, done);
      confidences.set(c as Float32Array, done);
    } finally {
      tf.dispose([loss, predicted, confidence]);
    }
    labels.set(raw.labels, done);
    done += raw.size;
    options.onProgress?.(done, total);
    await nextTask();
  }
  const seconds = (performance.now() - started) / 1000;
  const confusion = confusionMatrix(labels, predictions, numClasses);
  let correct = 0;
  for (let k = 0; k < numClasses; k++) correct += confusion[k]?.[k] ?? 0;
  return {
    correct,
    total,
    accuracy: confusionAccuracy(confusion),
    loss: total === 0 ? Number.NaN : lossSum / total,
    confusion,
    perClassAccuracy: perClassAccuracy(confusion),
    labels,
    predictions,
    confidences,
    seconds,
    backend: tf.getBackend(),
  };
}

/** Whether the model's last layer ends in a softmax, so its outputs are probabilities rather than logits. */
export function outputsAreProbabilities(model: LayersModel): boolean {
  const last = model.layers[model.layers.length - 1];
  if (last === undefined) return false;
  if (last.getClassName() === 'Softmax') return true;
  const config = last.getConfig() as { activation?: unknown };
  return config.activation === 'softmax';
}

/** Resolves on the next macrotask, so that rendering and input run in between (setTimeout(0) is clamped to 4 ms). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
