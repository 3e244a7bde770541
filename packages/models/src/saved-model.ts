import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ModelError } from './errors.js';
import type { ModelJson } from './model-json.js';

/** What a saved classifier outputs: softmax probabilities (loads and predicts anywhere) or raw logits. */
export type ModelOutput = 'probabilities' | 'logits';

/** The input preprocessing a model expects, as the tutorial's transforms: `x * scale`, then `(x - mean) / std`. */
export interface Preprocessing {
  /** ToTensor: bytes to [0, 1]. */
  scale: number;
  mean: number;
  std: number;
}

/** MNIST as the tutorial feeds it: ToTensor + Normalize((0.5,), (0.5,)), i.e. inputs in [-1, 1]. */
export const MNIST_PREPROCESSING: Preprocessing = { scale: 1 / 255, mean: 0.5, std: 0.5 };

/** Name of the softmax layer a model saved with `output: 'probabilities'` ends with. */
export const PROBABILITIES_LAYER = 'probabilities';

/** What mnistkit writes into model.json's `userDefinedMetadata`. */
export interface SavedModelMetadata {
  generatedBy: 'mnistkit';
  output: ModelOutput;
  /** One name per output class. */
  classNames: string[];
  /** Per-pixel preprocessing, and the formula in words. */
  preprocessing: Preprocessing & { formula: string };
  /** Input `[height, width, channels]`. */
  inputShape: number[];
}

/** Options for saving a model (`saveModel`, `modelFiles`, {@link modelArtifacts}). */
export interface SaveModelOptions {
  /**
   * `probabilities` (the default for a classifier): the model ends with a softmax layer, so plain
   * `tf.loadLayersModel` predicts probabilities, and model.json carries a training config (Adam, sparse categorical
   * cross-entropy, accuracy) so `evaluate`/`fit` work after loading. `logits`: the model as it is, without a training
   * config (TF.js losses take probabilities). mnistkit's loaders return logits either way.
   */
  output?: ModelOutput;
  /** One name per class; default the output index (`'0'`…`'9'`). */
  classNames?: readonly string[];
  /** Default {@link MNIST_PREPROCESSING}. */
  preprocessing?: Preprocessing;
  /** Adam's learning rate in the training config; default 0.001. */
  learningRate?: number;
}

/** A classifier's output count, or undefined when its output is not `[null, n]`. */
function classCount(model: tfl.LayersModel): number | undefined {
  const shape = model.outputs.length === 1 ? model.outputs[0]?.shape : undefined;
  return shape?.length === 2 && typeof shape[1] === 'number' ? shape[1] : undefined;
}

/** `model` followed by a softmax layer named {@link PROBABILITIES_LAYER}, sharing its layers and weights. */
function withProbabilities(model: tfl.LayersModel): tfl.LayersModel {
  const head = tfl.layers.activation({ activation: 'softmax', name: PROBABILITIES_LAYER });
  const outputs = head.apply(model.outputs[0] as tfl.SymbolicTensor) as tfl.SymbolicTensor;
  return tfl.model({ inputs: model.inputs, outputs, name: model.name });
}

/** True when `model` ends with the softmax layer {@link withProbabilities} adds. */
export function hasProbabilitiesHead(model: tfl.LayersModel): boolean {
  const last = model.layers.at(-1);
  return (
    last?.name === PROBABILITIES_LAYER &&
    last.getClassName() === 'Activation' &&
    last.getConfig().activation === 'softmax'
  );
}

/**
 * The model a saved-with-probabilities model was made from: its output is the softmax layer's input (logits).
 * Shares the layers; dispose the result, not `model`. Returns `model` itself when it has no such head.
 */
export function withoutProbabilities(model: tfl.LayersModel): tfl.LayersModel {
  if (!hasProbabilitiesHead(model)) return model;
  const logits = model.getLayer(PROBABILITIES_LAYER).input as tfl.SymbolicTensor;
  return tfl.model({ inputs: model.inputs, outputs: logits, name: model.name });
}

function trainingConfig(learningRate: number): tf.io.TrainingConfig {
  // The snake_case keys TF.js writes and `loadTrainingConfig` reads back (sparse: labels are class indices, as in the
  // tutorial's CrossEntropyLoss; epsilon is TF.js's, which mnistkit's Adam uses).
  return {
    loss: 'sparse_categorical_crossentropy',
    metrics: ['accuracy'],
    optimizer_config: {
      class_name: 'Adam',
      config: { learning_rate: learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    },
  } as unknown as tf.io.TrainingConfig;
}

function concat(data: tf.io.WeightData): Uint8Array {
  const buffers = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

/**
 * model.json (as an object, weights in one file `weightsPath`) and the weight bytes for `model`, saved as
 * `options` say (see {@link SaveModelOptions}); `userDefinedMetadata` holds {@link SavedModelMetadata}. Browser-safe;
 * the Node `saveModel` writes these files. Does not dispose the model.
 */
export async function modelArtifacts(
  model: tfl.LayersModel,
  options: SaveModelOptions = {},
  weightsPath = './weights.bin',
): Promise<{ json: ModelJson; weights: Uint8Array }> {
  const classes = classCount(model);
  const output = options.output ?? (classes === undefined ? 'logits' : 'probabilities');
  if (output === 'probabilities' && classes === undefined) {
    throw new ModelError(`${model.name}: output 'probabilities' needs a classifier output [null, n]`, model.name);
  }
  const preprocessing = options.preprocessing ?? MNIST_PREPROCESSING;
  const metadata: SavedModelMetadata = {
    generatedBy: 'mnistkit',
    output,
    classNames: [...(options.classNames ?? Array.from({ length: classes ?? 0 }, (_, i) => String(i)))],
    preprocessing: { ...preprocessing, formula: 'x * scale, then (x - mean) / std' },
    inputShape: (model.inputs[0]?.shape ?? []).slice(1) as number[],
  };
  const saved = output === 'probabilities' ? withProbabilities(model) : model;
  let artifacts: tf.io.ModelArtifacts | undefined;
  await saved.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || artifacts.weightData === undefined) {
    throw new ModelError(`saveModel: TF.js produced no topology or weights for model ${model.name}`, model.name);
  }
  const json: ModelJson = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
    convertedBy: artifacts.convertedBy ?? null,
    ...(output === 'probabilities' ? { trainingConfig: trainingConfig(options.learningRate ?? 0.001) } : {}),
    userDefinedMetadata: metadata as unknown as Record<string, unknown>,
    weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs }],
  };
  return { json, weights: concat(artifacts.weightData) };
}
