import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ModelError } from './errors.js';
import { checkWeightPath, groupByteLengths, type ModelJson } from './model-json.js';
import { withoutProbabilities } from './saved-model.js';
import { checkTopology } from './topology-check.js';
import { type ClassifierShape, validateClassifier } from './validate.js';

/** Where {@link loadCheckedModel} finds the weight files a model.json lists (files on disk, URLs, picked files). */
export interface WeightFileSource {
  /**
   * The size in bytes of a weights file when it is known without reading it (a file's `stat`), so a file of the
   * wrong size is refused before it is read. `path` is checked and relative to the model's folder (`weights.bin`).
   */
  size?(path: string): Promise<number>;
  /** The bytes of a weights file (`path` as for `size`). Throws a clear error naming the file when it is missing. */
  read(path: string): Promise<ArrayBuffer | Uint8Array>;
  /** How messages name a weights file; default: its path. */
  describe?(path: string): string;
}

/** Options for {@link loadCheckedModel}. */
export interface LoadCheckedOptions {
  /** The model.json file or URL, for messages. */
  source: string;
  /** When given, the model must map `[null, ...inputShape]` to `[null, numClasses]`. */
  expect?: ClassifierShape;
  /**
   * `logits` (default): a model saved with a final softmax layer (`output: 'probabilities'`) comes back without it,
   * as mnistkit's training and evaluation expect; `as-saved`: exactly what plain `tf.loadLayersModel` gives (compiled
   * from the training config; as with TF.js, dispose `model.optimizer` as well as the model).
   */
  output?: 'logits' | 'as-saved';
}

/** A model built by {@link loadCheckedModel}, with the model.json it came from. */
export interface CheckedModel {
  /** The model; the caller disposes it. */
  model: tfl.LayersModel;
  json: ModelJson;
  /** Bytes of weights read. */
  weightBytes: number;
}

function concat(parts: Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out.buffer;
}

/**
 * Builds a TF.js layers model from a model.json checked by `parseModelJson` and its weight files, checking in this
 * order so that nothing large is read or allocated on a lie: the weights the topology's layers would create against
 * the manifest (`checkTopology`), each group's file sizes against the manifest (before reading where `size` is
 * known), then the classifier shape. The training config and `userDefinedMetadata` are kept. Throws
 * {@link ModelError} naming the file. The caller disposes the returned model.
 */
export async function loadCheckedModel(
  json: ModelJson,
  files: WeightFileSource,
  options: LoadCheckedOptions,
): Promise<CheckedModel> {
  const { source } = options;
  checkTopology(json, source);
  const needed = groupByteLengths(json, source);
  const name = (p: string) => files.describe?.(p) ?? p;
  const parts: Uint8Array[] = [];
  for (const [i, group] of json.weightsManifest.entries()) {
    const paths = group.paths.map((p) => checkWeightPath(p, source));
    const mismatch = (found: number) =>
      new ModelError(
        `${paths.map(name).join(', ')}: weights size mismatch: ${source} lists ${needed[i]} bytes of weights, ` +
          `the ${paths.length === 1 ? 'file has' : 'files have'} ${found} bytes`,
        name(paths[0] ?? source),
      );
    if (files.size) {
      let found = 0;
      for (const p of paths) found += await files.size(p);
      if (found !== needed[i]) throw mismatch(found);
    }
    const data: Uint8Array[] = [];
    for (const p of paths) {
      const bytes = await files.read(p);
      data.push(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
    }
    const found = data.reduce((n, d) => n + d.byteLength, 0);
    if (found !== needed[i]) throw mismatch(found);
    parts.push(...data);
  }
  const weightData = concat(parts);
  // The training config belongs to the probabilities model; compiling it would also make an optimizer to dispose.
  const keepTraining = options.output === 'as-saved';
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology as tf.io.ModelJSON['modelTopology'],
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData,
        ...(json.format === undefined ? {} : { format: json.format }),
        ...(json.trainingConfig === undefined || !keepTraining ? {} : { trainingConfig: json.trainingConfig }),
        ...(json.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: json.userDefinedMetadata }),
      }),
    );
  } catch (error) {
    throw new ModelError(`${source}: TF.js could not build the model: ${(error as Error).message}`, source);
  }
  if (!keepTraining) model = withoutProbabilities(model);
  if (options.expect) {
    try {
      validateClassifier(model, options.expect, source);
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  return { model, json, weightBytes: weightData.byteLength };
}
