import type { Dataset } from '@mnistkit/data';
import type { EvaluateOptions, EvaluationResult } from '@mnistkit/training';

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

/** What the test pass must keep for {@link shownPredictions}: its `max` most confident mistakes and every sample. */
export function galleryOptions(max: number): EvaluateOptions {
  return { mistakes: max, keepSamples: true };
}

/**
 * The samples the gallery shows, taken from the test pass itself (run with {@link galleryOptions} over `dataset` in
 * order, so a sample's position is its index): the `max` most confident mistakes, most confident first, or, when
 * the model got every sample right, the first `max` samples.
 */
export function shownPredictions(test: EvaluationResult, dataset: Dataset, max: number): Prediction[] {
  const withImage = (p: Omit<Prediction, 'image'>): Prediction => ({ ...p, image: dataset.get(p.index).image.slice() });
  if (test.correct < test.total) return (test.mistakes ?? []).slice(0, max).map(withImage);
  const s = test.samples;
  if (!s) throw new Error('shownPredictions: the test pass kept no samples; run it with galleryOptions()');
  return Array.from({ length: Math.min(max, s.labels.length) }, (_, index) =>
    withImage({
      index,
      label: s.labels[index] as number,
      predicted: s.predicted[index] as number,
      confidence: s.confidences[index] as number,
    }),
  );
}
