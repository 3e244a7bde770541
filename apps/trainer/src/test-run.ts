import { DataLoader } from '@mnistkit/data';
import { type EvaluationResult, evaluate } from '@mnistkit/training';
import { galleryOptions, type Prediction, shownPredictions } from './misclassified.js';
import type { PreparedRun } from './prepare-run.js';
import { evaluationBatchSize } from './train-run.js';

/** How many misclassified test samples misclassified.png shows. */
export const MISCLASSIFIED_SHOWN = 32;

/** The final test: the figures, how long it took, and the samples misclassified.png shows. */
export interface TestOutcome {
  result: EvaluationResult;
  seconds: number;
  /** Up to {@link MISCLASSIFIED_SHOWN} misclassified test samples, or the first ones when none is wrong. */
  shown: Prediction[];
}

/** Step 3: tests the trained model on the test set (on the worker threads when there are some). */
export async function testRun(
  run: Pick<PreparedRun, 'model' | 'data' | 'settings' | 'parallel'>,
  testBatchSize = evaluationBatchSize(run.settings.batchSize),
): Promise<TestOutcome> {
  const started = performance.now();
  const loader = new DataLoader(run.data.test, { batchSize: testBatchSize });
  // One pass gives the test figures and the gallery's samples.
  const gallery = galleryOptions(MISCLASSIFIED_SHOWN);
  const result = await (run.parallel
    ? run.parallel.evaluate(run.model, loader, gallery)
    : evaluate(run.model, loader, gallery));
  const seconds = (performance.now() - started) / 1000;
  const shown = shownPredictions(result, run.data.test, MISCLASSIFIED_SHOWN);
  return { result, seconds, shown };
}
