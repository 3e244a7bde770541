import type { BackendReport, BrowserBackendChoice, WasmSimdVariant } from '@mnistkit/backend';

/**
 * Samples per batch: the tutorial's test loader's 1000. Fewer, larger batches keep the page's share of the work (one
 * message, one copy and one tally per batch) small beside the workers': on this project's 2-core machine 10,000
 * images took 1.8-1.9 s at 1000, 1.9-2.0 s at 512, 2.3-2.4 s at 256 and 2.8-3.0 s at 64 (headless Chromium,
 * `scripts/bench-eval.js`).
 */
export const EVALUATION_BATCH = 1000;

/** A model as plain data: what `model.save()` writes, passed to a worker by structured clone. */
export interface ModelArtifactsData {
  modelTopology: object;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
}

/** Images and labels of consecutive samples: `images` holds `count * height * width` bytes (0–255). */
export interface SampleChunk {
  images: Uint8Array;
  labels: Int32Array;
  shape: readonly [number, number];
}

/** Page → evaluation worker. */
export type EvaluationRequest =
  | { type: 'init'; backend: BrowserBackendChoice; wasmThreads: number; wasmSimd: WasmSimdVariant | 'auto' }
  | { type: 'model'; modelId: number; artifacts: ModelArtifactsData }
  | { type: 'batch'; jobId: number; batchId: number; modelId: number; chunk: SampleChunk };

/** What a worker computed for one batch: the model's outputs, `[size, classes]` row-major. */
export interface BatchOutcome {
  outputs: Float32Array;
  classes: number;
}

/** Evaluation worker → page. */
export type EvaluationReply =
  | { type: 'ready'; report: BackendReport }
  /** The model is loaded and has run once (its kernels compiled, its memory allocated): batches go at full speed. */
  | { type: 'model-ready'; modelId: number }
  | ({ type: 'batch'; jobId: number; batchId: number } & BatchOutcome)
  | { type: 'error'; jobId?: number; message: string };
