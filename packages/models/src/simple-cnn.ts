import * as tfl from '@tensorflow/tfjs-layers';
import { layerInit, type ModelOptions } from './init.js';

/** MNIST image shape, NHWC without the batch: 28×28 pixels, one channel. */
export const MNIST_INPUT_SHAPE: readonly [number, number, number] = [28, 28, 1];

/**
 * The tutorial's `SimpleCNN`: conv 1→32 (3×3, same) → ReLU → max-pool 2 → conv 32→64 (3×3, same) → ReLU →
 * max-pool 2 → flatten → dense 3136→128 → ReLU → dropout 0.5 → dense 128→10 (logits); 421,642 parameters.
 * Input `[null,28,28,1]`, output logits `[null,10]`. Caller disposes the model (`model.dispose()`).
 */
export function simpleCNN(options: ModelOptions = {}): tfl.LayersModel {
  const model = tfl.sequential({ name: 'SimpleCNN' });
  model.add(
    tfl.layers.conv2d({
      name: 'conv1',
      inputShape: [...MNIST_INPUT_SHAPE],
      filters: 32,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      ...layerInit(options, 0, 3 * 3 * 1),
    }),
  );
  model.add(tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
  model.add(
    tfl.layers.conv2d({
      name: 'conv2',
      filters: 64,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      ...layerInit(options, 1, 3 * 3 * 32),
    }),
  );
  model.add(tfl.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }));
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(tfl.layers.dense({ name: 'fc1', units: 128, activation: 'relu', ...layerInit(options, 2, 7 * 7 * 64) }));
  model.add(tfl.layers.dropout({ name: 'dropout', rate: 0.5 }));
  model.add(tfl.layers.dense({ name: 'fc2', units: 10, ...layerInit(options, 3, 128) }));
  return model;
}

/** Options for {@link tutorialModel}. */
export interface TutorialModelOptions extends ModelOptions {
  /** Input `[height, width, channels]`; default 28×28×1. */
  inputShape?: [number, number, number];
}

/**
 * The tutorial's second example `Model`: conv 1→20 (5×5, valid) → ReLU → conv 20→20 (5×5, valid) → ReLU.
 * A feature extractor, not a classifier: 28×28×1 in, 20×20×20 out. Caller disposes the model.
 */
export function tutorialModel(options: TutorialModelOptions = {}): tfl.LayersModel {
  const inputShape = options.inputShape ?? [...MNIST_INPUT_SHAPE];
  const model = tfl.sequential({ name: 'Model' });
  model.add(
    tfl.layers.conv2d({
      name: 'conv1',
      inputShape,
      filters: 20,
      kernelSize: 5,
      activation: 'relu',
      ...layerInit(options, 0, 5 * 5 * inputShape[2]),
    }),
  );
  model.add(
    tfl.layers.conv2d({
      name: 'conv2',
      filters: 20,
      kernelSize: 5,
      activation: 'relu',
      ...layerInit(options, 1, 5 * 5 * 20),
    }),
  );
  return model;
}
