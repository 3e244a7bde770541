import '@tensorflow/tfjs-backend-cpu';
import { DataLoader, encodeIdx, IdxDataset, parseIdx } from '@mnistkit/data';
import { evaluate } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { EvaluationPool, type WorkerLike } from './evaluation-pool.js';
import { modelArtifacts } from './model-artifacts.js';
import { evaluateBatch } from './workers/evaluate-batch.js';
import type { EvaluationReply, EvaluationRequest } from './workers/protocol.js';

/**
 * An in-process stand-in for the evaluation worker: the same batch code on the cpu backend, answering after
 * `delayMs` (a slow worker), through the same messages.
 */
function fakeWorker(delayMs: number, log: number[], id: number): WorkerLike {
  let net: tfl.LayersModel | undefined;
  let queue = Promise.resolve();
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate: () => net?.dispose(),
    postMessage(message: EvaluationRequest) {
      const reply = (data: EvaluationReply) => worker.onmessage?.({ data } as MessageEvent<EvaluationReply>);
      queue = queue.then(async () => {
        if (message.type === 'init') reply({ type: 'ready', report: { name: 'cpu', gpu: false, attempts: [] } });
        if (message.type === 'model') {
          const { modelTopology, weightSpecs, weightData } = message.artifacts;
          net = await tfl.loadLayersModel(
            tf.io.fromMemory({ modelTopology, weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[], weightData }),
          );
          await new Promise((r) => setTimeout(r, delayMs));
          reply({ type: 'model-ready', modelId: message.modelId });
        }
        if (message.type === 'batch' && net !== undefined) {
          await new Promise((r) => setTimeout(r, delayMs));
          log.push(id);
          const outcome = await evaluateBatch(net, message.chunk);
          reply({ type: 'batch', jobId: message.jobId, batchId: message.batchId, ...outcome });
        }
      });
    },
  };
  return worker;
}

let dataset: IdxDataset;
let model: tfl.LayersModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const n = 300;
  const pixels = new Uint8Array(n * 28 * 28);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) % 251;
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  dataset = new IdxDataset(parseIdx(encodeIdx([n, 28, 28], pixels)), parseIdx(encodeIdx([n], labels)));
  model = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [28, 28, 1] }),
      tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
    ],
  });
});

async function run(delays: number[], count = 300) {
  const log: number[] = [];
  const pool = new EvaluationPool({
    threads: delays.length,
    backend: 'cpu',
    createWorker: (() => {
      let i = 0;
      return () => fakeWorker(delays[i] ?? 0, log, i++);
    })(),
  });
  await pool.setModel(await modelArtifacts(model));
  const result = await pool.evaluate(dataset, count, { batchSize: 32 });
  pool.dispose();
  return { result, log };
}

test('setModel resolves once every worker has loaded the model, the slowest included', async () => {
  let replies = 0;
  const pool = new EvaluationPool({
    threads: 2,
    backend: 'cpu',
    createWorker: (() => {
      let i = 0;
      return () => {
        const worker = fakeWorker([0, 150][i] ?? 0, [], i++);
        // The pool sets onmessage as it makes the worker; count the workers' model-ready replies ahead of it.
        queueMicrotask(() => {
          const handler = worker.onmessage;
          worker.onmessage = (event) => {
            if (event.data.type === 'model-ready') replies++;
            handler?.(event);
          };
        });
        return worker;
      };
    })(),
  });
  await pool.ready();
  await pool.setModel(await modelArtifacts(model));
  // The second worker answers 150 ms after the first: resolving on the first reply would leave this at 1.
  expect(replies).toBe(2);
  pool.dispose();
});

test('several workers give exactly @mnistkit/training evaluate()’s result; a slow worker takes fewer batches', async () => {
  const reference = await evaluate(model, new DataLoader(dataset, { batchSize: 32 }), {
    mistakes: 40,
    keepSamples: true,
  });
  const one = await run([0]);
  const three = await run([0, 1, 25]);
  expect(three.result.threads).toBe(3);
  for (const { result } of [one, three]) {
    const { seconds: _s, backend: _b, threads: _t, ...figures } = result;
    expect(figures).toEqual(reference);
  }
  expect(three.result.total).toBe(300);
  const byWorker = [0, 1, 2].map((w) => three.log.filter((id) => id === w).length);
  expect(byWorker.reduce((a, b) => a + b)).toBe(Math.ceil(300 / 32));
  expect(byWorker[2]).toBeLessThan(byWorker[0] as number);
});

test('a count below the data set length evaluates only the first images', async () => {
  const { result } = await run([0, 0], 70);
  expect(result.total).toBe(70);
  expect(Array.from(result.samples.labels)).toEqual(Array.from({ length: 70 }, (_, i) => i % 10));
});

test('Cancel rejects at once; the pool then runs the next evaluation', async () => {
  const pool = new EvaluationPool({ threads: 2, backend: 'cpu', createWorker: () => fakeWorker(20, [], 0) });
  pool.setModel(await modelArtifacts(model));
  const controller = new AbortController();
  let done = 0;
  const running = pool.evaluate(dataset, 300, {
    batchSize: 10,
    signal: controller.signal,
    onProgress: (d) => (done = d),
  });
  await new Promise((r) => setTimeout(r, 50));
  controller.abort(new DOMException('Evaluation cancelled', 'AbortError'));
  const at = done;
  await expect(running).rejects.toThrow('Evaluation cancelled');
  expect(at).toBeLessThan(300);
  const next = await pool.evaluate(dataset, 40, { batchSize: 10 });
  expect(next.total).toBe(40);
  pool.dispose();
});

test('a worker’s error fails the run with its message', async () => {
  const broken: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate: () => {},
    postMessage(message: EvaluationRequest) {
      const reply = (data: EvaluationReply) =>
        queueMicrotask(() => broken.onmessage?.({ data } as MessageEvent<EvaluationReply>));
      if (message.type === 'init') reply({ type: 'ready', report: { name: 'cpu', gpu: false, attempts: [] } });
      if (message.type === 'batch') reply({ type: 'error', jobId: message.jobId, message: 'out of memory' });
    },
  };
  const pool = new EvaluationPool({ threads: 1, backend: 'cpu', createWorker: () => broken });
  pool.setModel(await modelArtifacts(model));
  await expect(pool.evaluate(dataset, 100)).rejects.toThrow('out of memory');
});
