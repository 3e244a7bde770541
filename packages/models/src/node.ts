import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceDirectory } from '@mnistkit/fs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ModelError } from './errors.js';
import { type ClassifierShape, validateClassifier } from './validate.js';

export * from './index.js';

/** File names inside a saved model directory (the standard TF.js layers format). */
export const MODEL_JSON = 'model.json';
/** The single weights shard written by {@link saveModel}. */
export const WEIGHTS_BIN = 'weights.bin';

/** What {@link saveModel} wrote. */
export interface SavedModelInfo {
  dir: string;
  modelJson: string;
  weightsBin: string;
  weightBytes: number;
}

function concatWeightData(data: tf.io.WeightData): Uint8Array {
  const buffers = Array.isArray(data) ? data : [data];
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

/**
 * Writes `files` as the directory `dir`, all or nothing and durably.
 * @deprecated Use `replaceDirectory` from `@mnistkit/fs` (this is that function).
 */
export const writeDirectoryAtomic: (dir: string, files: Record<string, Uint8Array | string>) => Promise<void> =
  replaceDirectory;

/** A saved model's files: `model.json` (topology and weights manifest) and `weights.bin` (one shard). */
export interface ModelFiles {
  [MODEL_JSON]: string;
  [WEIGHTS_BIN]: Uint8Array;
}

/**
 * The files {@link saveModel} writes for `model`, in memory: the standard TF.js layers format, loadable with plain
 * `tf.loadLayersModel`. For writing them together with other files (`WriteBatch` of `@mnistkit/fs`). Does not
 * dispose the model.
 */
export async function modelFiles(model: tfl.LayersModel): Promise<ModelFiles> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || artifacts.weightData === undefined) {
    throw new ModelError(`saveModel: TF.js produced no topology or weights for model ${model.name}`, model.name);
  }
  const modelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs }],
  };
  return { [MODEL_JSON]: JSON.stringify(modelJson), [WEIGHTS_BIN]: concatWeightData(artifacts.weightData) };
}

/**
 * Saves `model` to `dir` as `model.json` + `weights.bin` (the standard TF.js layers format, loadable with plain
 * `tf.loadLayersModel`), without tfjs-node. The directory is replaced all or nothing and flushed to disk
 * (`replaceDirectory` of `@mnistkit/fs`): a crash leaves the previous model or the new one. Does not dispose the model.
 */
export async function saveModel(model: tfl.LayersModel, dir: string): Promise<SavedModelInfo> {
  const files = await modelFiles(model);
  await replaceDirectory(dir, { ...files });
  return {
    dir,
    modelJson: join(dir, MODEL_JSON),
    weightsBin: join(dir, WEIGHTS_BIN),
    weightBytes: files[WEIGHTS_BIN].byteLength,
  };
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

function specBytes(spec: tf.io.WeightsManifestEntry, file: string): number {
  const quant = spec.quantization?.dtype;
  const bytes = quant ? DTYPE_BYTES[quant] : DTYPE_BYTES[spec.dtype];
  if (bytes === undefined) {
    throw new ModelError(`${file}: weight ${spec.name} has unsupported dtype ${quant ?? spec.dtype}`, file);
  }
  return spec.shape.reduce((a, b) => a * b, 1) * bytes;
}

/**
 * Loads a model saved by {@link saveModel} (or any single-directory TF.js layers model) from `dir`, and checks
 * it against `expect` when given. Throws {@link ModelError} naming the file: not JSON, not a layers model,
 * missing weights file, weights size mismatch, wrong input/output shape. Caller disposes the model.
 */
export async function loadModel(dir: string, expect?: ClassifierShape): Promise<tfl.LayersModel> {
  const jsonPath = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelError(
      code === 'ENOENT'
        ? `${jsonPath}: file not found (expected a TF.js model directory)`
        : `${jsonPath}: ${String(e)}`,
      jsonPath,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelError(`${jsonPath}: not JSON (${(e as Error).message})`, jsonPath);
  }
  const parsed = json as { modelTopology?: unknown; weightsManifest?: unknown; format?: unknown };
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof parsed.modelTopology !== 'object' ||
    !parsed.modelTopology
  ) {
    throw new ModelError(`${jsonPath}: expected a TF.js layers model with "modelTopology", found none`, jsonPath);
  }
  if (!Array.isArray(parsed.weightsManifest)) {
    throw new ModelError(
      `${jsonPath}: expected a "weightsManifest" array, found ${typeof parsed.weightsManifest}`,
      jsonPath,
    );
  }
  const manifest = parsed.weightsManifest as tf.io.WeightsManifestConfig;
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of manifest) {
    const groupFiles: string[] = [];
    const groupData: Uint8Array[] = [];
    for (const path of group.paths) {
      const file = join(dir, path);
      groupFiles.push(file);
      try {
        groupData.push(new Uint8Array(await readFile(file)));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new ModelError(
          code === 'ENOENT' ? `${file}: weights file not found (listed in ${jsonPath})` : `${file}: ${String(e)}`,
          file,
        );
      }
    }
    const expected = group.weights.reduce((n, s) => n + specBytes(s, jsonPath), 0);
    const found = groupData.reduce((n, d) => n + d.byteLength, 0);
    if (expected !== found) {
      const names = groupFiles.join(', ');
      throw new ModelError(
        `${names}: weights size mismatch: ${jsonPath} lists ${expected} bytes of weights, the file has ${found} bytes`,
        groupFiles[0] ?? jsonPath,
      );
    }
    weightSpecs.push(...group.weights);
    shards.push(...groupData);
  }
  const weightData = concatWeightData(
    shards.map((s) => s.buffer.slice(s.byteOffset, s.byteOffset + s.byteLength) as ArrayBuffer),
  );
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: parsed.modelTopology as tf.io.ModelJSON['modelTopology'],
        weightSpecs,
        weightData: weightData.buffer as ArrayBuffer,
      }),
    );
  } catch (e) {
    throw new ModelError(`${jsonPath}: TF.js could not build the model: ${(e as Error).message}`, jsonPath);
  }
  if (expect) {
    try {
      validateClassifier(model, expect, jsonPath);
    } catch (e) {
      model.dispose();
      throw e;
    }
  }
  return model;
}

/** True when `dir` holds a `model.json`. */
export async function hasModel(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, MODEL_JSON))).isFile();
  } catch {
    return false;
  }
}
