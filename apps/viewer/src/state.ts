import type { BackendReport } from '@mnistkit/backend';
import { type Dataset, FASHION_MNIST_CLASSES, MNIST_CLASSES } from '@mnistkit/data';
import type { ViewerEvaluation } from './evaluation.js';
import type { LoadedModel } from './model-loading.js';
import type { TestSet } from './test-set.js';

/** What the viewer holds: plain data that actions change and views show. */
export interface ViewerState {
  /** The page's backend (the draw pad, model checks). */
  backend?: BackendReport;
  model?: LoadedModel;
  testSet?: TestSet;
  result?: ViewerEvaluation;
  /** The images `result` is about (the test set, or its first `limit` images). */
  evaluated?: Dataset;
  /** Set while an evaluation runs; aborting it cancels the run. */
  evaluation?: AbortController;
}

/** A fresh state: nothing loaded. */
export function createState(): ViewerState {
  return {};
}

/** Whether Evaluate can start: a model and a test set, and no run going. */
export function canEvaluate(state: ViewerState): boolean {
  return state.model !== undefined && state.testSet !== undefined && state.evaluation === undefined;
}

/**
 * How many images "Images to evaluate" asks for, out of `available`: empty means all. Returns an error message for
 * anything but a whole number of at least 1.
 */
export function parseLimit(text: string, available: number): number | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return available;
  const limit = Number(trimmed);
  if (!Number.isInteger(limit) || limit < 1) {
    return { error: `Images to evaluate: expected a whole number of at least 1, found "${trimmed}"` };
  }
  return Math.min(limit, available);
}

/** Class names for labels: chosen in the page, else the data set's (Fashion-MNIST's when its file names say so). */
export function classNamesFor(choice: string, testSet: TestSet | undefined): readonly string[] {
  if (choice === 'digits') return MNIST_CLASSES;
  if (choice === 'fashion') return FASHION_MNIST_CLASSES;
  return testSet?.dataset.classes ?? MNIST_CLASSES;
}
