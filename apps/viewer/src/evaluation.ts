import { confusionAccuracy, confusionMatrix, perClassAccuracy } from '@mnistkit/training';

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
  /** Workers that computed it side by side. */
  threads: number;
}

/** Builds the result from per-sample predictions with @mnistkit/training's metrics. */
export function summarize(
  parts: Pick<EvaluationResult, 'labels' | 'predictions' | 'confidences' | 'seconds' | 'backend' | 'threads'> & {
    lossSum: number;
    numClasses: number;
  },
): EvaluationResult {
  const { labels, predictions, lossSum, numClasses } = parts;
  const confusion = confusionMatrix(labels, predictions, numClasses);
  let correct = 0;
  for (let k = 0; k < numClasses; k++) correct += confusion[k]?.[k] ?? 0;
  const total = labels.length;
  return {
    correct,
    total,
    accuracy: confusionAccuracy(confusion),
    loss: total === 0 ? Number.NaN : lossSum / total,
    confusion,
    perClassAccuracy: perClassAccuracy(confusion),
    labels,
    predictions,
    confidences: parts.confidences,
    seconds: parts.seconds,
    backend: parts.backend,
    threads: parts.threads,
  };
}

/** Indices of the misclassified samples, the most confident mistakes first (they say most about the model). */
export function mistakes(result: EvaluationResult): number[] {
  const wrong: number[] = [];
  for (let i = 0; i < result.total; i++) if (result.predictions[i] !== result.labels[i]) wrong.push(i);
  wrong.sort((a, b) => (result.confidences[b] ?? 0) - (result.confidences[a] ?? 0));
  return wrong;
}

/** Indices of the samples of one confusion-matrix cell. */
export function cellSamples(result: EvaluationResult, trueLabel: number, predicted: number): number[] {
  const indices: number[] = [];
  for (let i = 0; i < result.total; i++) {
    if (result.labels[i] === trueLabel && result.predictions[i] === predicted) indices.push(i);
  }
  return indices;
}
