import { WriteBatch } from '@mnistkit/fs';
import { formatCount, formatPercent, type ModelName } from '@mnistkit/models';
import { modelFiles, torchFiles } from '@mnistkit/models/node';
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
import { metricsCsv } from './metrics-csv.js';
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

/** The trainer says once, before training, when PNG text has no font (`missingFontReason`); viz need not repeat it. */
const PNG_OPTIONS = { onWarning: () => {} };

/**
 * The chart files, rendered in memory: curves.{svg,png} (with the test curve of epochs tested during training; none
 * for a run without epochs, `--epochs 0`), confusion.{svg,png} (titled with the test accuracy) and misclassified.png.
 */
export async function chartFiles(
  history: readonly EpochRecord[],
  metrics: RunMetrics,
  test: TestOutcome,
): Promise<Record<string, string | Uint8Array>> {
  const files: Record<string, string | Uint8Array> = {};
  const both = async (spec: ChartSpec, svgName: string, pngName: string) => {
    const svg = await renderSvg(spec);
    files[svgName] = svg;
    files[pngName] = svgToPng(svg, PNG_OPTIONS);
  };
  if (history.length > 0) await both(trainingCurvesSpec(history), RUN_FILES.curvesSvg, RUN_FILES.curvesPng);
  const title = `Test confusion matrix (accuracy ${formatPercent(metrics.testAccuracy)}, ${formatCount(metrics.correct)} of ${formatCount(metrics.total)})`;
  await both(
    confusionMatrixSpec(metrics.confusionMatrix, metrics.classes, { title }),
    RUN_FILES.confusionSvg,
    RUN_FILES.confusionPng,
  );
  const wrong = metrics.total - metrics.correct;
  const gridTitle =
    wrong > 0
      ? `Misclassified test samples (${test.shown.length} of ${formatCount(wrong)})`
      : 'No misclassified test samples: the first test samples';
  const grid = sampleGridSpec(
    test.shown.map((p) => ({ image: p.image, label: p.label, predicted: p.predicted, confidence: p.confidence })),
    { classNames: metrics.classes, title: gridTitle },
  );
  files[RUN_FILES.misclassified] = await renderPng(grid, PNG_OPTIONS);
  return files;
}

/** What the final save writes besides the record: `--no-save`, `--export-logits`. */
export interface SaveOptions {
  /** The registered model, for its PyTorch copies (model.pth, model.safetensors). */
  modelName: ModelName;
  /** `--no-save`: no model/, model.pth or model.safetensors. */
  noSave?: boolean | undefined;
  /** `--export-logits`: model/ outputs logits (no softmax layer, no training config) instead of probabilities. */
  exportLogits?: boolean | undefined;
}

/** The saved model's files in the run directory: `model/` (with the class names and the run's lr) and its PyTorch copies. */
async function savedModelFiles(
  run: Pick<PreparedRun, 'model'>,
  history: RunHistory,
  metrics: RunMetrics,
  options: SaveOptions,
): Promise<{ model: Record<string, string | Uint8Array>; torch: Record<string, Uint8Array> }> {
  const model = await modelFiles(run.model, {
    output: options.exportLogits ? 'logits' : 'probabilities',
    classNames: metrics.classes,
    learningRate: history.settings.lr,
  });
  // The tutorial's PyTorch SimpleCNN loads these with load_state_dict(torch.load(PATH, weights_only=True)).
  return { model: { ...model }, torch: torchFiles(run.model, options.modelName) };
}

/**
 * Step 4: saves the final model (model/, model.pth and model.safetensors, unless `--no-save`), metrics.json,
 * metrics.csv, the charts and the completed history.json into the run directory together, all or nothing (one
 * `WriteBatch` of `@mnistkit/fs`): everything is rendered and written under temporary names first, then swapped in;
 * a failure (a full disk) or a kill leaves the run as it was before. Returns the metrics and the charts (for
 * TensorBoard's images).
 */
export async function saveRun(
  run: Pick<PreparedRun, 'model' | 'runDir' | 'data' | 'backend'>,
  test: TestOutcome,
  history: RunHistory,
  options: SaveOptions,
): Promise<{ metrics: RunMetrics; charts: Record<string, string | Uint8Array> }> {
  const metrics = metricsFile(test, run.data.classes, history.history.length, run.backend.name);
  const batch = new WriteBatch(run.runDir);
  if (!options.noSave) {
    const saved = await savedModelFiles(run, history, metrics, options);
    batch.directory(RUN_FILES.model, saved.model);
    for (const [name, data] of Object.entries(saved.torch)) batch.file(name, data);
  }
  batch
    .json(RUN_FILES.metrics, metrics, formatRunJson)
    .file(RUN_FILES.metricsCsv, metricsCsv(history.history, history.settings.lr));
  const charts = await chartFiles(history.history, metrics, test);
  for (const [name, data] of Object.entries(charts)) batch.file(name, data);
  // The record goes last: a reader that sees the run completed finds the files it describes.
  await batch.json(RUN_FILES.history, history, formatRunJson).commit();
  return { metrics, charts };
}
