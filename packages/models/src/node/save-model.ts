import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceDirectory } from '@mnistkit/fs';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelError } from '../errors.js';

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

/** True when `dir` holds a `model.json`. */
export async function hasModel(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, MODEL_JSON))).isFile();
  } catch {
    return false;
  }
}
