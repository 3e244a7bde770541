import { MNIST_CLASSIFIER, validateClassifier } from '@mnistkit/models';
import { io } from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { ViewerLoadError } from './errors.js';

/** The parts of a TF.js `model.json` the viewer reads. */
export interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, string: 0 };

/** Parses and checks the text of a model.json; throws {@link ViewerLoadError} naming `source`. */
export function parseModelJson(text: string, source: string): ModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const start = text.slice(0, 40).replace(/\s+/g, ' ');
    throw new ViewerLoadError(source, `not JSON (${(error as Error).message}); the file starts with "${start}"`, {
      cause: error,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ViewerLoadError(source, `expected a TF.js model.json object, found ${describeJson(json)}`);
  }
  const record = json as Record<string, unknown>;
  if (typeof record.modelTopology !== 'object' || record.modelTopology === null) {
    throw new ViewerLoadError(
      source,
      'expected a TF.js Layers model.json with a "modelTopology" field (as written by model.save()), found fields: ' +
        (Object.keys(record).join(', ') || 'none'),
    );
  }
  const manifest = record.weightsManifest;
  if (
    !Array.isArray(manifest) ||
    manifest.some((group) => !Array.isArray(group?.paths) || !Array.isArray(group?.weights))
  ) {
    throw new ViewerLoadError(source, 'expected a "weightsManifest" array of { paths, weights } groups');
  }
  return record as unknown as ModelJson;
}

/** The number of weight bytes model.json's manifest promises (quantized weights counted by their stored size). */
export function expectedWeightBytes(json: ModelJson): number {
  let total = 0;
  for (const group of json.weightsManifest) {
    for (const spec of group.weights) {
      const count = spec.shape.reduce((a, b) => a * b, 1);
      const bytes = spec.quantization
        ? spec.quantization.dtype === 'uint16' || spec.quantization.dtype === 'float16'
          ? 2
          : 1
        : (DTYPE_BYTES[spec.dtype] ?? 4);
      total += count * bytes;
    }
  }
  return total;
}

/** Where the model came from and what it holds, once loaded. */
export interface LoadedModel {
  model: LayersModel;
  /** The model.json URL or file name, for messages. */
  source: string;
  json: ModelJson;
  weightBytes: number;
}

/**
 * Builds a model from model.json and its weight files' bytes, checking the sizes first so that a mismatch is named
 * plainly, then checking it is a 28x28x1 → 10 classifier. Caller disposes the returned model.
 */
export async function modelFromArtifacts(
  json: ModelJson,
  weightFiles: Map<string, ArrayBuffer>,
  source: string,
): Promise<LoadedModel> {
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    for (const path of group.paths) {
      const buffer = weightFiles.get(path);
      if (buffer === undefined) {
        throw new ViewerLoadError(source, `model.json lists the weights file "${path}", which was not found`);
      }
      buffers.push(buffer);
    }
  }
  const found = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const expected = expectedWeightBytes(json);
  if (found !== expected) {
    throw new ViewerLoadError(
      source,
      `the weights do not match model.json: its weightsManifest needs ${expected.toLocaleString('en-US')} bytes, ` +
        `the weight file(s) ${json.weightsManifest.flatMap((g) => g.paths).join(', ')} hold ${found.toLocaleString('en-US')} bytes`,
    );
  }
  const weightData = concat(buffers);
  let model: LayersModel;
  try {
    model = await loadLayersModel(
      io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData,
        ...(json.format === undefined ? {} : { format: json.format }),
      }),
    );
  } catch (error) {
    throw new ViewerLoadError(source, `TF.js could not build the model: ${(error as Error).message}`, { cause: error });
  }
  try {
    checkClassifier(model, source);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, source, json, weightBytes: found };
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
  const weights = new Map<string, ArrayBuffer>();
  for (const path of json.weightsManifest.flatMap((g) => g.paths)) {
    weights.set(path, await fetchBytes(new URL(path, absolute).href, fetchImpl));
  }
  return modelFromArtifacts(json, weights, absolute);
}

/** Loads a model from picked files: one model.json plus the weight files it names (matched by file name). */
export async function loadModelFromFiles(files: readonly File[]): Promise<LoadedModel> {
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
  for (const path of json.weightsManifest.flatMap((g) => g.paths)) {
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

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  if (buffers.length === 1) return buffers[0] as ArrayBuffer;
  const out = new Uint8Array(buffers.reduce((sum, b) => sum + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}

/** Rows of the layer table: name, class, output shape, parameter count. */
export function layerRows(model: LayersModel): { name: string; type: string; outputShape: string; params: number }[] {
  return model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: JSON.stringify(layer.outputShape).replace(/null/g, 'None'),
    params: layer.countParams(),
  }));
}
