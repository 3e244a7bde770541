import {
  BROWSER_BACKEND_CHOICES,
  type BrowserBackendChoice,
  selectBackend,
  type WasmSimdVariant,
} from '@mnistkit/backend';
import { cancelEvaluation, clearResults, type EvaluateContext, evaluate } from './actions/evaluate.js';
import { followRun, type RunSnapshot } from './actions/follow-run.js';
import { type LoadContext, useModel, useTestSet } from './actions/load.js';
import { chooseWasmBuild, viewerBackendOptions, WASM_SIMD_CHOICES } from './backend-setup.js';
import { findElements, type Ui } from './dom.js';
import { messageOf } from './errors.js';
import { loadModelFromFiles, loadModelFromUrl } from './model-loading.js';
import { canEvaluate, classNamesFor, createState, type ViewerState } from './state.js';
import { loadTestSetFromFiles, loadTestSetFromUrls } from './test-set.js';
import { TrainView } from './train-panel.js';
import { Charts } from './views/charts.js';
import { createCurvesView } from './views/curves-view.js';
import { DrawView } from './views/draw-view.js';
import { createHeaderView } from './views/header-view.js';
import { createMessages } from './views/messages.js';
import { createModelView } from './views/model-view.js';
import { ResultsView } from './views/results-view.js';
import { createWorkerEvaluator, evaluationThreads } from './worker-evaluator.js';

/** Where the build puts the MNIST test set (see vite.config.ts). */
const MNIST_IMAGES = 'mnist/t10k-images-idx3-ubyte.gz';
const MNIST_LABELS = 'mnist/t10k-labels-idx1-ubyte.gz';

/** The page's query parameters, read once. */
export interface PageParams {
  backend: BrowserBackendChoice;
  model: string | null;
  run: string | null;
  limit: string | null;
  threads: number | undefined;
  /** tfjs-backend-wasm's threaded build with this many threads in one worker (for comparison; needs isolation). */
  wasmThreads: number;
  /** Build of mnistkit's wasm kernels (`?wasmSimd=simd` gives Node 20's numbers; default `auto`). */
  wasmSimd: WasmSimdVariant | 'auto';
  autorun: boolean;
}

/** Reads the query string; an unknown backend name falls back to `auto` (the select shows what runs). */
export function pageParams(search: string): PageParams {
  const params = new URLSearchParams(search);
  const backend = params.get('backend') ?? 'auto';
  const threads = params.get('threads');
  return {
    backend: (BROWSER_BACKEND_CHOICES as readonly string[]).includes(backend)
      ? (backend as BrowserBackendChoice)
      : 'auto',
    model: params.get('model'),
    run: params.get('run'),
    limit: params.get('limit'),
    threads: threads === null ? undefined : Number(threads),
    wasmThreads: Math.max(1, Math.floor(Number(params.get('wasmThreads') ?? 1)) || 1),
    wasmSimd: WASM_SIMD_CHOICES.find((c) => c === params.get('wasmSimd')) ?? 'auto',
    autorun: params.has('autorun'),
  };
}

/** The served run's folder URL (`run/` unless `?run=` says otherwise), ending in `/`. */
export function runBase(params: PageParams, href: string): string {
  const run = params.run ?? 'run/';
  return new URL(run.endsWith('/') ? run : `${run}/`, href).href;
}

/** Everything the wiring below shares. */
interface App {
  ui: Ui;
  state: ViewerState;
  params: PageParams;
  messages: ReturnType<typeof createMessages>;
  load: LoadContext;
  evaluation: EvaluateContext;
  modelView: ReturnType<typeof createModelView>;
  drawRefresh: () => void;
  /** The served run as last seen (while following it). */
  run?: { base: string; snapshot: RunSnapshot };
}

function createApp(ui: Ui, params: PageParams): App {
  const state = createState();
  const charts = new Charts();
  const messages = createMessages(ui.messages);
  const modelView = createModelView(ui);
  const results = new ResultsView(ui, charts);
  const classNames = () => classNamesFor(ui.classNames.value, state.testSet);
  const draw = new DrawView(ui, {
    model: () => state.model?.model,
    classNames,
    onError: (text) => messages.show(text),
  });
  const evaluation: EvaluateContext = {
    state,
    view: results,
    messages,
    // Replaced once the backend is known (see startViewer).
    evaluator: {
      where: () => 'none',
      prepare: () => Promise.resolve(),
      evaluate: () => Promise.reject(new Error('no backend yet')),
    },
    limitText: () => ui.limit.value,
    classNames,
  };
  const load: LoadContext = {
    state,
    modelView,
    curves: createCurvesView(charts, 'curves', ui.curves, ui.curvesEmpty),
    messages,
    datasetStatus: (text, n) => {
      ui.datasetStatus.textContent = text;
      ui.datasetStatus.dataset.count = String(n);
    },
    changed: () => {
      clearResults(evaluation);
      results.canEvaluate(canEvaluate(state));
      draw.refresh();
    },
    stopEvaluation: () => cancelEvaluation(state),
    prepareEvaluation: (model) => evaluation.evaluator.prepare(model),
    fetch: (input, init) => fetch(input, init),
  };
  return { ui, state, params, messages, load, evaluation, modelView, drawRefresh: () => draw.refresh() };
}

const loadMnist = (app: App) =>
  useTestSet(app.load, () => loadTestSetFromUrls(MNIST_IMAGES, MNIST_LABELS, 'MNIST test set'));

/** Served model URL → its run files next to it (`../history.json`, `../metrics.json`). */
function runFilesOf(modelUrl: string) {
  const base = new URL('.', new URL(modelUrl, location.href));
  return { historyUrl: new URL('../history.json', base).href, metricsUrl: new URL('../metrics.json', base).href };
}

function wireLoadPanel(app: App): void {
  const { ui } = app;
  ui.modelUrlForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = ui.modelUrl.value.trim() || ui.modelUrl.placeholder;
    void useModel(app.load, () => loadModelFromUrl(url), runFilesOf(url));
  });
  ui.modelFiles.addEventListener('change', () => {
    const files = Array.from(ui.modelFiles.files ?? []);
    ui.modelFiles.value = '';
    if (files.length === 0) return;
    const history = files.find((f) => f.name === 'history.json');
    const modelFiles = files.filter((f) => f !== history && f.name !== 'metrics.json');
    void useModel(app.load, () => loadModelFromFiles(modelFiles), history ? { historyFile: history } : {});
  });
  ui.datasetFiles.addEventListener('change', () => {
    const files = Array.from(ui.datasetFiles.files ?? []);
    ui.datasetFiles.value = '';
    if (files.length > 0) void useTestSet(app.load, () => loadTestSetFromFiles(files));
  });
  ui.datasetMnist.addEventListener('click', () => void loadMnist(app));
  ui.classNames.addEventListener('change', () => {
    const { result, evaluated } = app.state;
    if (result !== undefined && evaluated !== undefined) {
      void app.evaluation.view.show(result, evaluated, app.evaluation.classNames());
    }
    app.drawRefresh();
  });
  ui.evaluate.addEventListener('click', () => void evaluate(app.evaluation));
  ui.cancel.addEventListener('click', () => cancelEvaluation(app.state));
  ui.newestModel.addEventListener('click', () => {
    const url = ui.newestModel.dataset.url;
    const run = app.run;
    if (!url || run === undefined) return;
    // The run's own history.json and metrics.json, also for a checkpoint's model.
    const files = {
      historyUrl: new URL('history.json', run.base).href,
      metricsUrl: new URL('metrics.json', run.base).href,
    };
    void useModel(app.load, () => loadModelFromUrl(url), files).then(async (ok) => {
      if (!ok) return;
      await showRun(app, run.snapshot);
      await evaluate(app.evaluation);
    });
  });
  if (app.params.limit !== null) ui.limit.value = app.params.limit;
  ui.backendChoice.value = app.params.backend;
  ui.backendChoice.addEventListener('change', () => {
    // TF.js keeps a model's weights on the backend that made them: a clean start is the simple, safe switch.
    const next = new URL(location.href);
    next.searchParams.set('backend', ui.backendChoice.value);
    location.assign(next);
  });
}

/** Sets the page's backend and starts the evaluation workers on the same one; false when none could start. */
async function startBackends(app: App): Promise<boolean> {
  const header = createHeaderView(app.ui);
  try {
    chooseWasmBuild(1, app.params.wasmSimd);
    app.state.backend = await selectBackend(viewerBackendOptions(app.params.backend));
  } catch (error) {
    header.backend(undefined);
    const forced = app.params.backend === 'auto' ? '' : ` (?backend=${app.params.backend})`;
    app.messages.show(`No TensorFlow.js backend could start${forced}. ${messageOf(error)}`);
    return false;
  }
  header.backend(app.state.backend);
  const name = app.state.backend.name as BrowserBackendChoice;
  const wasmThreads = crossOriginIsolated ? app.params.wasmThreads : 1;
  const threads = wasmThreads > 1 ? 1 : evaluationThreads(name, navigator.hardwareConcurrency, app.params.threads);
  const evaluator = createWorkerEvaluator(name, threads, wasmThreads, app.params.wasmSimd);
  app.evaluation.evaluator = evaluator;
  // Said plainly: evaluation's workers need no shared memory; tfjs-wasm's threaded build (?wasmThreads=) does.
  const isolation = crossOriginIsolated
    ? 'cross-origin isolated'
    : 'not cross-origin isolated (no COOP/COEP headers: no shared-memory threads, ?wasmThreads= unavailable)';
  header.threads(`Evaluation: ${evaluator.where()}; training: 1 worker; ${isolation}.`, evaluator.threads);
  evaluator
    .ready()
    .catch((error: unknown) => app.messages.show(`The evaluation workers could not start. ${messageOf(error)}`));
  return true;
}

/** Shows a served run's state as it trains; offers its newest model unless it is the one loaded. */
function showRun(app: App, snapshot: RunSnapshot): Promise<void> {
  if (app.run !== undefined) app.run.snapshot = snapshot;
  const last = snapshot.history.at(-1);
  const of = snapshot.epochs === undefined ? '' : ` of ${snapshot.epochs}`;
  const text = `${snapshot.status}${last ? `, epoch ${last.epoch}${of} done` : ', no epoch done yet'}`;
  const newest = snapshot.newestModel !== app.state.model?.source ? snapshot.newestModel : undefined;
  app.modelView.run(text, snapshot.history.length, newest);
  return app.load.curves.show(snapshot.history, `From the served run (${text}).`);
}

/**
 * Follows the served run's history.json, even before it exists: `pnpm train &` then `pnpm viewer` may serve the page
 * before the trainer writes it (a missing file is a 404, which the poll takes quietly).
 */
function followServedRun(app: App, base: string): void {
  app.run = { base, snapshot: { status: 'unknown', history: [] } };
  let reported = false;
  void followRun(base, {
    fetch: (input, init) => fetch(input, init),
    onChange: (snapshot) => {
      reported = false;
      return showRun(app, snapshot);
    },
    // Once per spell of failures: the poll goes on and may succeed when the trainer next writes.
    onError: (error) => {
      if (!reported) app.messages.show(`Could not follow the served run. ${messageOf(error)}`);
      reported = true;
    },
  });
}

/** Loads the served run's model, and follows its history.json (see {@link followServedRun}). */
async function loadServedRun(app: App): Promise<void> {
  const explicit = app.params.model;
  const base = runBase(app.params, location.href);
  const modelUrl = explicit ?? new URL('model/model.json', base).href;
  app.ui.modelUrl.value = explicit ?? '';
  if (explicit === null) {
    const [model, history] = await Promise.all(
      [modelUrl, new URL('history.json', base).href].map((u) =>
        fetch(u, { method: 'HEAD' }).then(
          (r) => r.ok,
          () => false,
        ),
      ),
    );
    followServedRun(app, base);
    if (!model) {
      app.modelView.status(undefined);
      if (!history && app.params.run === null) {
        app.messages.show(
          'No run is served with this page (start it with `pnpm viewer --run runs/<name>`), so pick model.json + weights.bin, or enter a model.json URL.',
          'info',
        );
      }
      return;
    }
  }
  await useModel(app.load, () => loadModelFromUrl(modelUrl), runFilesOf(modelUrl));
}

/** Starts the viewer on the page: backend, evaluation workers, the served run, the MNIST test set, the Train view. */
export async function startViewer(): Promise<void> {
  const ui = findElements();
  const app = createApp(ui, pageParams(location.search));
  wireLoadPanel(app);
  if (!(await startBackends(app))) return;
  new TrainView(ui, {
    backend: app.state.backend?.name as BrowserBackendChoice,
    wasmSimd: app.params.wasmSimd,
    messages: app.messages,
    useTrained: (loaded) => useModel(app.load, async () => loaded).then(() => undefined),
  });
  await Promise.all([loadServedRun(app), loadMnist(app)]);
  document.body.dataset.ready = 'true';
  if (app.params.autorun) await evaluate(app.evaluation);
}
