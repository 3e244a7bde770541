export * from './index.js';
export { loadModel } from './node/load-model.js';
export {
  hasModel,
  MODEL_JSON,
  type ModelFiles,
  modelFiles,
  type SavedModelInfo,
  saveModel,
  WEIGHTS_BIN,
  writeDirectoryAtomic,
} from './node/save-model.js';
export { loadTorchModel, readTorchFile, saveTorchModel, TORCH_FILES, torchFiles } from './node/torch-files.js';
