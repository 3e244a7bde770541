import type { BackendReport, BrowserBackendChoice, WasmSimdVariant } from '@mnistkit/backend';

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
  | ({ type: 'batch'; jobId: number; batchId: number } & BatchOutcome)
  | { type: 'error'; jobId?: number; message: string };
