// Training throughput of SimpleCNN + Adam at batch 64 on the wasm backend: the plain single-thread step versus
// data-parallel steps on 1 and 2 threads (main thread + worker threads), measured in one run so the ratio holds
// on a shared machine; then inference throughput (outputs of a batch) the same way: the model on the main thread
// versus a data-parallel evaluator's predict(). Runs on the built packages:
// `pnpm --filter @mnistkit/training... build` first.
//
//   node packages/training/bench/parallel.mjs [--batches 30] [--warmup 5] [--rounds 2] [--threads 1,2] [--shards 4]
//     [--inference-batches 100] [--only training|inference] [--profile]
//
// --profile prints, when each data-parallel run ends, the ms per call each thread spent in each phase (batch copy,
// forward/backward, gradient readback, barrier wait, sum, apply, ...); it sets MNISTKIT_PARALLEL_PROFILE=1.
//
// Inference is measured two ways: evaluate() over a test loader (whole batches spread over the threads, the way the
// trainer evaluates) and predict() of one batch at a time (each batch split into shards).
//
// --threads was --workers (still accepted). --shards adds runs with that many shards per batch (threads claim
// shards as they go, which evens out a thread
// slowed by other load, at the cost of smaller convolutions).
import { parseArgs } from 'node:util';
import { selectNodeBackend } from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { simpleCNN } from '@mnistkit/models';
import {
  createDataParallelEvaluator,
  createDataParallelStep,
  evaluate,
  train,
  trainStep,
} from '@mnistkit/training/node';
import * as tf from '@tensorflow/tfjs-core';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    threads: { type: 'string', default: '1,2' },
    workers: { type: 'string' },
    shards: { type: 'string', default: '' },
    'batch-size': { type: 'string', default: '64' },
    'inference-batches': { type: 'string', default: '100' },
    only: { type: 'string', default: '' },
    profile: { type: 'boolean', default: false },
  },
});
if (values.profile) process.env.MNISTKIT_PARALLEL_PROFILE = '1';
const batchSize = Number(values['batch-size']);
const measured = Number(values.batches);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const counts = (values.workers ?? values.threads).split(',').map(Number);
const extraShards = values.shards ? values.shards.split(',').map(Number) : [];
const inferenceBatches = Number(values['inference-batches']);
const only = values.only;

const report = await selectNodeBackend({ backend: 'wasm' });
const backendSetup = {
  module: import.meta.resolve('@mnistkit/backend/node'),
  export: 'selectNodeBackend',
  options: { backend: 'wasm' },
};
const { train: trainSet } = await loadMnist();
const n = (warmup + measured) * batchSize;
const loader = new DataLoader(
  new Subset(
    trainSet,
    Array.from({ length: n }, (_, i) => i),
  ),
  {
    batchSize,
    shuffle: true,
    seed: 1,
    dropLast: true,
  },
);

/** Samples per second over the batches after the warm-up. */
async function run(label, threads, shards) {
  const model = simpleCNN({ seed: 1 });
  const step =
    threads === 0 ? trainStep : createDataParallelStep({ model, threads, shards: shards ?? threads, backendSetup });
  try {
    if (step.ready) await step.ready();
    let t0 = 0;
    let lastLoss = 0;
    const result = await train(model, loader, {
      epochs: 1,
      seed: 1,
      step,
      onBatchEnd: (e) => {
        if (e.batch === warmup) t0 = performance.now();
        lastLoss = e.loss;
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const rate = (measured * batchSize) / seconds;
    console.log(
      `  ${label.padEnd(34)} ${rate.toFixed(0).padStart(6)} samples/s  (${((seconds / measured) * 1000).toFixed(1)} ms/step, loss ${lastLoss.toFixed(3)}, ${result.status})`,
    );
    return rate;
  } finally {
    await step.dispose?.();
    model.dispose();
  }
}

/** Prints each config's best rate over the rounds and its ratio to the first config. */
function summary(configs, best, what) {
  console.log('best of rounds:');
  const base = best.get(configs[0].label);
  for (const c of configs) {
    const rate = best.get(c.label);
    console.log(
      `  ${c.label.padEnd(40)} ${rate.toFixed(0).padStart(6)} samples/s  ×${(rate / base).toFixed(2)} vs ${what}`,
    );
  }
}

if (only !== 'inference') await trainingBench();
if (only !== 'training') await inferenceBench();
if (tf.memory().numTensors > 0) console.log(`(tensors left on the main thread: ${tf.memory().numTensors})`);

async function trainingBench() {
  console.log(
    `SimpleCNN + Adam, batch ${batchSize}, backend ${report.name}, ${measured} timed steps after ${warmup} warm-up, ${rounds} round(s)`,
  );
  const configs = [
    { label: 'trainStep (single thread)', threads: 0 },
    ...counts.map((w) => ({ label: `data-parallel, ${w} thread${w > 1 ? 's' : ''}`, threads: w })),
    ...counts
      .filter((w) => w > 1)
      .flatMap((w) =>
        extraShards.map((s) => ({ label: `data-parallel, ${w} threads/${s} shards`, threads: w, shards: s })),
      ),
  ];
  const best = new Map();
  for (let r = 1; r <= rounds; r++) {
    console.log(`round ${r}`);
    for (const c of configs) {
      const rate = await run(c.label, c.threads, c.shards);
      best.set(c.label, Math.max(best.get(c.label) ?? 0, rate));
    }
  }
  summary(configs, best, 'single thread');
}

/**
 * Inference samples per second at the loader's batch size, after `warmup` batches: `evaluate` runs the test loader
 * through evaluate() (threads 0: on the main thread) or a data-parallel evaluator's evaluate() (whole batches spread
 * over the threads); `predict` runs the same batches one by one through predict() (each batch split over them).
 */
async function inferenceRun(label, kind, threads, loader, images, shards) {
  const model = simpleCNN({ seed: 1 });
  const evaluator =
    threads === 0
      ? undefined
      : createDataParallelEvaluator({ model, threads, shards: shards ?? threads, backendSetup });
  try {
    await evaluator?.ready();
    let t0 = 0;
    if (kind === 'evaluate') {
      const run = evaluator ? (l) => evaluator.evaluate(model, l) : (l) => evaluate(model, l);
      await run(loader.warmup);
      t0 = performance.now();
      await run(loader.timed);
    } else {
      const predict = evaluator
        ? (x) => evaluator.predict(x)
        : async (x) => tf.tidy(() => model.apply(x, { training: false }));
      for (let i = 0; i < warmup + inferenceBatches; i++) {
        if (i === warmup) t0 = performance.now();
        const logits = await predict(images[i % images.length]);
        await logits.data();
        logits.dispose();
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const rate = (inferenceBatches * batchSize) / seconds;
    console.log(
      `  ${label.padEnd(40)} ${rate.toFixed(0).padStart(6)} samples/s  (${((seconds / inferenceBatches) * 1000).toFixed(1)} ms/batch)`,
    );
    return rate;
  } finally {
    await evaluator?.dispose();
    model.dispose();
  }
}

async function inferenceBench() {
  const { test: testSet } = await loadMnist();
  const subset = (n) =>
    new Subset(
      testSet,
      Array.from({ length: n }, (_, i) => i),
    );
  const loader = {
    warmup: new DataLoader(subset(warmup * batchSize), { batchSize, dropLast: true }),
    timed: new DataLoader(subset(inferenceBatches * batchSize), { batchSize, dropLast: true }),
  };
  const images = [];
  for await (const b of new DataLoader(subset(16 * batchSize), { batchSize }).batches(0)) {
    images.push(b.images);
    b.labels.dispose();
  }
  console.log(
    `SimpleCNN inference, batch ${batchSize}, backend ${report.name}, ${inferenceBatches} timed batches after ${warmup} warm-up, ${rounds} round(s)`,
  );
  const threadsLabel = (w) => `${w} thread${w > 1 ? 's' : ''}`;
  for (const kind of ['evaluate', 'predict']) {
    const configs = [
      { label: `${kind}, main thread`, threads: 0 },
      ...counts.map((w) => ({ label: `${kind}, data-parallel, ${threadsLabel(w)}`, threads: w })),
      ...(kind === 'predict'
        ? counts
            .filter((w) => w > 1)
            .flatMap((w) =>
              extraShards.map((s) => ({ label: `predict, ${w} threads/${s} shards`, threads: w, shards: s })),
            )
        : []),
    ];
    const best = new Map();
    for (let r = 1; r <= rounds; r++) {
      console.log(`${kind}: round ${r}`);
      for (const c of configs) {
        const rate = await inferenceRun(c.label, kind, c.threads, loader, images, c.shards);
        best.set(c.label, Math.max(best.get(c.label) ?? 0, rate));
      }
    }
    summary(configs, best, 'main thread');
  }
  tf.dispose(images);
}
