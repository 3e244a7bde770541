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
