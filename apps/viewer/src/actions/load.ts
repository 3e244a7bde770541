import { formatCount, formatPercent } from '@mnistkit/models';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { messageOf } from '../errors.js';
import type { LoadedModel } from '../model-loading.js';
import { historyFromJson, recordedTestAccuracy } from '../run-files.js';
import type { ViewerState } from '../state.js';
import type { TestSet } from '../test-set.js';
import type { CurvesView } from '../views/curves-view.js';
import type { Messages } from '../views/messages.js';
import type { ModelView } from '../views/model-view.js';

/** What the load actions work with. */
export interface LoadContext {
  state: ViewerState;
  modelView: Pick<ModelView, 'loading' | 'status' | 'table' | 'note'>;
  curves: Pick<CurvesView, 'clear' | 'show'>;
  messages: Pick<Messages, 'show'>;
  datasetStatus: (text: string, count: number) => void;
  /** Called when the model or the test set changed: stale results go, the draw pad classifies again. */
  changed: () => void;
  /** Stops a running evaluation (it is about the old model or test set). */
  stopEvaluation: () => void;
  /** Readies the evaluation workers for a newly loaded model (see `Evaluator.prepare`). */
  prepareEvaluation: (model: LayersModel) => Promise<void>;
  fetch: typeof fetch;
}

/** Where a model's training record is: URLs next to a served model, or a picked history.json. */
export interface RunFiles {
  historyUrl?: string;
  metricsUrl?: string;
  historyFile?: File;
}

/**
 * Loads a model and makes it the current one (the previous one is disposed); on failure shows why and keeps what
 * was loaded. Then shows its training curves and recorded test accuracy, when there are any.
 */
export async function useModel(context: LoadContext, load: () => Promise<LoadedModel>, files: RunFiles = {}) {
  const { state, modelView } = context;
  modelView.loading();
  let loaded: LoadedModel;
  try {
    loaded = await load();
  } catch (error) {
    context.messages.show(`Could not load the model. ${messageOf(error)}`);
    modelView.status(state.model);
    return false;
  }
  context.stopEvaluation();
  const previous = state.model;
  state.model = loaded;
  previous?.model.dispose();
  modelView.status(loaded);
  modelView.table(loaded);
  context.changed();
  const prepared = context
    .prepareEvaluation(loaded.model)
    .catch((error: unknown) =>
      context.messages.show(`The evaluation workers could not load the model. ${messageOf(error)}`),
    );
  await Promise.all([prepared, showRunFiles(context, files)]);
  return true;
}

/** Shows history.json's curves and metrics.json's test accuracy; a missing file is fine, a broken one is reported. */
export async function showRunFiles(context: LoadContext, files: RunFiles): Promise<void> {
  context.curves.clear('No history.json for this model.');
  try {
    let json: unknown;
    let source = files.historyUrl ?? files.historyFile?.name ?? '';
    if (files.historyFile !== undefined) {
      json = JSON.parse(await files.historyFile.text());
    } else if (files.historyUrl !== undefined) {
      const response = await context.fetch(files.historyUrl, { cache: 'no-cache' });
      if (response.ok) {
        source = response.url || files.historyUrl;
        json = JSON.parse(await response.text());
      }
    }
    if (json !== undefined) await context.curves.show(historyFromJson(json, source), `From ${source}.`);
  } catch (error) {
    context.messages.show(`Could not show the training curves. ${messageOf(error)}`);
  }
  if (files.metricsUrl === undefined) return;
  try {
    const response = await context.fetch(files.metricsUrl, { cache: 'no-cache' });
    // metrics.json is optional (a run still training has none) and only adds a note.
    if (!response.ok) return;
    const recorded = recordedTestAccuracy(await response.json(), files.metricsUrl);
    context.modelView.note(`The trainer recorded a test accuracy of ${formatPercent(recorded)}.`);
  } catch (error) {
    context.messages.show(`Could not read the run's metrics.json. ${messageOf(error)}`);
  }
}

/** Loads a test set and makes it the current one; on failure shows why and keeps the previous one. */
export async function useTestSet(context: LoadContext, load: () => Promise<TestSet>): Promise<void> {
  context.datasetStatus('loading…', 0);
  try {
    const testSet = await load();
    context.stopEvaluation();
    context.state.testSet = testSet;
    context.changed();
  } catch (error) {
    context.messages.show(`Could not load the test set. ${messageOf(error)}`);
  }
  const t = context.state.testSet;
  context.datasetStatus(
    t === undefined ? 'none loaded' : `${t.name}: ${formatCount(t.dataset.length)} images`,
    t?.dataset.length ?? 0,
  );
}
