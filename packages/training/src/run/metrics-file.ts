import { inFile } from './run-format-error.js';
import { arrayOf, FieldIssue, fraction, int, nonNegative, nullable, object, oneOf, str } from './schema.js';

/** `metrics.json`'s `format` field. */
export const METRICS_FORMAT = 'mnistkit-metrics';
/** The metrics.json version written. */
export const METRICS_VERSION = 1;

const METRICS = object({
  format: oneOf([METRICS_FORMAT] as const),
  version: oneOf([METRICS_VERSION] as const),
  /** Epochs the final model was trained for. */
  epochs: int(0),
  testLoss: nonNegative,
  /** Fraction in [0, 1]; printed as `Test Accuracy: 99.25%`. */
  testAccuracy: fraction,
  correct: int(0),
  total: int(0),
  /** One name per model output, by label. */
  classes: arrayOf(str),
  /** Accuracy of each true class (fraction), or null for a class absent from the test set. */
  perClassAccuracy: arrayOf(nullable(fraction)),
  /** `confusionMatrix[t][p]` counts test samples of true class t predicted as p. */
  confusionMatrix: arrayOf(arrayOf(int(0))),
  /** The test samples shown in misclassified.png, in test-set order. */
  misclassified: arrayOf(object({ index: int(0), label: int(0), predicted: int(0), confidence: fraction })),
  backend: str,
});

/** metrics.json: how a run's final model does on the test set. Documented field by field in the trainer's README. */
export type RunMetrics = ReturnType<typeof METRICS>;

/** The confusion matrix is square over the classes and adds up to `total`, its diagonal to `correct`. */
function checkConsistency(m: RunMetrics): void {
  const n = m.classes.length;
  if (m.confusionMatrix.length !== n)
    throw new FieldIssue('confusionMatrix', `${n} rows (one per class)`, m.confusionMatrix.length);
  m.confusionMatrix.forEach((row, i) => {
    if (row.length !== n) throw new FieldIssue(`confusionMatrix[${i}]`, `${n} counts`, row.length);
  });
  if (m.perClassAccuracy.length !== n)
    throw new FieldIssue('perClassAccuracy', `${n} values`, m.perClassAccuracy.length);
  const total = m.confusionMatrix.flat().reduce((a, b) => a + b, 0);
  if (total !== m.total) throw new FieldIssue('confusionMatrix', `counts adding up to total (${m.total})`, total);
  const correct = m.confusionMatrix.reduce((s, row, i) => s + (row[i] ?? 0), 0);
  if (correct !== m.correct) throw new FieldIssue('correct', `the diagonal of confusionMatrix (${correct})`, m.correct);
}

/** Checks a parsed metrics.json against the run format; throws `RunFormatError` naming `file` and the field. */
export function parseRunMetrics(value: unknown, file: string): RunMetrics {
  return inFile(file, () => {
    const metrics = METRICS(value, '');
    checkConsistency(metrics);
    return metrics;
  });
}
