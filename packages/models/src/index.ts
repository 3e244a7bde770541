export { countParameters, describeModel, formatCount } from './describe.js';
export { ModelError } from './errors.js';
export { type InitScheme, type LayerInit, layerInit, type ModelOptions } from './init.js';
export {
  type CheckedModel,
  type LoadCheckedOptions,
  loadCheckedModel,
  type WeightFileSource,
} from './load-checked-model.js';
export {
  checkWeightPath,
  groupByteLengths,
  type ModelJson,
  parseModelJson,
  type WeightsGroup,
  weightUrl,
} from './model-json.js';
export { createModel, isModelName, type ModelEntry, type ModelName, modelNames, models } from './registry.js';
export { MNIST_INPUT_SHAPE, simpleCNN, type TutorialModelOptions, tutorialModel } from './simple-cnn.js';
export { checkTopology } from './topology-check.js';
export { type ClassifierShape, MNIST_CLASSIFIER, validateClassifier } from './validate.js';
