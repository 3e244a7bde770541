import { modelToTorch } from '@mnistkit/models';
import type { HistoryEntry } from '@mnistkit/viz';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { checkClassifier, type LoadedModel } from './model-loading.js';
import type { ModelArtifactsData } from './workers/protocol.js';

/** Where the Train view keeps its last model across reloads (IndexedDB, through TF.js's `indexeddb://` handler). */
export const TRAINED_MODEL_KEY = 'indexeddb://mnistkit-viewer-trained';
const HISTORY_KEY = 'mnistkit-viewer-trained-history';

/** A model the Train view made, as the rest of the viewer takes models. Caller disposes `model`. */
export async function trainedModel(artifacts: ModelArtifactsData, source: string): Promise<LoadedModel> {
  const weightSpecs = artifacts.weightSpecs as tf.io.WeightsManifestEntry[];
  const model = await loadLayersModel(
    tf.io.fromMemory({ modelTopology: artifacts.modelTopology, weightSpecs, weightData: artifacts.weightData }),
  );
  checkClassifier(model, source);
  return {
    model,
    source,
    json: {
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['./weights.bin'], weights: weightSpecs }],
    },
    weightBytes: artifacts.weightData.byteLength,
  };
}

/** Keeps the model (and its history) in this browser; the next visit finds it with {@link loadKeptModel}. */
export async function keepModel(model: LayersModel, history: readonly HistoryEntry[]): Promise<void> {
  await model.save(TRAINED_MODEL_KEY);
  localStorage.setItem(HISTORY_KEY, JSON.stringify(history));
}

/** The model kept by {@link keepModel}, or undefined when there is none. Caller disposes it. */
export async function loadKeptModel(): Promise<{ loaded: LoadedModel; history: HistoryEntry[] } | undefined> {
  const stored = await tf.io.listModels().catch(() => ({}) as Record<string, unknown>);
  if (!(TRAINED_MODEL_KEY in stored)) return undefined;
  const model = await loadLayersModel(TRAINED_MODEL_KEY);
  const source = 'trained in this browser (kept in IndexedDB)';
  checkClassifier(model, source);
  const history = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as HistoryEntry[];
  return {
    loaded: { model, source, json: { modelTopology: {}, weightsManifest: [] }, weightBytes: model.countParams() * 4 },
    history,
  };
}

function offer(name: string, blob: Blob): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/**
 * Offers the model's weights as a PyTorch state dict (`model.pth`, @mnistkit/models' `modelToTorch`): the tutorial's
 * `SimpleCNN().load_state_dict(torch.load('model.pth'))` takes it.
 */
export async function downloadPth(artifacts: ModelArtifactsData): Promise<void> {
  const { model } = await trainedModel(artifacts, 'model.pth');
  try {
    offer(
      'model.pth',
      new Blob([modelToTorch(model, 'pth') as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
    );
  } finally {
    model.dispose();
  }
}

/** Offers model.json + weights.bin as two downloads, named as `pnpm train` names them. */
export function downloadModel(artifacts: ModelArtifactsData): void {
  const json = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_core}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs }],
  };
  const files: [string, Blob][] = [
    ['model.json', new Blob([JSON.stringify(json)], { type: 'application/json' })],
    ['weights.bin', new Blob([artifacts.weightData], { type: 'application/octet-stream' })],
  ];
  for (const [name, blob] of files) offer(name, blob);
}
