export {
  type Checkpoint,
  type CheckpointStore,
  captureCheckpoint,
  type EncodedWeights,
  MemoryCheckpointStore,
  restoreCheckpoint,
} from './checkpoint.js';
export { TrainingError, type TrainingErrorKind } from './errors.js';
export { type EvaluateOptions, evaluate, evaluateBatches } from './evaluate.js';
export {
  type EvaluationResult,
  EvaluationTally,
  type Misclassified,
  outputsAreProbabilities,
  type SamplePredictions,
  type TallyOptions,
} from './evaluation-tally.js';
export { FUSED_ADAM_KERNEL, FusedAdamOptimizer, fusedAdam } from './fused-adam.js';
export { FUSED_SIMPLE_CNN_KERNEL } from './fused-gradients.js';
export type { History, HistoryEntry } from './history.js';
export { type Batch, type BatchSource, disposeBatch, disposeBatchTensors } from './loader.js';
export {
  accuracy,
  addToConfusion,
  type ConfusionMatrix,
  confusionAccuracy,
  confusionMatrix,
  emptyConfusion,
  meanLoss,
  perClassAccuracy,
} from './metrics.js';
export {
  type DataFingerprint,
  type EpochRecord,
  HISTORY_FORMAT,
  HISTORY_VERSION,
  parseRunHistory,
  RUN_BACKENDS,
  RUN_STATUSES,
  type RunHistory,
  type RunSettings,
  type RunStatus,
  runEpochs,
  type SessionRecord,
} from './run/history-file.js';
export { METRICS_FORMAT, METRICS_VERSION, parseRunMetrics, type RunMetrics } from './run/metrics-file.js';
export { DEFAULT_RUNS_ROOT, formatRunJson, LATEST_NAME, RUN_FILES } from './run/run-files.js';
export { RunFormatError } from './run/run-format-error.js';
export {
  applyGradients,
  computeGradients,
  dropoutLayers,
  mixSeeds,
  NonFiniteLossError,
  outputClasses,
  type StepGradients,
  type StepResult,
  seedDropout,
  softmaxCrossEntropy,
  type TrainStep,
  trainStep,
} from './step.js';
export { type BatchEndEvent, type EpochEndEvent, type TrainOptions, type TrainResult, train } from './train.js';
