import { type Dataset, Subset } from '@mnistkit/data';
import { outputsAreProbabilities } from '@mnistkit/training';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { messageOf } from '../errors.js';
import type { ViewerEvaluation } from '../evaluation.js';
import type { PoolEvaluateOptions } from '../evaluation-pool.js';
import { canEvaluate, parseLimit, type ViewerState } from '../state.js';
import type { Messages } from '../views/messages.js';
import type { ResultsView } from '../views/results-view.js';
import { GALLERY_SIZE } from '../views/results-view.js';

/** Runs evaluations off the page (the worker pool, or a fake in tests). */
export interface Evaluator {
  /** "wasm, 2 threads": where the next run computes, for the progress line. */
  where(): string;
  /**
   * Readies the evaluation for `model` ahead of time (the workers load it and run it once), so that Evaluate starts
   * at full speed; `evaluate` does it too when it was not done.
   */
  prepare(model: LayersModel): Promise<void>;
  evaluate(
    model: LayersModel,
    dataset: Dataset,
    count: number,
    options: PoolEvaluateOptions,
  ): Promise<ViewerEvaluation>;
}

/** What {@link evaluate} works with. */
export interface EvaluateContext {
  state: ViewerState;
  view: Pick<ResultsView, 'canEvaluate' | 'clear' | 'started' | 'progress' | 'ended' | 'show'>;
  messages: Pick<Messages, 'show'>;
  evaluator: Evaluator;
  limitText: () => string;
  classNames: () => readonly string[];
}

/** Stops a running evaluation at once (its promise settles as cancelled). */
export function cancelEvaluation(state: ViewerState): void {
  state.evaluation?.abort(new DOMException('Evaluation cancelled', 'AbortError'));
}

/** Forgets the last result (a new model or test set makes it stale). */
export function clearResults(context: Pick<EvaluateContext, 'state' | 'view'>): void {
  context.state.result = undefined;
  context.state.evaluated = undefined;
  context.view.clear();
}

/**
 * Evaluates the model on the test set (or its first "Images to evaluate"), off the page's thread: progress as batches
 * come back, Cancel at once, then the results. Does nothing when it cannot start (see `canEvaluate`).
 */
export async function evaluate(context: EvaluateContext): Promise<ViewerEvaluation | undefined> {
  const { state, view, messages, evaluator } = context;
  const model = state.model;
  const testSet = state.testSet;
  if (!canEvaluate(state) || model === undefined || testSet === undefined) return undefined;
  const limit = parseLimit(context.limitText(), testSet.dataset.length);
  if (typeof limit !== 'number') {
    messages.show(limit.error);
    return undefined;
  }
  const dataset =
    limit < testSet.dataset.length
      ? new Subset(
          testSet.dataset,
          Array.from({ length: limit }, (_, i) => i),
        )
      : testSet.dataset;
  const controller = new AbortController();
  state.evaluation = controller;
  view.canEvaluate(false);
  clearResults(context);
  const where = evaluator.where();
  view.started(limit, where);
  // For the benchmark: long main-thread tasks between these marks are moments the page could not answer.
  performance.mark('mnistkit-evaluation-start');
  try {
    const result = await evaluator.evaluate(model.model, dataset, limit, {
      outputs: outputsAreProbabilities(model.model) ? 'probabilities' : 'logits',
      mistakes: GALLERY_SIZE,
      signal: controller.signal,
      onProgress: (done, total) => view.progress(done, total, where),
    });
    state.result = result;
    state.evaluated = dataset;
    view.ended('done', result);
    await view.show(result, dataset, context.classNames());
    return result;
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      view.ended('cancelled');
    } else {
      messages.show(`Evaluation failed. ${messageOf(error)}`);
      view.ended('failed');
    }
    return undefined;
  } finally {
    state.evaluation = undefined;
    performance.mark('mnistkit-evaluation-end');
    view.canEvaluate(canEvaluate(state));
  }
}
