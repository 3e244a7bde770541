export { countParameters, describeModel } from './describe.js';
export { ModelError } from './errors.js';
export { formatCount, formatPercent } from './format.js';
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
export {
  hasProbabilitiesHead,
  MNIST_PREPROCESSING,
  type ModelOutput,
  modelArtifacts,
  PROBABILITIES_LAYER,
  type Preprocessing,
  type SavedModelMetadata,
  type SaveModelOptions,
  withoutProbabilities,
} from './saved-model.js';
export { MNIST_INPUT_SHAPE, simpleCNN, type TutorialModelOptions, tutorialModel } from './simple-cnn.js';
export { checkTopology } from './topology-check.js';
export {
  detectTorchFormat,
  type FromTorchOptions,
  modelFromTorch,
  modelToTorch,
  readStateDict,
  type TorchFormat,
  type TorchModel,
} from './torch/convert.js';
export { TorchFileError } from './torch/errors.js';
export { detectTorchLayout, loadStateDict, TORCH_LAYOUTS, type TorchLayout, toStateDict } from './torch/layout.js';
export { type PyDict, type PyGlobal, type PyTuple, type UnpickleOptions, unpickle } from './torch/pickle.js';
export { type NamedTensor, stateDictPickle } from './torch/pickle-writer.js';
export { readPth, writePth } from './torch/pth.js';
export { readSafetensors, writeSafetensors } from './torch/safetensors.js';
export type { StateDict, TorchDtype, TorchTensor } from './torch/state-dict.js';
export { type ClassifierShape, MNIST_CLASSIFIER, validateClassifier } from './validate.js';
