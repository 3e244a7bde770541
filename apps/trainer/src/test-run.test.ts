import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLoader, encodeIdx, IdxDataset } from '@mnistkit/data';
import { simpleCNN } from '@mnistkit/models';
import { loadModel } from '@mnistkit/models/node';
import { evaluate, type RunHistory } from '@mnistkit/training';
import { readRunHistory } from '@mnistkit/training/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChosenBackend } from './backend.js';
import { fingerprintData } from './data-fingerprint.js';
import type { RunData } from './dataset.js';
import { saveRun } from './save-run.js';
import { settingsForNewRun } from './settings.js';
import { testRun } from './test-run.js';

function dataset(count: number): IdxDataset {
  const pixels = new Uint8Array(count * 784).map((_, i) => (i * 37) % 256);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return IdxDataset.fromBytes(encodeIdx([count, 28, 28], pixels), encodeIdx([count], labels));
}

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'mnistkit-test-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('testRun and saveRun', () => {
  it('tests the model as evaluate() does, then saves the model, metrics.json and the charts', async () => {
    const model = simpleCNN({ seed: 2 });
    const test = dataset(30);
    const data: RunData = {
      spec: 'x',
      name: 'x',
      train: test,
      val: null,
      test,
      classes: ['a', 'b', 'c'],
      fingerprint: fingerprintData(test, test),
    };
    const settings = settingsForNewRun({ batchSize: 8 }, 1);
    const outcome = await testRun({ model, data, settings, parallel: undefined });
    const reference = await evaluate(model, new DataLoader(test, { batchSize: 256 }));
    // The test pass also keeps the gallery's mistakes and samples; its figures are evaluate()'s.
    const { mistakes, samples, ...figures } = outcome.result;
    expect(figures).toEqual(reference);
    expect(mistakes).toBeDefined();
    expect(samples?.labels.length).toBe(30);
    expect(outcome.shown.length).toBe(Math.min(32, reference.total - reference.correct));
    for (const p of outcome.shown) expect(p.predicted).not.toBe(p.label);

    const backend = { name: 'cpu' } as ChosenBackend;
    const epoch = {
      epoch: 1,
      trainLoss: 2,
      trainAccuracy: 0.1,
      valLoss: null,
      valAccuracy: null,
      seconds: 1,
      samplesPerSecond: 30,
    };
    const history: RunHistory = {
      format: 'mnistkit-history',
      version: 2,
      status: 'completed',
      settings: { ...settings, epochs: 1 },
      model: { name: 'simple-cnn', parameters: model.countParams() },
      dataset: {
        spec: 'x',
        name: 'x',
        classes: ['a', 'b', 'c'],
        trainSamples: 30,
        valSamples: 0,
        testSamples: 30,
        fingerprint: data.fingerprint,
      },
      backend: 'cpu',
      gpu: false,
      tensorflow: null,
      threads: 1,
      backendAttempts: [],
      history: [epoch],
      test: { loss: outcome.result.loss, accuracy: outcome.result.accuracy, seconds: outcome.seconds },
      timings: { startedAt: 'a', updatedAt: 'b', finishedAt: 'b', trainSeconds: 1, testSeconds: outcome.seconds },
      sessions: [],
      checkpoint: null,
      versions: { trainer: '0', tfjs: '4.22.0', node: process.versions.node },
    };
    const { metrics, charts } = await saveRun({ model, runDir: dir, data, backend }, outcome, history, {
      modelName: 'simpleCNN',
    });
    expect(await readRunHistory(dir)).toEqual(history);
    expect(metrics).toMatchObject({ epochs: 1, total: 30, correct: reference.correct, backend: 'cpu' });
    // Three named classes; the model's other outputs are named by index, so the matrix stays 10 x 10.
    expect(metrics.classes).toEqual(['a', 'b', 'c', '3', '4', '5', '6', '7', '8', '9']);
    expect(JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8'))).toEqual(metrics);
    expect((await readdir(dir)).sort()).toEqual(
      [
        'confusion.png',
        'confusion.svg',
        'curves.png',
        'curves.svg',
        'history.json',
        'metrics.csv',
        'metrics.json',
        'misclassified.png',
        'model',
        'model.pth',
        'model.safetensors',
      ].sort(),
    );
    // The charts come back for TensorBoard's images: the same bytes as the files.
    expect(Buffer.from(charts['confusion.png'] as Uint8Array)).toEqual(await readFile(join(dir, 'confusion.png')));
    expect((await readFile(join(dir, 'metrics.csv'), 'utf8')).split('\n')).toHaveLength(3);
    const reloaded = await loadModel(join(dir, 'model'));
    expect(reloaded.countParams()).toBe(model.countParams());
    reloaded.dispose();

    // --no-save: everything but the model and its PyTorch copies.
    const noSave = join(dir, 'no-save');
    await saveRun({ model, runDir: noSave, data, backend }, outcome, history, { modelName: 'simpleCNN', noSave: true });
    const written = await readdir(noSave);
    expect(written).toContain('metrics.csv');
    expect(written.filter((f) => f.startsWith('model'))).toEqual([]);
    model.dispose();
  });
});
