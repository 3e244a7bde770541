import type { BackendReport, BrowserBackendChoice, WasmSimdVariant } from '@mnistkit/backend';
import type { HistoryEntry } from '@mnistkit/training';
import type { ModelArtifactsData } from './protocol.js';

/** The tutorial's recipe, as the Train view sets it. */
export interface TrainSettings {
  /** A classifier of @mnistkit/models' registry (`simpleCNN`). */
  model: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Train on the first `limit` training images (all when undefined). */
  limit?: number;
  /** Evaluate on the first `testLimit` test images at the end (all when undefined). */
  testLimit?: number;
}

/** IDX bytes (plain or gzip) of a training set and a test set: fetched from the build, or picked files. */
export interface TrainData {
  train: { images: ArrayBuffer; labels: ArrayBuffer; source: string };
  test: { images: ArrayBuffer; labels: ArrayBuffer; source: string };
}

/** Page → training worker. */
export type TrainingRequest =
  | {
      type: 'start';
      backend: BrowserBackendChoice;
      /** Build of mnistkit's wasm kernels (see `chooseWasmBuild`). */
      wasmSimd: WasmSimdVariant | 'auto';
      settings: TrainSettings;
      data: TrainData;
    }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

/** How the training goes, a few times a second. */
export interface TrainProgress {
  epoch: number;
  epochs: number;
  /** Samples done in this epoch, of `samples`. */
  done: number;
  samples: number;
  runningLoss: number;
  runningAccuracy: number;
  samplesPerSecond: number;
}

/** What a finished (or stopped) training gives: the history, the test result, the model. */
export interface TrainOutcome {
  status: 'completed' | 'interrupted';
  history: HistoryEntry[];
  test: { accuracy: number; loss: number; correct: number; total: number };
  artifacts: ModelArtifactsData;
  seconds: number;
}

/** Training worker → page. */
export type TrainingReply =
  | { type: 'ready'; report: BackendReport; trainSamples: number; wasmSimd: WasmSimdVariant }
  | ({ type: 'progress' } & TrainProgress)
  | { type: 'epoch'; history: HistoryEntry[] }
  | { type: 'testing' }
  | ({ type: 'done' } & TrainOutcome)
  | { type: 'error'; message: string };
