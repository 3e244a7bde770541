import {
  checkWeightPath,
  loadCheckedModel,
  MNIST_CLASSIFIER,
  type ModelJson,
  modelArtifacts,
  modelFromTorch,
  parseModelJson,
  validateClassifier,
  type WeightFileSource,
  weightUrl,
} from '@mnistkit/models';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { ViewerLoadError } from './errors.js';

export { type ModelJson, parseModelJson };

/** Where the model came from and what it holds, once loaded. */
export interface LoadedModel {
  model: LayersModel;
  /** The model.json URL or file name, for messages. */
  source: string;
  json: ModelJson;
  weightBytes: number;
}

/**
 * Builds a model from a checked model.json and its weight files (by checked path, e.g. `weights.bin`), with
 * @mnistkit/models' checks (topology against the manifest, then sizes), then checks it is a 28x28x1 → 10
 * classifier. Caller disposes the returned model.
 */
export async function modelFromArtifacts(
  json: ModelJson,
  weights: WeightFileSource | Map<string, ArrayBuffer>,
  source: string,
): Promise<LoadedModel> {
  const files: WeightFileSource =
    weights instanceof Map
      ? {
          read: async (path) => {
            const buffer = weights.get(path);
            if (buffer === undefined) {
              throw new ViewerLoadError(source, `model.json lists the weights file "${path}", which was not found`);
            }
            return buffer;
          },
        }
      : weights;
  const { model, weightBytes } = await loadCheckedModel(json, files, { source });
  try {
    checkClassifier(model, source);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, source, json, weightBytes };
}

/** Throws unless the model takes [null,28,28,1] images and gives 10 scores (the error names `source`). */
export function checkClassifier(model: LayersModel, source: string): void {
  try {
    validateClassifier(model, MNIST_CLASSIFIER, source);
  } catch (error) {
    throw new ViewerLoadError(
      source,
      `${(error as Error).message.replace(`${source}: `, '')} (the viewer evaluates 28x28 grayscale images in 10 classes)`,
      { cause: error },
    );
  }
}

/** Loads a model.json and its weights over HTTP; relative weight paths resolve against the model.json URL. */
export async function loadModelFromUrl(url: string, fetchImpl: typeof fetch = fetch): Promise<LoadedModel> {
  const absolute = new URL(url, globalThis.location?.href).href;
  const text = new TextDecoder().decode(await fetchBytes(absolute, fetchImpl));
  const json = parseModelJson(text, absolute);
  const weights: WeightFileSource = {
    describe: (path) => weightUrl(path, absolute),
    read: (path) => fetchBytes(weightUrl(path, absolute), fetchImpl),
  };
  return modelFromArtifacts(json, weights, absolute);
}

/** PyTorch weight files the viewer takes: `torch.save(model.state_dict(), PATH)` files and safetensors. */
const TORCH_FILE = /\.(pth|pt|safetensors)$/i;

/**
 * Loads the tutorial's SimpleCNN from a PyTorch state_dict file (`.pth` as `torch.save` writes it, or
 * `.safetensors`), read in the page without Python. Caller disposes the model.
 */
export async function loadTorchModelFile(file: File): Promise<LoadedModel> {
  const { model } = modelFromTorch(await file.arrayBuffer(), { source: file.name });
  try {
    checkClassifier(model, file.name);
    const { json, weights } = await modelArtifacts(model, { output: 'logits' });
    return { model, source: file.name, json, weightBytes: weights.byteLength };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * Loads a model from picked files: one model.json plus the weight files it names (matched by file name), or one
 * PyTorch `.pth`/`.safetensors` file.
 */
export async function loadModelFromFiles(files: readonly File[]): Promise<LoadedModel> {
  const torch = files.filter((f) => TORCH_FILE.test(f.name));
  if (torch.length === 1 && !files.some((f) => f.name.toLowerCase().endsWith('.json'))) {
    return loadTorchModelFile(torch[0] as File);
  }
  const jsonFiles = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsonFiles.length !== 1) {
    throw new ViewerLoadError(
      files.map((f) => f.name).join(', ') || 'file picker',
      `expected exactly one model.json among the picked files, found ${jsonFiles.length}; pick model.json and weights.bin together`,
    );
  }
  const jsonFile = jsonFiles[0] as File;
  const json = parseModelJson(await jsonFile.text(), jsonFile.name);
  const weights = new Map<string, ArrayBuffer>();
  for (const path of json.weightsManifest.flatMap((g) => g.paths).map((p) => checkWeightPath(p, jsonFile.name))) {
    const name = path.split('/').pop() ?? path;
    const file = files.find((f) => f.name === name);
    if (file === undefined) {
      throw new ViewerLoadError(
        jsonFile.name,
        `model.json needs the weights file "${name}"; pick it together with model.json (picked: ${files.map((f) => f.name).join(', ')})`,
      );
    }
    weights.set(path, await file.arrayBuffer());
  }
  return modelFromArtifacts(json, weights, jsonFile.name);
}

/** Fetches a URL's bytes; throws {@link ViewerLoadError} with the HTTP status or network error. */
export async function fetchBytes(url: string, fetchImpl: typeof fetch = fetch): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: 'no-cache' });
  } catch (error) {
    throw new ViewerLoadError(url, `could not fetch (${(error as Error).message})`, { cause: error });
  }
  if (!response.ok) {
    throw new ViewerLoadError(url, `HTTP ${response.status} ${response.statusText}`.trim());
  }
  return response.arrayBuffer();
}

/** Rows of the layer table: name, class, output shape, parameter count (the layers that compute, not the input). */
export function layerRows(model: LayersModel): { name: string; type: string; outputShape: string; params: number }[] {
  // A saved model with its probabilities head comes back as a functional model, whose layers start with an
  // InputLayer that the Sequential model it was saved from does not list; the table shows the same rows for both.
  const computing = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  return computing.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: JSON.stringify(layer.outputShape).replace(/null/g, 'None'),
    params: layer.countParams(),
  }));
}
