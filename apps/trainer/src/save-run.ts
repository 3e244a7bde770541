import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@mnistkit/fs';
import type { ModelName } from '@mnistkit/models';
import { saveModel, torchFiles } from '@mnistkit/models/node';
import { confusionMatrixSpec, sampleGridSpec, trainingCurvesSpec } from '@mnistkit/viz';
import { renderPng, writeChart } from '@mnistkit/viz/node';
import { formatCount } from './format.js';
import type { PreparedRun } from './prepare-run.js';
import type { EpochRecord, MetricsFile } from './records.js';
import { RUN_FILES, writeJsonAtomic } from './run-dir.js';
import type { RunLogs } from './run-logs.js';
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
): MetricsFile {
  const t = test.result;
  const anyWrong = t.correct < t.total;
  return {
    format: 'mnistkit-metrics',
    version: 1,
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

/** Writes curves.{svg,png}, confusion.{svg,png} and misclassified.png. */
export async function writeCharts(
  runDir: string,
  history: readonly EpochRecord[],
  metrics: MetricsFile,
  test: TestOutcome,
): Promise<{ confusion: Uint8Array; misclassified: Uint8Array }> {
  // A test-only run (--epochs 0) has no curves to draw.
  if (history.length > 0) {
    const curves = trainingCurvesSpec(
      history.map((h) => ({
        epoch: h.epoch,
        trainLoss: h.trainLoss,
        trainAccuracy: h.trainAccuracy,
        valLoss: h.valLoss ?? undefined,
        valAccuracy: h.valAccuracy ?? undefined,
        testLoss: h.testLoss ?? undefined,
        testAccuracy: h.testAccuracy ?? undefined,
      })),
    );
    await writeChart(curves, join(runDir, 'curves'));
  }
  const accuracy = `${(100 * metrics.testAccuracy).toFixed(2)}%`;
  const confusionTitle = `Test confusion matrix (accuracy ${accuracy}, ${formatCount(metrics.correct)} of ${formatCount(metrics.total)})`;
  const confusion = await writeChart(
    confusionMatrixSpec(metrics.confusionMatrix, metrics.classes, { title: confusionTitle }),
    join(runDir, 'confusion'),
  );
  const wrong = metrics.total - metrics.correct;
  const title =
    wrong > 0
      ? `Most confident misclassified test samples (${test.shown.length} of ${formatCount(wrong)})`
      : 'No misclassified test samples: the first test samples';
  const grid = sampleGridSpec(
    test.shown.map((p) => ({ image: p.image, label: p.label, predicted: p.predicted, confidence: p.confidence })),
    { classNames: metrics.classes, title },
  );
  const misclassified = await renderPng(grid);
  await writeFileAtomic(join(runDir, RUN_FILES.misclassified), misclassified);
  return { confusion: new Uint8Array(await readFile(confusion.png)), misclassified };
}

/**
 * Step 4: saves the final model, metrics.json and the charts into the run directory. history.json is the run
 * record's to write (it is marked completed after this).
 */
export async function saveRun(
  run: Pick<PreparedRun, 'model' | 'runDir' | 'data' | 'backend'>,
  test: TestOutcome,
  history: readonly EpochRecord[],
  epochs: number,
  options: SaveOptions = {},
): Promise<MetricsFile> {
  const classNames = outputClassNames(run.data.classes, test.result.confusion.length);
  if (!options.noSave) {
    await saveModel(run.model, join(run.runDir, RUN_FILES.model), {
      output: options.exportLogits ? 'logits' : 'probabilities',
      classNames,
      ...(options.learningRate === undefined ? {} : { learningRate: options.learningRate }),
    });
    // The tutorial's PyTorch SimpleCNN loads these with load_state_dict (torch.load(PATH, weights_only=True)).
    if (options.modelName !== undefined) {
      for (const [name, bytes] of Object.entries(torchFiles(run.model, options.modelName))) {
        await writeFileAtomic(join(run.runDir, name), bytes);
      }
    }
  }
  const metrics = metricsFile(test, run.data.classes, epochs, run.backend.name);
  await writeJsonAtomic(join(run.runDir, RUN_FILES.metrics), metrics);
  const images = await writeCharts(run.runDir, history, metrics, test);
  await options.logs?.tested(epochs, images);
  return metrics;
}

/** What `--no-save`, `--export-logits` and the run's logs ask of {@link saveRun}. */
export interface SaveOptions {
  /** The registered model: its PyTorch copies (model.pth, model.safetensors) are written too. */
  modelName?: ModelName | undefined;
  /** Adam's learning rate, for model.json's training config. */
  learningRate?: number | undefined;
  noSave?: boolean | undefined;
  exportLogits?: boolean | undefined;
  logs?: RunLogs | undefined;
}
