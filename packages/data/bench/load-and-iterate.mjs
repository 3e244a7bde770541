// Times loading MNIST and iterating one shuffled epoch (batch 64) with tensors created and disposed.
// Run from packages/data: npx tsc -p tsconfig.build.json && node bench/load-and-iterate.mjs [epochs=3]
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { DataLoader, disposeBatch } from '../dist/index.js';
import { loadMnist } from '../dist/node.js';

const epochs = Number(process.argv[2] ?? 3);
await tf.setBackend('cpu');

let t = performance.now();
const { train, test } = await loadMnist();
const loadMs = performance.now() - t;
console.log(`load MNIST (${train.length} train + ${test.length} test): ${loadMs.toFixed(0)} ms`);

const loader = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 0 });
const before = tf.memory().numTensors;
for (let epoch = 0; epoch < epochs; epoch++) {
  t = performance.now();
  let samples = 0;
  for await (const batch of loader.batches(epoch)) {
    samples += batch.size;
    disposeBatch(batch);
  }
  const ms = performance.now() - t;
  console.log(
    `epoch ${epoch}: ${loader.length} batches of 64 (${samples} samples), tensors: ${ms.toFixed(0)} ms, ` +
      `${((ms / loader.length) * 1000).toFixed(0)} µs/batch`,
  );
}

t = performance.now();
let n = 0;
for (const raw of loader.rawBatches(epochs)) n += raw.size;
const rawMs = performance.now() - t;
console.log(
  `rawBatches epoch (${n} samples, typed arrays only): ${rawMs.toFixed(0)} ms, ${((rawMs / loader.length) * 1000).toFixed(0)} µs/batch`,
);
console.log(`tensors before/after: ${before}/${tf.memory().numTensors}`);
