// Training throughput of SimpleCNN + Adam at batch 64 on the wasm backend: the plain single-thread step versus
// data-parallel steps on 1 and 2 replicas (main thread + worker threads), measured in one run so the ratio holds
// on a shared machine. Runs on the built packages: `pnpm --filter @mnistkit/training... build` first.
//
//   node packages/training/bench/parallel.mjs [--batches 30] [--warmup 5] [--rounds 2] [--workers 1,2] [--shards 4]
//
// --shards adds runs with that many shards per batch (replicas claim shards as they go, which evens out a thread
// slowed by other load, at the cost of smaller convolutions).
import { parseArgs } from 'node:util';
import { selectNodeBackend } from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { simpleCNN } from '@mnistkit/models';
import { createDataParallelStep, train, trainStep } from '@mnistkit/training/node';
import * as tf from '@tensorflow/tfjs-core';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    workers: { type: 'string', default: '1,2' },
    shards: { type: 'string', default: '' },
    'batch-size': { type: 'string', default: '64' },
  },
});
const batchSize = Number(values['batch-size']);
const measured = Number(values.batches);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const counts = values.workers.split(',').map(Number);
const extraShards = values.shards ? values.shards.split(',').map(Number) : [];

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
async function run(label, workers, shards) {
  const model = simpleCNN({ seed: 1 });
  const step =
    workers === 0 ? trainStep : createDataParallelStep({ model, workers, shards: shards ?? workers, backendSetup });
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

console.log(
  `SimpleCNN + Adam, batch ${batchSize}, backend ${report.name}, ${measured} timed steps after ${warmup} warm-up, ${rounds} round(s)`,
);
const configs = [
  { label: 'trainStep (single thread)', workers: 0 },
  ...counts.map((w) => ({ label: `data-parallel, ${w} replica${w > 1 ? 's' : ''}`, workers: w })),
  ...counts
    .filter((w) => w > 1)
    .flatMap((w) =>
      extraShards.map((s) => ({ label: `data-parallel, ${w} replicas/${s} shards`, workers: w, shards: s })),
    ),
];
const best = new Map();
for (let r = 1; r <= rounds; r++) {
  console.log(`round ${r}`);
  for (const c of configs) {
    const rate = await run(c.label, c.workers, c.shards);
    best.set(c.label, Math.max(best.get(c.label) ?? 0, rate));
  }
}
console.log('best of rounds:');
const base = best.get(configs[0].label);
for (const c of configs) {
  const rate = best.get(c.label);
  console.log(
    `  ${c.label.padEnd(34)} ${rate.toFixed(0).padStart(6)} samples/s  ×${(rate / base).toFixed(2)} vs single thread`,
  );
}
if (tf.memory().numTensors > 0) console.log(`(tensors left on the main thread: ${tf.memory().numTensors})`);
