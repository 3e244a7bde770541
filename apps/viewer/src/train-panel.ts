import type { BrowserBackendChoice } from '@mnistkit/backend';
import { models } from '@mnistkit/models';
import type { Ui } from './dom.js';
import { messageOf } from './errors.js';
import { modelArtifacts } from './model-artifacts.js';
import type { LoadedModel } from './model-loading.js';
import { fetchBytes } from './model-loading.js';
import { count, percent } from './state.js';
import { readTrainSettings } from './train-settings.js';
import { downloadModel, keepModel, loadKeptModel, trainedModel } from './trained-model.js';
import { Charts } from './views/charts.js';
import { createCurvesView } from './views/curves-view.js';
import type { Messages } from './views/messages.js';
import type { ModelArtifactsData } from './workers/protocol.js';
import type { TrainData, TrainingReply, TrainingRequest } from './workers/training-protocol.js';

/** What the Train view needs from the page. */
export interface TrainViewHost {
  backend: BrowserBackendChoice;
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

/** Wires the Train view: start a training worker, show its progress and curves, Pause/Stop, then the result. */
export function startTrainView(ui: Ui, host: TrainViewHost): void {
  const curves = createCurvesView(new Charts(), 'train-curves', ui.trainCurves, ui.trainResult);
  let worker: Worker | undefined;
  let artifacts: ModelArtifactsData | undefined;
  let trained: LoadedModel | undefined;
  const send = (message: TrainingRequest, transfer: Transferable[] = []) => worker?.postMessage(message, transfer);
  const running = (on: boolean) => {
    ui.trainStart.disabled = on;
    ui.trainPause.hidden = !on;
    ui.trainStop.hidden = !on;
    ui.trainProgress.hidden = !on;
    ui.trainPause.textContent = 'Pause';
    document.body.dataset.training = on ? 'true' : '';
  };
  const finish = () => {
    worker?.terminate();
    worker = undefined;
    running(false);
  };

  async function onReply(message: TrainingReply): Promise<void> {
    switch (message.type) {
      case 'ready':
        ui.trainStatus.textContent = `Training ${count(message.trainSamples)} images on ${message.report.name}…`;
        ui.trainStatus.dataset.backend = message.report.name;
        return;
      case 'progress': {
        ui.trainProgress.value =
          ((message.epoch - 1) * message.samples + message.done) / (message.epochs * message.samples);
        ui.trainStatus.textContent = `Epoch ${message.epoch}/${message.epochs}: ${count(message.done)} / ${count(message.samples)} images, loss ${message.runningLoss.toFixed(4)}, accuracy ${percent(message.runningAccuracy)}, ${count(Math.round(message.samplesPerSecond))} samples/s`;
        ui.trainStatus.dataset.samplesPerSecond = String(message.samplesPerSecond);
        return;
      }
      case 'epoch':
        await curves.show(
          message.history,
          `${message.history.length} epoch${message.history.length === 1 ? '' : 's'} done.`,
        );
        ui.trainCurves.dataset.epochs = String(message.history.length);
        return;
      case 'testing':
        ui.trainStatus.textContent = 'Evaluating the new model on the test set…';
        return;
      case 'done':
        finish();
        await onDone(message);
        return;
      case 'error':
        finish();
        host.messages.show(`Training failed. ${message.message}`);
        ui.trainStatus.textContent = '';
        return;
    }
  }

  async function onDone(outcome: Extract<TrainingReply, { type: 'done' }>): Promise<void> {
    artifacts = outcome.artifacts;
    trained?.model.dispose();
    trained = await trainedModel(outcome.artifacts, 'trained in this browser');
    const seconds = outcome.history.reduce((s, h) => s + h.seconds, 0);
    ui.trainStatus.textContent = `${outcome.status === 'completed' ? 'Done' : 'Stopped'}: ${outcome.history.length} epoch(s) in ${seconds.toFixed(1)} s; test accuracy ${percent(outcome.test.accuracy)} (${count(outcome.test.correct)} of ${count(outcome.test.total)}).`;
    ui.trainStatus.dataset.testAccuracy = String(outcome.test.accuracy);
    ui.trainStatus.dataset.epochSeconds = outcome.history.map((h) => h.seconds.toFixed(3)).join(',');
    ui.trainStatus.dataset.status = outcome.status;
    // For the tests: the per-epoch figures, to compare with the same recipe in Node.
    ui.trainStatus.dataset.history = JSON.stringify(outcome.history);
    ui.trainDownload.hidden = false;
    ui.trainUse.hidden = false;
    await keepModel(trained.model, outcome.history).catch((error: unknown) =>
      host.messages.show(`Could not keep the model in this browser (IndexedDB). ${messageOf(error)}`),
    );
  }

  async function start(): Promise<void> {
    let settings: ReturnType<typeof readTrainSettings>;
    try {
      settings = readTrainSettings({
        model: ui.trainModel.value,
        epochs: ui.trainEpochs.value,
        batchSize: ui.trainBatch.value,
        learningRate: ui.trainLr.value,
        seed: ui.trainSeed.value,
        limit: ui.trainLimit.value,
        testLimit: ui.trainTestLimit.value,
      });
    } catch (error) {
      host.messages.show(messageOf(error));
      return;
    }
    running(true);
    // The tests wait on these attributes: they must only be there for this run.
    for (const key of Object.keys(ui.trainStatus.dataset)) delete ui.trainStatus.dataset[key];
    ui.trainStatus.textContent = 'Loading the training data…';
    curves.clear('');
    try {
      const data = await trainData(ui);
      worker = new Worker(new URL('./workers/training-worker.ts', import.meta.url), {
        type: 'module',
        name: 'mnistkit-training',
      });
      worker.onmessage = (event: MessageEvent<TrainingReply>) => void onReply(event.data);
      worker.onerror = (event) => {
        finish();
        host.messages.show(`Training failed. ${event.message || 'the training worker could not start'}`);
      };
      send({ type: 'start', backend: host.backend, settings, data }, [data.train.images, data.train.labels]);
    } catch (error) {
      finish();
      host.messages.show(`Could not start training. ${messageOf(error)}`);
    }
  }

  // The classifiers of @mnistkit/models' registry (the tutorial's `Model` example is features only).
  ui.trainModel.replaceChildren(
    ...Object.entries(models)
      .filter(([, entry]) => entry.classifier)
      .map(([name, entry]) => new Option(`${name}: ${entry.description}`, name)),
  );
  ui.trainForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void start();
  });
  ui.trainData.addEventListener('change', () => {
    ui.trainFiles.closest('label')?.toggleAttribute('hidden', ui.trainData.value !== 'files');
  });
  ui.trainPause.addEventListener('click', () => {
    const pausing = ui.trainPause.textContent === 'Pause';
    send({ type: pausing ? 'pause' : 'resume' });
    ui.trainPause.textContent = pausing ? 'Resume' : 'Pause';
    document.body.dataset.trainingPaused = pausing ? 'true' : '';
  });
  ui.trainStop.addEventListener('click', () => send({ type: 'stop' }));
  ui.trainDownload.addEventListener('click', () => {
    if (artifacts !== undefined) downloadModel(artifacts);
  });
  ui.trainUse.addEventListener('click', () => {
    if (trained === undefined) return;
    // The viewer takes ownership (it disposes the model it replaces); the Train view keeps its artifacts.
    const handed = trained;
    trained = undefined;
    void host.useTrained(handed);
  });
  void restoreKept(ui, host, curves, (kept, data) => {
    trained = kept;
    artifacts = data;
  });
}

/** Shows the model kept from an earlier visit, if any. */
async function restoreKept(
  ui: Ui,
  host: TrainViewHost,
  curves: ReturnType<typeof createCurvesView>,
  keep: (model: LoadedModel, artifacts: ModelArtifactsData) => void,
): Promise<void> {
  try {
    const kept = await loadKeptModel();
    if (kept === undefined) return;
    keep(kept.loaded, await modelArtifacts(kept.loaded.model));
    ui.trainStatus.textContent = 'A model trained in this browser earlier is kept here (IndexedDB).';
    ui.trainStatus.dataset.kept = 'true';
    ui.trainDownload.hidden = false;
    ui.trainUse.hidden = false;
    await curves.show(kept.history, `${kept.history.length} epoch(s), trained earlier.`);
  } catch (error) {
    host.messages.show(`Could not read the model kept in this browser. ${messageOf(error)}`);
  }
}
