/// <reference lib="webworker" />
/**
 * The Train view's worker: the tutorial's recipe on @mnistkit/training's `train()`, the same loop the Node trainer
 * runs (seeded DataLoader shuffle, seeded dropout, fused Adam), then `evaluate()` on the test set.
 */
import { selectBackend, wasmSimdVariant } from '@mnistkit/backend';
import { DataLoader, type Dataset, IdxDataset, parseIdx, Subset } from '@mnistkit/data';
import { createModel } from '@mnistkit/models';
import { evaluate, train } from '@mnistkit/training';
import { chooseWasmBuild, viewerBackendOptions } from '../backend-setup.js';
import { modelArtifacts } from '../model-artifacts.js';
import type { TrainData, TrainingReply, TrainingRequest } from './training-protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const controller = new AbortController();
let resume: (() => void) | undefined;
let paused: Promise<void> | undefined;

/** Resolves on the next macrotask (a MessageChannel round trip; setTimeout would be clamped to 4 ms). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function reply(message: TrainingReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function dataset(part: TrainData['train'], limit: number | undefined): Dataset {
  const all = new IdxDataset(
    parseIdx(part.images, `${part.source} images`),
    parseIdx(part.labels, `${part.source} labels`),
  );
  if (limit === undefined || limit >= all.length) return all;
  return new Subset(
    all,
    Array.from({ length: limit }, (_, i) => i),
  );
}

async function run(message: Extract<TrainingRequest, { type: 'start' }>): Promise<void> {
  const { settings, data } = message;
  chooseWasmBuild(1, message.wasmSimd);
  const backend = viewerBackendOptions(message.backend);
  const report = await selectBackend(backend);
  const trainSet = dataset(data.train, settings.limit);
  const testSet = dataset(data.test, settings.testLimit);
  const model = createModel(settings.model, { seed: settings.seed });
  reply({ type: 'ready', report, trainSamples: trainSet.length, wasmSimd: wasmSimdVariant() });
  const loader = new DataLoader(trainSet, { batchSize: settings.batchSize, shuffle: true, seed: settings.seed });
  const started = performance.now();
  let epochStart = performance.now();
  let lastReport = 0;
  try {
    const result = await train(model, loader, {
      epochs: settings.epochs,
      learningRate: settings.learningRate,
      seed: settings.seed,
      signal: controller.signal,
      onBatchEnd: async (e) => {
        if (e.batch === 1) epochStart = performance.now();
        const now = performance.now();
        const done = Math.min(e.batch * settings.batchSize, trainSet.length);
        if (now - lastReport > 200 || e.batch === e.batches) {
          lastReport = now;
          const seconds = (now - epochStart) / 1000;
          reply({
            type: 'progress',
            epoch: e.epoch,
            epochs: e.epochs,
            done,
            samples: trainSet.length,
            runningLoss: e.runningLoss,
            runningAccuracy: e.runningAccuracy,
            samplesPerSecond: seconds > 0 ? (done - e.size) / seconds : 0,
          });
        }
        // The step and the loader only await microtasks: one macrotask turn per batch lets Pause/Stop arrive.
        await nextTask();
        if (paused !== undefined) await paused;
      },
      onEpochEnd: (e) => reply({ type: 'epoch', history: e.history.map((h) => ({ ...h })) }),
    });
    reply({ type: 'testing' });
    const test = await evaluate(model, new DataLoader(testSet, { batchSize: 256 }));
    const artifacts = await modelArtifacts(model);
    reply(
      {
        type: 'done',
        status: result.status,
        history: result.history.map((h) => ({ ...h })),
        test: { accuracy: test.accuracy, loss: test.loss, correct: test.correct, total: test.total },
        artifacts,
        seconds: (performance.now() - started) / 1000,
      },
      [artifacts.weightData],
    );
  } finally {
    model.dispose();
  }
}

scope.onmessage = (event: MessageEvent<TrainingRequest>) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      run(message).catch((error: unknown) =>
        reply({ type: 'error', message: (error as Error).message ?? String(error) }),
      );
      return;
    case 'pause':
      paused ??= new Promise<void>((resolve) => {
        resume = resolve;
      });
      return;
    case 'resume':
      resume?.();
      paused = undefined;
      return;
    case 'stop':
      // train() finishes the current step and returns 'interrupted'; a paused run is let go first.
      controller.abort();
      resume?.();
      paused = undefined;
      return;
  }
};
