export {
  type CheckpointEntry,
  FileCheckpointStore,
  type FileCheckpointStoreOptions,
} from './checkpoint-file-store.js';
export * from './index.js';
export {
  type BackendSetup,
  createDataParallelEvaluator,
  createDataParallelStep,
  DataParallelError,
  type DataParallelEvaluator,
  type DataParallelEvaluatorOptions,
  type DataParallelInference,
  type DataParallelOptions,
  type DataParallelStep,
} from './parallel/data-parallel.js';
export { shardSeed, shardSizes } from './parallel/replica.js';
