export { countParameters, describeModel, formatCount } from './describe.js';
export { ModelError } from './errors.js';
export { type InitScheme, type LayerInit, layerInit, type ModelOptions } from './init.js';
export { createModel, isModelName, type ModelEntry, type ModelName, modelNames, models } from './registry.js';
export { MNIST_INPUT_SHAPE, simpleCNN, type TutorialModelOptions, tutorialModel } from './simple-cnn.js';
export { type ClassifierShape, MNIST_CLASSIFIER, validateClassifier } from './validate.js';
