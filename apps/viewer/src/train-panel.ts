import type { BrowserBackendChoice, WasmSimdVariant } from '@mnistkit/backend';
import { formatCount, formatPercent, models } from '@mnistkit/models';
import type { Ui } from './dom.js';
import { messageOf } from './errors.js';
import { modelArtifacts } from './model-artifacts.js';
import type { LoadedModel } from './model-loading.js';
import { fetchBytes } from './model-loading.js';
import { readTrainSettings } from './train-settings.js';
import { downloadModel, downloadPth, keepModel, loadKeptModel, trainedModel } from './trained-model.js';
import { Charts } from './views/charts.js';
import { type CurvesView, createCurvesView } from './views/curves-view.js';
import type { Messages } from './views/messages.js';
import type { ModelArtifactsData } from './workers/protocol.js';
import type { TrainData, TrainingReply, TrainingRequest, TrainSettings } from './workers/training-protocol.js';

/** What the Train view needs from the page. */
export interface TrainViewHost {
  backend: BrowserBackendChoice;
  wasmSimd: WasmSimdVariant | 'auto';
  messages: Pick<Messages, 'show'>;
  /** Makes a trained model the viewer's current one (evaluate it, draw with it). */
  useTrained: (loaded: LoadedModel) => Promise<void>;
}

const MNIST_TRAIN = ['mnist/train-images-idx3-ubyte.gz', 'mnist/train-labels-idx1-ubyte.gz'] as const;
const MNIST_TEST = ['mnist/t10k-images-idx3-ubyte.gz', 'mnist/t10k-labels-idx1-ubyte.gz'] as const;

/** The training data: the MNIST files shipped with the build, or two picked IDX files (test: MNIST's). */
async function trainData(ui: Ui): Promise<TrainData> {
  const [testImages, testLabels] = await Promise.all(MNIST_TEST.map((u) => fetchBytes(u)));
  const test = { images: testImages as ArrayBuffer, labels: testLabels as ArrayBuffer, source: 'MNIST test set' };
  if (ui.trainData.value === 'files') {
    const files = Array.from(ui.trainFiles.files ?? []);
    if (files.length !== 2)
      throw new Error(`Training files: expected two IDX files (images + labels), found ${files.length}`);
    const [a, b] = await Promise.all(files.map((f) => f.arrayBuffer()));
    if (a === undefined || b === undefined) throw new Error('Training files: could not read them');
    // Images are the larger file.
    const [images, labels] = a.byteLength > b.byteLength ? [a, b] : [b, a];
    return { train: { images, labels, source: files.map((f) => f.name).join(' + ') }, test };
  }
  const [images, labels] = await Promise.all(MNIST_TRAIN.map((u) => fetchBytes(u)));
  return {
    train: { images: images as ArrayBuffer, labels: labels as ArrayBuffer, source: 'MNIST training set' },
    test,
  };
}

/** The Train view: starts a training worker, shows its progress and curves, Pause/Stop, then the result. */
export class TrainView {
  private readonly curves: CurvesView;
  private worker: Worker | undefined;
  private artifacts: ModelArtifactsData | undefined;
  private trained: LoadedModel | undefined;

  constructor(
    private readonly ui: Ui,
    private readonly host: TrainViewHost,
  ) {
    this.curves = createCurvesView(new Charts(), 'train-curves', ui.trainCurves, ui.trainResult);
    this.wire();
    void this.restoreKept();
  }

  private send(message: TrainingRequest, transfer: Transferable[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  private running(on: boolean): void {
    const { ui } = this;
    ui.trainStart.disabled = on;
    ui.trainPause.hidden = !on;
    ui.trainStop.hidden = !on;
    ui.trainProgress.hidden = !on;
    ui.trainPause.textContent = 'Pause';
    document.body.dataset.training = on ? 'true' : '';
  }

  private finish(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.running(false);
  }

  private async onReply(message: TrainingReply): Promise<void> {
    const { ui } = this;
    switch (message.type) {
      case 'ready':
        ui.trainStatus.textContent = `Training ${formatCount(message.trainSamples)} images on ${message.report.name}…`;
        ui.trainStatus.dataset.backend = message.report.name;
        ui.trainStatus.dataset.wasmSimd = message.wasmSimd;
        return;
      case 'progress':
        ui.trainProgress.value =
          ((message.epoch - 1) * message.samples + message.done) / (message.epochs * message.samples);
        ui.trainStatus.textContent = `Epoch ${message.epoch}/${message.epochs}: ${formatCount(message.done)} / ${formatCount(message.samples)} images, loss ${message.runningLoss.toFixed(4)}, accuracy ${formatPercent(message.runningAccuracy)}, ${formatCount(Math.round(message.samplesPerSecond))} samples/s`;
        ui.trainStatus.dataset.samplesPerSecond = String(message.samplesPerSecond);
        return;
      case 'epoch':
        await this.curves.show(message.history, `${message.history.length} epoch(s) done.`);
        return;
      case 'testing':
        ui.trainStatus.textContent = 'Evaluating the new model on the test set…';
        return;
      case 'done':
        this.finish();
        await this.onDone(message);
        return;
      case 'error':
        this.finish();
        this.host.messages.show(`Training failed. ${message.message}`);
        ui.trainStatus.textContent = '';
        return;
    }
  }

  private async onDone(outcome: Extract<TrainingReply, { type: 'done' }>): Promise<void> {
    const { ui } = this;
    this.artifacts = outcome.artifacts;
    this.trained?.model.dispose();
    this.trained = await trainedModel(outcome.artifacts, 'trained in this browser');
    const seconds = outcome.history.reduce((s, h) => s + h.seconds, 0);
    ui.trainStatus.textContent = `${outcome.status === 'completed' ? 'Done' : 'Stopped'}: ${outcome.history.length} epoch(s) in ${seconds.toFixed(1)} s; test accuracy ${formatPercent(outcome.test.accuracy)} (${formatCount(outcome.test.correct)} of ${formatCount(outcome.test.total)}).`;
    ui.trainStatus.dataset.testAccuracy = String(outcome.test.accuracy);
    ui.trainStatus.dataset.epochSeconds = outcome.history.map((h) => h.seconds.toFixed(3)).join(',');
    // For the tests: the per-epoch figures, to compare with the same recipe in Node.
    ui.trainStatus.dataset.history = JSON.stringify(outcome.history);
    ui.trainStatus.dataset.status = outcome.status;
    ui.trainDownload.hidden = false;
    ui.trainDownloadPth.hidden = false;
    ui.trainUse.hidden = false;
    await keepModel(this.trained.model, outcome.history).catch((error: unknown) =>
      this.host.messages.show(`Could not keep the model in this browser (IndexedDB). ${messageOf(error)}`),
    );
  }

  private settings(): TrainSettings | undefined {
    const { ui } = this;
    try {
      return readTrainSettings({
        model: ui.trainModel.value,
        epochs: ui.trainEpochs.value,
        batchSize: ui.trainBatch.value,
        learningRate: ui.trainLr.value,
        seed: ui.trainSeed.value,
        limit: ui.trainLimit.value,
        testLimit: ui.trainTestLimit.value,
      });
    } catch (error) {
      this.host.messages.show(messageOf(error));
      return undefined;
    }
  }

  private async start(): Promise<void> {
    const { ui } = this;
    const settings = this.settings();
    if (settings === undefined) return;
    this.running(true);
    // The tests wait on these attributes: they must only be there for this run.
    for (const key of Object.keys(ui.trainStatus.dataset)) delete ui.trainStatus.dataset[key];
    ui.trainStatus.textContent = 'Loading the training data…';
    this.curves.clear('');
    try {
      const data = await trainData(ui);
      const worker = new Worker(new URL('./workers/training-worker.ts', import.meta.url), {
        type: 'module',
        name: 'mnistkit-training',
      });
      this.worker = worker;
      worker.onmessage = (event: MessageEvent<TrainingReply>) => void this.onReply(event.data);
      worker.onerror = (event) => {
        this.finish();
        this.host.messages.show(`Training failed. ${event.message || 'the training worker could not start'}`);
      };
      this.send({ type: 'start', backend: this.host.backend, wasmSimd: this.host.wasmSimd, settings, data }, [
        data.train.images,
        data.train.labels,
      ]);
    } catch (error) {
      this.finish();
      this.host.messages.show(`Could not start training. ${messageOf(error)}`);
    }
  }

  private wire(): void {
    const { ui } = this;
    // The classifiers of @mnistkit/models' registry (the tutorial's `Model` example is features only).
    ui.trainModel.replaceChildren(
      ...Object.entries(models)
        .filter(([, entry]) => entry.classifier)
        .map(([name, entry]) => new Option(`${name}: ${entry.description}`, name)),
    );
    ui.trainForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.start();
    });
    ui.trainData.addEventListener('change', () => {
      ui.trainFiles.closest('label')?.toggleAttribute('hidden', ui.trainData.value !== 'files');
    });
    ui.trainPause.addEventListener('click', () => {
      const pausing = ui.trainPause.textContent === 'Pause';
      this.send({ type: pausing ? 'pause' : 'resume' });
      ui.trainPause.textContent = pausing ? 'Resume' : 'Pause';
      document.body.dataset.trainingPaused = pausing ? 'true' : '';
    });
    ui.trainStop.addEventListener('click', () => this.send({ type: 'stop' }));
    ui.trainDownload.addEventListener('click', () => {
      if (this.artifacts !== undefined) downloadModel(this.artifacts);
    });
    ui.trainDownloadPth.addEventListener('click', () => {
      if (this.artifacts === undefined) return;
      downloadPth(this.artifacts).catch((error: unknown) =>
        this.host.messages.show(`Could not write model.pth. ${messageOf(error)}`),
      );
    });
    ui.trainUse.addEventListener('click', () => {
      if (this.trained === undefined) return;
      // The viewer takes ownership (it disposes the model it replaces); the Train view keeps its artifacts.
      const handed = this.trained;
      this.trained = undefined;
      void this.host.useTrained(handed);
    });
  }

  /** Shows the model kept from an earlier visit, if any. */
  private async restoreKept(): Promise<void> {
    const { ui } = this;
    try {
      const kept = await loadKeptModel();
      if (kept === undefined) return;
      this.trained = kept.loaded;
      this.artifacts = await modelArtifacts(kept.loaded.model);
      ui.trainStatus.textContent = 'A model trained in this browser earlier is kept here (IndexedDB).';
      ui.trainStatus.dataset.kept = 'true';
      ui.trainDownload.hidden = false;
      ui.trainDownloadPth.hidden = false;
      ui.trainUse.hidden = false;
      await this.curves.show(kept.history, `${kept.history.length} epoch(s), trained earlier.`);
    } catch (error) {
      this.host.messages.show(`Could not read the model kept in this browser. ${messageOf(error)}`);
    }
  }
}
