import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelError } from './errors.js';
import type { ModelOptions } from './init.js';
import { simpleCNN, tutorialModel } from './simple-cnn.js';

/** One entry of the {@link models} registry. */
export interface ModelEntry {
  /** One line for `--help` texts and menus. */
  readonly description: string;
  /** True when the model maps `[28,28,1]` images to 10 logits, so it can be trained as a classifier. */
  readonly classifier: boolean;
  /** Builds a fresh model; caller disposes it. */
  create(options?: ModelOptions): tfl.LayersModel;
}

/** Models by name, so apps can pick one with a flag or a menu. */
export const models = {
  simpleCNN: {
    description: "The tutorial's SimpleCNN: two conv blocks and two dense layers, 421,642 parameters.",
    classifier: true,
    create: (options?: ModelOptions) => simpleCNN(options),
  },
  tutorialModel: {
    description: "The tutorial's `Model` example: conv 1→20 5×5 → ReLU → conv 20→20 5×5 → ReLU (features only).",
    classifier: false,
    create: (options?: ModelOptions) => tutorialModel(options),
  },
} as const satisfies Record<string, ModelEntry>;

/** A registered model name. */
export type ModelName = keyof typeof models;

/** The registered model names, in registry order. */
export const modelNames = Object.keys(models) as ModelName[];

/** True when `name` is a registered model name. */
export function isModelName(name: string): name is ModelName {
  return Object.hasOwn(models, name);
}

/** Builds the registered model `name`; throws {@link ModelError} naming the choices when it is unknown. Caller disposes the model. */
export function createModel(name: string, options?: ModelOptions): tfl.LayersModel {
  if (!isModelName(name)) {
    throw new ModelError(`unknown model ${JSON.stringify(name)}; expected one of: ${modelNames.join(', ')}`, name);
  }
  return models[name].create(options);
}
