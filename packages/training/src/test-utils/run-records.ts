import type { RunHistory } from '../run/history-file.js';
import type { RunMetrics } from '../run/metrics-file.js';

/** A valid completed history.json of `epochs` epochs, as the trainer writes it (version 2). */
export function sampleHistory(epochs = 2): RunHistory {
  const history = Array.from({ length: epochs }, (_, i) => ({
    epoch: i + 1,
    trainLoss: 0.5 / (i + 1),
    trainAccuracy: 0.9,
    valLoss: null,
    valAccuracy: null,
    seconds: 2,
    samplesPerSecond: 300,
  }));
  return {
    format: 'mnistkit-history',
    version: 2,
    status: 'completed',
    settings: {
      epochs,
      batchSize: 64,
      lr: 0.001,
      seed: 7,
      model: 'simple-cnn',
      dataset: 'mnist',
      valSplit: 0,
      limit: 600,
      testLimit: 200,
      backend: 'wasm',
      threads: 2,
      shards: 2,
      initFrom: null,
    },
    model: { name: 'simple-cnn', parameters: 421642 },
    dataset: {
      spec: 'mnist',
      name: 'mnist',
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      trainSamples: 600,
      valSamples: 0,
      testSamples: 200,
      fingerprint: { method: 'sha256-sampled', trainSamples: 600, testSamples: 10000, sampled: 256, sha256: 'ab' },
    },
    backend: 'wasm',
    gpu: false,
    tensorflow: null,
    threads: 2,
    backendAttempts: [{ name: 'wasm', ok: true, reason: 'computes on the CPU' }],
    history,
    test: { loss: 0.3, accuracy: 0.9, seconds: 1 },
    timings: {
      startedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:01:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
      trainSeconds: 2 * epochs,
      testSeconds: 1,
    },
    sessions: [
      {
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:01:00.000Z',
        backend: 'wasm',
        threads: 2,
        firstEpoch: 1,
        lastEpoch: epochs,
        status: 'completed',
      },
    ],
    checkpoint: `checkpoints/epoch-${String(epochs).padStart(4, '0')}-step-00000`,
    versions: { trainer: '0.1.0', tfjs: '4.22.0', node: '20.0.0' },
  };
}

/** A valid metrics.json of 3 classes and 4 test samples. */
export function sampleMetrics(): RunMetrics {
  return {
    format: 'mnistkit-metrics',
    version: 1,
    epochs: 2,
    testLoss: 0.4,
    testAccuracy: 0.75,
    correct: 3,
    total: 4,
    classes: ['a', 'b', 'c'],
    perClassAccuracy: [1, 0.5, null],
    confusionMatrix: [
      [1, 0, 0],
      [1, 2, 0],
      [0, 0, 0],
    ],
    misclassified: [{ index: 3, label: 1, predicted: 0, confidence: 0.6 }],
    backend: 'wasm',
  };
}
