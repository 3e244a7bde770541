// What the bench (throughput.ts) asks a measuring process (measure.ts) and what it answers.

/** What to measure: SimpleCNN training or inference samples/s, or the milliseconds per kernel of one step. */
export interface Job {
  backend: 'wasm' | 'tensorflow';
  task: 'train' | 'infer' | 'kernels';
  /** Compute threads: 1 = the main thread; more = data-parallel replicas (wasm only). */
  threads: number;
  batchSize: number;
  warmup: number;
  batches: number;
}

/** The child's answer. */
export type MeasureResult =
  | { ok: true; samplesPerSecond?: number; variant?: string; kernels?: [string, number][]; phases?: [string, number][] }
  | { ok: false; reason: string };

export const RESULT_PREFIX = '@@result ';
