import { MNIST_CLASSES } from '@mnistkit/data';
import { type HistoryEntry, parseRunHistory, type RunHistory, type RunStatus } from '@mnistkit/training';

/** What a test run is: its epochs so far, status, newest checkpoint (relative), and the epochs asked for. */
export interface RecordParts {
  history: readonly HistoryEntry[];
  status: RunStatus;
  checkpoint: string | null;
  epochs: number;
  trainSamples: number;
  test?: { loss: number; accuracy: number };
}

/**
 * A history.json in @mnistkit/training's run format, as `pnpm train` writes it (checked with `parseRunHistory`, so
 * a test never serves a file the trainer could not have written).
 */
export function runRecord(parts: RecordParts): RunHistory {
  const now = new Date().toISOString();
  const done = parts.status === 'completed';
  const record = {
    format: 'mnistkit-history',
    version: 2,
    status: parts.status,
    settings: {
      epochs: parts.epochs,
      batchSize: 64,
      lr: 0.001,
      seed: 5,
      model: 'simple-cnn',
      dataset: 'mnist',
      valSplit: 0,
      limit: parts.trainSamples,
      testLimit: null,
      backend: 'wasm',
      threads: 1,
      shards: 1,
    },
    model: { name: 'simple-cnn', parameters: 421642 },
    dataset: {
      spec: 'mnist',
      name: 'mnist',
      classes: [...MNIST_CLASSES],
      trainSamples: parts.trainSamples,
      valSamples: 0,
      testSamples: 10000,
      fingerprint: null,
    },
    backend: 'wasm',
    gpu: false,
    threads: 1,
    backendAttempts: [{ name: 'wasm', ok: true, reason: 'computes on the CPU' }],
    history: parts.history.map((h) => ({
      epoch: h.epoch,
      trainLoss: h.trainLoss,
      trainAccuracy: h.trainAccuracy,
      valLoss: null,
      valAccuracy: null,
      seconds: h.seconds,
      samplesPerSecond: h.seconds > 0 ? parts.trainSamples / h.seconds : 0,
    })),
    test: parts.test ? { ...parts.test, seconds: 1 } : null,
    timings: {
      startedAt: now,
      updatedAt: now,
      finishedAt: done ? now : null,
      trainSeconds: parts.history.reduce((s, h) => s + h.seconds, 0),
      testSeconds: done ? 1 : null,
    },
    sessions: [
      {
        startedAt: now,
        finishedAt: done ? now : null,
        backend: 'wasm',
        threads: 1,
        firstEpoch: 1,
        lastEpoch: parts.history.length > 0 ? parts.history.length : null,
        status: parts.status,
      },
    ],
    checkpoint: parts.checkpoint,
    versions: { trainer: '0.1.0', tfjs: '4.22.0', node: process.versions.node },
  };
  return parseRunHistory(record, 'test run record');
}
