import type { EvaluationResult, Misclassified, SamplePredictions } from '@mnistkit/training';

/** @mnistkit/training's evaluation of a test set with every sample's prediction kept, plus how long it took where. */
export interface ViewerEvaluation extends EvaluationResult {
  /** Every sample's label, prediction and confidence, in data set order (the confusion-cell drill-down). */
  samples: SamplePredictions;
  /** The most confident mistakes, most confident first (the gallery). */
  mistakes: Misclassified[];
  seconds: number;
  backend: string;
  /** Workers that computed it side by side. */
  threads: number;
}

/** Indices of the samples of one confusion-matrix cell, in data set order. */
export function cellSamples(result: ViewerEvaluation, trueLabel: number, predicted: number): number[] {
  const indices: number[] = [];
  const { labels, predicted: predictions } = result.samples;
  for (let i = 0; i < result.total; i++) {
    if (labels[i] === trueLabel && predictions[i] === predicted) indices.push(i);
  }
  return indices;
}
