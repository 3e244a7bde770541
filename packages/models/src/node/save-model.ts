import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceDirectory } from '@mnistkit/fs';
import type * as tfl from '@tensorflow/tfjs-layers';
import { modelArtifacts, type SaveModelOptions } from '../saved-model.js';

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
 * `tf.loadLayersModel` (see `SaveModelOptions`: by default a classifier predicts probabilities and carries a training
 * config, class names and preprocessing). For writing them together with other files (`WriteBatch` of
 * `@mnistkit/fs`). Does not dispose the model.
 */
export async function modelFiles(model: tfl.LayersModel, options: SaveModelOptions = {}): Promise<ModelFiles> {
  const { json, weights } = await modelArtifacts(model, options, `./${WEIGHTS_BIN}`);
  return { [MODEL_JSON]: JSON.stringify(json), [WEIGHTS_BIN]: weights };
}

/**
 * Saves `model` to `dir` as `model.json` + `weights.bin` (the standard TF.js layers format: plain
 * `tf.loadLayersModel` loads it, predicts probabilities and can `evaluate`/`fit`; see `SaveModelOptions`), without
 * tfjs-node. The directory is replaced all or nothing and flushed to disk (`replaceDirectory` of `@mnistkit/fs`): a
 * crash leaves the previous model or the new one. Does not dispose the model.
 */
export async function saveModel(
  model: tfl.LayersModel,
  dir: string,
  options: SaveModelOptions = {},
): Promise<SavedModelInfo> {
  const files = await modelFiles(model, options);
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
