import './styles.css';
import { type BrowserBackendChoice, selectBackend } from '@mnistkit/backend';
import {
  applyTransform,
  type Dataset,
  defaultTransform,
  FASHION_MNIST_CLASSES,
  MNIST_CLASSES,
  Subset,
} from '@mnistkit/data';
import { outputsAreProbabilities } from '@mnistkit/training';
import {
  confusionMatrixSpec,
  perClassAccuracySpec,
  renderInto,
  sampleGridSpec,
  trainingCurvesSpec,
} from '@mnistkit/viz';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import { attachDrawPad } from './draw-pad.js';
import { messageOf } from './errors.js';
import { evaluateInBrowser, type ViewerEvaluation } from './evaluation.js';
import { type LoadedModel, layerRows, loadModelFromFiles, loadModelFromUrl } from './model-loading.js';
import { MNIST_SIZE, mnistFromDrawing, rgbaToGray } from './preprocess.js';
import { historyFromJson, recordedTestAccuracy } from './run-files.js';
import { loadTestSetFromFiles, loadTestSetFromUrls, type TestSet } from './test-set.js';

/** Where the build puts the MNIST test set (see vite.config.ts). */
const MNIST_IMAGES = 'mnist/t10k-images-idx3-ubyte.gz';
const MNIST_LABELS = 'mnist/t10k-labels-idx1-ubyte.gz';
const GALLERY_SIZE = 40;

const params = new URLSearchParams(location.search);

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`viewer: the page has no #${id}`);
  return element as T;
}

const ui = {
  backendName: $('backend-name'),
  backendDetail: $('backend-detail'),
  backendChoice: $<HTMLSelectElement>('backend-choice'),
  messages: $('messages'),
  modelStatus: $('model-status'),
  modelUrlForm: $<HTMLFormElement>('model-url-form'),
  modelUrl: $<HTMLInputElement>('model-url'),
  modelFiles: $<HTMLInputElement>('model-files'),
  datasetStatus: $('dataset-status'),
  datasetFiles: $<HTMLInputElement>('dataset-files'),
  datasetMnist: $<HTMLButtonElement>('dataset-mnist'),
  classNames: $<HTMLSelectElement>('class-names'),
  limit: $<HTMLInputElement>('limit'),
  evaluate: $<HTMLButtonElement>('evaluate'),
  cancel: $<HTMLButtonElement>('cancel'),
  progress: $<HTMLProgressElement>('progress'),
  progressText: $('progress-text'),
  resultsEmpty: $('results-empty'),
  results: $('results'),
  accuracy: $('accuracy'),
  accuracyDetail: $('accuracy-detail'),
  perClassChart: $('per-class-chart'),
  confusionChart: $('confusion-chart'),
  cellView: $('cell-view'),
  cellForm: $<HTMLFormElement>('cell-form'),
  cellTrue: $<HTMLSelectElement>('cell-true'),
  cellPredicted: $<HTMLSelectElement>('cell-predicted'),
  cellTitle: $('cell-title'),
  cellImages: $('cell-images'),
  misclassified: $('misclassified'),
  drawCanvas: $<HTMLCanvasElement>('draw-canvas'),
  drawClear: $<HTMLButtonElement>('draw-clear'),
  drawPreview: $<HTMLCanvasElement>('draw-preview'),
  drawPrediction: $('draw-prediction'),
  probabilities: $<HTMLTableElement>('probabilities'),
  modelSummary: $('model-summary'),
  layerTable: $<HTMLTableElement>('layer-table'),
  paramCount: $('param-count'),
  curves: $('curves'),
  curvesEmpty: $('curves-empty'),
};

const state: {
  model?: LoadedModel;
  testSet?: TestSet;
  result?: ViewerEvaluation;
  /** The images `result` is about (the test set, or its first `limit` images). */
  evaluated?: Dataset;
  evaluation?: AbortController;
  views: Map<string, View>;
} = { views: new Map() };

/** A rendered Vega chart; finalized before it is replaced. */
type View = Awaited<ReturnType<typeof renderInto>>;

// ---- messages ----

/** Shows a message at the top of the page until dismissed; errors stay, notes too, but look different. */
function showMessage(text: string, kind: 'error' | 'info' = 'error'): void {
  const item = document.createElement('div');
  item.className = `message ${kind}`;
  item.dataset.kind = kind;
  const body = document.createElement('span');
  body.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', 'Dismiss');
  close.addEventListener('click', () => item.remove());
  item.append(body, close);
  ui.messages.prepend(item);
  if (kind === 'error') console.error(text);
}

// ---- charts ----

async function chart(key: string, element: HTMLElement, spec: Parameters<typeof renderInto>[1]): Promise<View> {
  state.views.get(key)?.finalize();
  const view = await renderInto(element, spec);
  state.views.set(key, view);
  return view;
}

function dropChart(key: string, element: HTMLElement): void {
  state.views.get(key)?.finalize();
  state.views.delete(key);
  element.replaceChildren();
}

/** Class names for labels: chosen in the page, else the data set's (Fashion-MNIST's when its file names say so). */
function classNames(): readonly string[] {
  const choice = ui.classNames.value;
  if (choice === 'digits') return MNIST_CLASSES;
  if (choice === 'fashion') return FASHION_MNIST_CLASSES;
  return state.testSet?.dataset.classes ?? MNIST_CLASSES;
}

// ---- model ----

async function useModel(load: () => Promise<LoadedModel>, historyUrl?: string, metricsUrl?: string): Promise<boolean> {
  ui.modelStatus.textContent = 'loading…';
  let loaded: LoadedModel;
  try {
    loaded = await load();
  } catch (error) {
    showMessage(`Could not load the model. ${messageOf(error)}`);
    describeModelStatus();
    return false;
  }
  stopEvaluation();
  const previous = state.model;
  state.model = loaded;
  previous?.model.dispose();
  clearResults();
  describeModelStatus();
  renderModelTable();
  updateEvaluateButton();
  void predictDrawing();
  await showRunFiles(historyUrl, metricsUrl);
  return true;
}

function describeModelStatus(): void {
  const m = state.model;
  ui.modelStatus.textContent =
    m === undefined ? 'none loaded' : `${m.source} — ${m.model.countParams().toLocaleString('en-US')} parameters`;
  ui.modelStatus.dataset.source = m?.source ?? '';
}

function renderModelTable(): void {
  const m = state.model;
  const body = ui.layerTable.tBodies[0] as HTMLTableSectionElement;
  body.replaceChildren();
  if (m === undefined) {
    ui.layerTable.hidden = true;
    ui.modelSummary.textContent = 'No model loaded.';
    return;
  }
  for (const row of layerRows(m.model)) {
    const tr = body.insertRow();
    for (const [i, text] of [row.name, row.type, row.outputShape, row.params.toLocaleString('en-US')].entries()) {
      const td = tr.insertCell();
      td.textContent = text;
      if (i === 3) td.className = 'num';
    }
  }
  const total = m.model.countParams();
  ui.paramCount.textContent = total.toLocaleString('en-US');
  ui.paramCount.dataset.value = String(total);
  ui.modelSummary.textContent = `${m.model.name}: input ${JSON.stringify(m.model.inputs[0]?.shape)}, ${m.model.layers.length} layers, ${(m.weightBytes / 1024).toFixed(0)} KiB of weights (${m.source}).`;
  ui.layerTable.hidden = false;
}

async function showRunFiles(historyUrl?: string, metricsUrl?: string, historyFile?: File): Promise<void> {
  dropChart('curves', ui.curves);
  ui.curvesEmpty.hidden = false;
  ui.curvesEmpty.textContent = 'No history.json for this model.';
  try {
    let json: unknown;
    let source = historyUrl ?? historyFile?.name ?? '';
    if (historyFile !== undefined) {
      json = JSON.parse(await historyFile.text());
    } else if (historyUrl !== undefined) {
      const response = await fetch(historyUrl, { cache: 'no-cache' });
      if (!response.ok) return;
      source = response.url;
      json = JSON.parse(await response.text());
    } else {
      return;
    }
    const history = historyFromJson(json, source);
    if (history.length > 0) {
      // Two panels side by side, sized to the space the page gives them.
      const panelWidth = Math.max(200, Math.min(360, Math.floor((ui.curves.clientWidth - 190) / 2)));
      await chart('curves', ui.curves, trainingCurvesSpec(history, { panelWidth, panelHeight: 220, title: null }));
      ui.curvesEmpty.textContent = `From ${source}.`;
    }
  } catch (error) {
    showMessage(`Could not show the training curves. ${messageOf(error)}`);
  }
  if (metricsUrl !== undefined) {
    try {
      const response = await fetch(metricsUrl, { cache: 'no-cache' });
      const recorded = response.ok ? recordedTestAccuracy(await response.json()) : undefined;
      if (recorded !== undefined) {
        ui.modelSummary.append(` The trainer recorded a test accuracy of ${percent(recorded)}.`);
      }
    } catch {
      // metrics.json is optional and only adds a note.
    }
  }
}

// ---- test set ----

async function useTestSet(load: () => Promise<TestSet>): Promise<void> {
  ui.datasetStatus.textContent = 'loading…';
  try {
    const testSet = await load();
    stopEvaluation();
    state.testSet = testSet;
    clearResults();
    void predictDrawing();
  } catch (error) {
    showMessage(`Could not load the test set. ${messageOf(error)}`);
  }
  const t = state.testSet;
  ui.datasetStatus.textContent =
    t === undefined ? 'none loaded' : `${t.name}: ${t.dataset.length.toLocaleString('en-US')} images`;
  ui.datasetStatus.dataset.count = String(t?.dataset.length ?? 0);
  updateEvaluateButton();
}

const loadMnist = () => useTestSet(() => loadTestSetFromUrls(MNIST_IMAGES, MNIST_LABELS, 'MNIST test set'));

// ---- evaluation ----

function updateEvaluateButton(): void {
  ui.evaluate.disabled = state.model === undefined || state.testSet === undefined || state.evaluation !== undefined;
}

function stopEvaluation(): void {
  state.evaluation?.abort(new DOMException('Evaluation cancelled', 'AbortError'));
}

function clearResults(): void {
  state.result = undefined;
  state.evaluated = undefined;
  ui.results.hidden = true;
  ui.resultsEmpty.hidden = false;
  ui.cellView.hidden = true;
  // The tests (and the benchmark) wait on these attributes: they must only be there for a finished run.
  for (const element of [ui.accuracy, ui.misclassified, ui.cellView, ui.progressText]) {
    for (const key of Object.keys(element.dataset)) delete element.dataset[key];
  }
  for (const [key, element] of [
    ['per-class', ui.perClassChart],
    ['confusion', ui.confusionChart],
    ['cell', ui.cellImages],
    ['misclassified', ui.misclassified],
  ] as const) {
    dropChart(key, element);
  }
}

async function evaluate(): Promise<void> {
  const model = state.model;
  const testSet = state.testSet;
  if (model === undefined || testSet === undefined || state.evaluation !== undefined) return;
  const limitText = ui.limit.value.trim();
  const limit = limitText === '' ? testSet.dataset.length : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) {
    showMessage(`Images to evaluate: expected a whole number of at least 1, found "${limitText}"`);
    return;
  }
  const count = Math.min(limit, testSet.dataset.length);
  const dataset = count < testSet.dataset.length ? new Subset(testSet.dataset, range(count)) : testSet.dataset;
  const controller = new AbortController();
  state.evaluation = controller;
  updateEvaluateButton();
  clearResults();
  ui.cancel.hidden = false;
  ui.progress.hidden = false;
  ui.progress.value = 0;
  ui.progressText.textContent = `Evaluating ${count.toLocaleString('en-US')} images on ${tf.getBackend()}…`;
  document.body.dataset.evaluating = 'true';
  // For the benchmark: long main-thread tasks between these marks are moments the page could not answer.
  performance.mark('mnistkit-evaluation-start');
  try {
    const result = await evaluateInBrowser(model.model, dataset, {
      mistakes: GALLERY_SIZE,
      // Small enough that one cpu batch blocks the page for about a tenth of a second with SimpleCNN; on webgl the
      // page waits asynchronously, so bigger batches only save overhead.
      batchSize: { cpu: 8, wasm: 64 }[tf.getBackend()] ?? 128,
      signal: controller.signal,
      onProgress: (done, total) => {
        ui.progress.value = done / total;
        ui.progressText.textContent = `${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} images on ${tf.getBackend()}`;
      },
    });
    state.result = result;
    state.evaluated = dataset;
    ui.progressText.textContent = `${result.total.toLocaleString('en-US')} images in ${result.seconds.toFixed(2)} s on ${result.backend} (${Math.round(result.total / result.seconds).toLocaleString('en-US')} images/s)`;
    ui.progressText.dataset.seconds = String(result.seconds);
    await renderResults(result, dataset);
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      ui.progressText.textContent = 'Evaluation cancelled.';
    } else {
      showMessage(`Evaluation failed. ${messageOf(error)}`);
      ui.progressText.textContent = '';
    }
  } finally {
    state.evaluation = undefined;
    ui.cancel.hidden = true;
    ui.progress.hidden = true;
    delete document.body.dataset.evaluating;
    performance.mark('mnistkit-evaluation-end');
    updateEvaluateButton();
  }
}

async function renderResults(
  result: ViewerEvaluation,
  dataset: { get(i: number): { image: Uint8Array } },
): Promise<void> {
  const names = classNames();
  ui.cellView.hidden = true;
  ui.accuracy.textContent = percent(result.accuracy);
  ui.accuracy.dataset.correct = String(result.correct);
  ui.accuracy.dataset.total = String(result.total);
  ui.accuracyDetail.textContent = `(${result.correct.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')} correct, backend ${result.backend})`;
  ui.results.hidden = false;
  ui.resultsEmpty.hidden = true;

  await chart('per-class', ui.perClassChart, perClassAccuracySpec(result.perClassAccuracy, names));
  const confusion = await chart('confusion', ui.confusionChart, confusionMatrixSpec(result.confusion, names));
  confusion.addEventListener('click', (_event, item) => {
    const datum = (item as { datum?: { trueLabel?: string; predicted?: string } } | null | undefined)?.datum;
    if (datum?.trueLabel === undefined || datum.predicted === undefined) return;
    void showCell(names.indexOf(datum.trueLabel), names.indexOf(datum.predicted));
  });

  // The same drill-down without a pointer: two selects (rebuilt here, so one listener per result).
  for (const select of [ui.cellTrue, ui.cellPredicted]) {
    select.replaceChildren(...names.map((name, k) => new Option(name, String(k))));
  }
  ui.cellForm.onsubmit = (event) => {
    event.preventDefault();
    void showCell(Number(ui.cellTrue.value), Number(ui.cellPredicted.value));
  };

  // The most confident mistakes first: they say most about what the model gets wrong.
  const wrong = result.total - result.correct;
  if (wrong === 0) {
    dropChart('misclassified', ui.misclassified);
    ui.misclassified.textContent = 'None: every image was classified correctly.';
  } else {
    await chart(
      'misclassified',
      ui.misclassified,
      sampleGridSpec(
        gridSamples(
          result.mistakes.map((m) => m.index),
          result,
          dataset,
        ),
        {
          classNames: names,
          columns: galleryColumns(names),
          title: `${wrong.toLocaleString('en-US')} misclassified${wrong > GALLERY_SIZE ? `; the ${GALLERY_SIZE} most confident shown` : ''}`,
        },
      ),
    );
  }
  ui.misclassified.dataset.count = String(wrong);

  async function showCell(t: number, p: number): Promise<void> {
    if (t < 0 || p < 0) return;
    const indices: number[] = [];
    const { labels, predicted } = result.samples;
    for (let i = 0; i < result.total; i++) if (labels[i] === t && predicted[i] === p) indices.push(i);
    ui.cellView.hidden = false;
    ui.cellView.dataset.trueLabel = String(t);
    ui.cellView.dataset.predicted = String(p);
    ui.cellView.dataset.count = String(indices.length);
    const shown = indices.slice(0, GALLERY_SIZE);
    ui.cellTitle.textContent = `True ${names[t]}, predicted ${names[p]}: ${indices.length.toLocaleString('en-US')} image${indices.length === 1 ? '' : 's'}${indices.length > shown.length ? ` (first ${shown.length} shown)` : ''}`;
    if (shown.length === 0) {
      dropChart('cell', ui.cellImages);
      return;
    }
    await chart(
      'cell',
      ui.cellImages,
      sampleGridSpec(gridSamples(shown, result, dataset), {
        classNames: names,
        columns: galleryColumns(names),
        title: null,
      }),
    );
    ui.cellView.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
}

/** Images per gallery row that fit the page: captions read "true → predicted (confidence)" at about 6.4 px a letter. */
function galleryColumns(names: readonly string[]): number {
  const longest = Math.max(...names.map((n) => n.length));
  const cell = Math.max(64, (2 * longest + 12) * 6.4 + 12);
  return Math.max(1, Math.min(10, Math.floor((ui.results.clientWidth || 1000) / cell)));
}

function gridSamples(indices: number[], result: ViewerEvaluation, dataset: { get(i: number): { image: Uint8Array } }) {
  return indices.map((i) => ({
    image: dataset.get(i).image,
    label: result.samples.labels[i] as number,
    predicted: result.samples.predicted[i] as number,
    confidence: result.samples.confidences[i] as number,
  }));
}

// ---- drawing ----

let predicting = false;
let predictAgain = false;

async function predictDrawing(): Promise<void> {
  if (predicting) {
    predictAgain = true;
    return;
  }
  predicting = true;
  try {
    do {
      predictAgain = false;
      await predictOnce();
    } while (predictAgain);
  } catch (error) {
    showMessage(`Could not classify the drawing. ${messageOf(error)}`);
  } finally {
    predicting = false;
  }
}

async function predictOnce(): Promise<void> {
  const canvas = ui.drawCanvas;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (ctx === null) return;
  const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const pixels = mnistFromDrawing(rgbaToGray(rgba, canvas.width, canvas.height), canvas.width, canvas.height);
  drawPreview(pixels);
  const model = state.model;
  if (pixels === null) {
    ui.drawPrediction.textContent = 'Draw a digit in the black square.';
    delete ui.drawPrediction.dataset.predicted;
    ui.probabilities.replaceChildren();
    return;
  }
  if (model === undefined) {
    ui.drawPrediction.textContent = 'Load a model to see what it makes of your drawing.';
    return;
  }
  const input = applyTransform(defaultTransform(), pixels);
  const probabilities = tf.tidy(() => {
    const output = model.model.predict(tf.tensor4d(input, [1, MNIST_SIZE, MNIST_SIZE, 1])) as tf.Tensor2D;
    return outputsAreProbabilities(model.model) ? output : tf.softmax(output);
  });
  const values = Array.from(await probabilities.data());
  probabilities.dispose();
  const names = classNames();
  const best = values.indexOf(Math.max(...values));
  ui.drawPrediction.replaceChildren(
    'Prediction: ',
    strong(names[best] ?? String(best)),
    ` (${percent(values[best] ?? 0)})`,
  );
  ui.drawPrediction.dataset.predicted = String(best);
  const rows = values.map((p, k) => {
    const tr = document.createElement('tr');
    if (k === best) tr.className = 'best';
    const bar = document.createElement('div');
    bar.style.width = `${(p * 100).toFixed(1)}%`;
    const cells = [names[k] ?? String(k), bar, percent(p)];
    for (const [i, content] of cells.entries()) {
      const td = tr.insertCell();
      if (i === 1) td.className = 'bar';
      td.append(content);
    }
    tr.dataset.probability = String(p);
    return tr;
  });
  ui.probabilities.replaceChildren(...rows);
}

function drawPreview(pixels: Uint8Array | null): void {
  const ctx = ui.drawPreview.getContext('2d');
  if (ctx === null) return;
  const image = ctx.createImageData(MNIST_SIZE, MNIST_SIZE);
  if (pixels !== null) {
    for (let i = 0; i < pixels.length; i++) {
      const v = pixels[i] ?? 0;
      image.data.set([v, v, v, 255], i * 4);
    }
  } else {
    for (let i = 0; i < MNIST_SIZE * MNIST_SIZE; i++) image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

// ---- helpers ----

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}\u00a0%`;
}

function strong(text: string): HTMLElement {
  const element = document.createElement('strong');
  element.textContent = text;
  return element;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function runBase(): string {
  const run = params.get('run') ?? 'run/';
  return run.endsWith('/') ? run : `${run}/`;
}

// ---- start ----

async function start(): Promise<void> {
  const clearDrawing = attachDrawPad(ui.drawCanvas, { onChange: () => void predictDrawing() });
  ui.drawClear.addEventListener('click', clearDrawing);
  drawPreview(null);

  ui.modelUrlForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = ui.modelUrl.value.trim() || ui.modelUrl.placeholder;
    const base = new URL('.', new URL(url, location.href)).href;
    void useModel(
      () => loadModelFromUrl(url),
      new URL('../history.json', base).href,
      new URL('../metrics.json', base).href,
    );
  });
  ui.modelFiles.addEventListener('change', () => {
    const files = Array.from(ui.modelFiles.files ?? []);
    ui.modelFiles.value = '';
    if (files.length === 0) return;
    const history = files.find((f) => f.name === 'history.json');
    const modelFiles = files.filter((f) => f !== history && f.name !== 'metrics.json');
    void useModel(() => loadModelFromFiles(modelFiles)).then((ok) => {
      if (ok) void showRunFiles(undefined, undefined, history);
    });
  });
  ui.datasetFiles.addEventListener('change', () => {
    const files = Array.from(ui.datasetFiles.files ?? []);
    ui.datasetFiles.value = '';
    if (files.length > 0) void useTestSet(() => loadTestSetFromFiles(files));
  });
  ui.datasetMnist.addEventListener('click', () => void loadMnist());
  ui.classNames.addEventListener('change', () => {
    if (state.result !== undefined && state.evaluated !== undefined) void renderResults(state.result, state.evaluated);
    void predictDrawing();
  });
  ui.evaluate.addEventListener('click', () => void evaluate());
  ui.cancel.addEventListener('click', stopEvaluation);
  const limit = params.get('limit');
  if (limit !== null) ui.limit.value = limit;

  const choice = (params.get('backend') ?? 'auto') as BrowserBackendChoice;
  ui.backendChoice.value = choice;
  ui.backendChoice.addEventListener('change', () => {
    // TF.js keeps a model's weights on the backend that made them: a clean start is the simple, safe switch.
    const next = new URL(location.href);
    next.searchParams.set('backend', ui.backendChoice.value);
    location.assign(next);
  });
  try {
    const report = await selectBackend({
      backend: choice,
      // A literal specifier so that Vite bundles WebGL (as a chunk loaded only when tried).
      importWebgl: () => import('@tensorflow/tfjs-backend-webgl'),
      wasmPaths: {
        'tfjs-backend-wasm.wasm': wasmPlainUrl,
        'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
      },
    });
    ui.backendName.textContent = report.name;
    const passed = report.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.reason}`);
    ui.backendDetail.textContent = passed.length > 0 ? `(passed over: ${passed.join('; ')})` : '';
  } catch (error) {
    ui.backendName.textContent = 'none';
    showMessage(
      `No TensorFlow.js backend could start${choice === 'auto' ? '' : ` (?backend=${choice})`}. ${messageOf(error)}`,
    );
    return;
  }
  document.body.dataset.backend = tf.getBackend();

  const explicitModel = params.get('model');
  const modelUrl = explicitModel ?? `${runBase()}model/model.json`;
  ui.modelUrl.value = explicitModel ?? '';
  const modelBase = new URL('.', new URL(modelUrl, location.href));
  const modelLoad = (async () => {
    const probe = explicitModel === null && !params.has('run') ? await fetch(modelUrl, { method: 'HEAD' }) : undefined;
    if (probe !== undefined && !probe.ok) {
      ui.modelStatus.textContent = 'none loaded';
      showMessage(
        'No run is served with this page (start it with `pnpm viewer --run runs/<name>`), so pick model.json + weights.bin, or enter a model.json URL.',
        'info',
      );
      return;
    }
    await useModel(
      () => loadModelFromUrl(modelUrl),
      new URL('../history.json', modelBase).href,
      new URL('../metrics.json', modelBase).href,
    );
  })();
  await Promise.all([modelLoad, loadMnist()]);
  document.body.dataset.ready = 'true';
  if (params.has('autorun')) await evaluate();
}

void start().catch((error: unknown) => showMessage(`The viewer failed to start. ${messageOf(error)}`));
