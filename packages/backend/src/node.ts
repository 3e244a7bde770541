import './register-kernels.js';

export * from './index.js';
export {
  type NodeBackendChoice,
  type NodeBackendReport,
  type NodeImporters,
  nodeCandidates,
  type SelectNodeBackendOptions,
  selectNodeBackend,
} from './select-node-backend.js';
export {
  describeTensorflow,
  type TensorflowInfo,
  type TfjsNodePackageName,
  tensorflowInfo,
} from './tensorflow-info.js';
export { type TfjsNodeBindingStatus, tfjsNodeBindingStatus } from './tfjs-node-binding.js';
