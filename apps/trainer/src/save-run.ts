import { WriteBatch } from '@mnistkit/fs';
import { formatCount } from '@mnistkit/models';
import { modelFiles } from '@mnistkit/models/node';
import {
  type EpochRecord,
  formatRunJson,
  METRICS_FORMAT,
  METRICS_VERSION,
  RUN_FILES,
  type RunHistory,
  type RunMetrics,
} from '@mnistkit/training';
import { type ChartSpec, confusionMatrixSpec, renderSvg, sampleGridSpec, trainingCurvesSpec } from '@mnistkit/viz';
import { renderPng, svgToPng } from '@mnistkit/viz/node';
import type { PreparedRun } from './prepare-run.js';
import type { TestOutcome } from './test-run.js';

/**
 * One name per model output. A data set with fewer classes than the model's 10 outputs (an image folder of 3
 * classes) keeps its names; the unused outputs are named by their index, so charts and matrices stay square.
 */
export function outputClassNames(classes: readonly string[], outputs: number): string[] {
  return Array.from({ length: Math.max(outputs, classes.length) }, (_, i) => classes[i] ?? String(i));
}

/** JSON has no NaN: a class with no test samples has no accuracy, written as null. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** metrics.json for a test outcome of a model trained `epochs` epochs on `backend`. */
export function metricsFile(
  test: TestOutcome,
  classes: readonly string[],
  epochs: number,
  backend: string,
): RunMetrics {
  const t = test.result;
  const anyWrong = t.correct < t.total;
  return {
    format: METRICS_FORMAT,
    version: METRICS_VERSION,
    epochs,
    testLoss: t.loss,
    testAccuracy: t.accuracy,
    correct: t.correct,
    total: t.total,
    classes: outputClassNames(classes, t.confusion.length),
    perClassAccuracy: t.perClassAccuracy.map(finiteOrNull),
    confusionMatrix: t.confusion.map((row) => [...row]),
    misclassified: anyWrong
      ? test.shown.map(({ index, label, predicted, confidence }) => ({ index, label, predicted, confidence }))
      : [],
    backend,
  };
}

/** The chart files, rendered in memory: curves.{svg,png}, confusion.{svg,png} and misclassified.png. */
export async function chartFiles(
  history: readonly EpochRecord[],
  metrics: RunMetrics,
  test: TestOutcome,
): Promise<Record<string, string | Uint8Array>> {
  const files: Record<string, string | Uint8Array> = {};
  const both = async (spec: ChartSpec, svgName: string, pngName: string) => {
    const svg = await renderSvg(spec);
    files[svgName] = svg;
    files[pngName] = svgToPng(svg);
  };
  await both(trainingCurvesSpec(history), RUN_FILES.curvesSvg, RUN_FILES.curvesPng);
  await both(
    confusionMatrixSpec(metrics.confusionMatrix, metrics.classes),
    RUN_FILES.confusionSvg,
    RUN_FILES.confusionPng,
  );
  const wrong = metrics.total - metrics.correct;
  const title =
    wrong > 0
      ? `Misclassified test samples (${test.shown.length} of ${formatCount(wrong)})`
      : 'No misclassified test samples: the first test samples';
  const grid = sampleGridSpec(
    test.shown.map((p) => ({ image: p.image, label: p.label, predicted: p.predicted, confidence: p.confidence })),
    { classNames: metrics.classes, title },
  );
  files[RUN_FILES.misclassified] = await renderPng(grid);
  return files;
}

/**
 * Step 4: saves the final model, metrics.json, the charts and the completed history.json into the run directory
 * together, all or nothing (one `WriteBatch` of `@mnistkit/fs`): everything is rendered and written under
 * temporary names first, then swapped in; a failure (a full disk) or a kill leaves the run as it was before.
 */
export async function saveRun(
  run: Pick<PreparedRun, 'model' | 'runDir' | 'data' | 'backend'>,
  test: TestOutcome,
  history: RunHistory,
): Promise<RunMetrics> {
  const metrics = metricsFile(test, run.data.classes, history.history.length, run.backend.name);
  const batch = new WriteBatch(run.runDir)
    .directory(RUN_FILES.model, { ...(await modelFiles(run.model)) })
    .json(RUN_FILES.metrics, metrics, formatRunJson);
  for (const [name, data] of Object.entries(await chartFiles(history.history, metrics, test))) batch.file(name, data);
  // The record goes last: a reader that sees the run completed finds the files it describes.
  await batch.json(RUN_FILES.history, history, formatRunJson).commit();
  return metrics;
}
