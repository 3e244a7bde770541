export {
  type CheckpointEntry,
  FileCheckpointStore,
  type FileCheckpointStoreOptions,
} from './checkpoint-file-store.js';
export * from './index.js';
export type { BackendSetup } from './parallel/backend-setup.js';
export {
  createDataParallelEvaluator,
  createDataParallelStep,
  type DataParallelEvaluator,
  type DataParallelEvaluatorOptions,
  type DataParallelInference,
  type DataParallelOptions,
  type DataParallelStep,
} from './parallel/data-parallel.js';
export { DataParallelError } from './parallel/pool.js';
export { shardSeed, shardSizes } from './parallel/step-protocol.js';
export { type LatestPointer, readLatest, readLatestPointer, resolveRunDirectory, updateLatest } from './run/latest.js';
export {
  lockRunDirectory,
  readJsonFile,
  readRunHistory,
  readRunMetrics,
  writeRunHistory,
} from './run/run-directory.js';
