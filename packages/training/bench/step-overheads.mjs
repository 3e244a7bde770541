// The pieces of a data-parallel SimpleCNN step on wasm, each timed alone (minimum and median of many repetitions, so
// a shared, loaded machine still gives usable minima), and the step time they add up to for 1, 2 and 4 threads: how
// far data parallelism can scale, and which overhead costs what. Also an A/B of the gradient hand-off (readback into
// shared memory + the sum of shards): the previous way (each thread scales its shard's gradients while copying them,
// then sums) against today's (plain copy; the weights applied inside the sum), interleaved in this one process.
// Runs on the built packages: `pnpm --filter @mnistkit/training... build` first.
//
//   node packages/training/bench/step-overheads.mjs [--reps 60]

import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { selectNodeBackend } from '@mnistkit/backend/node';
import { DataLoader, Subset } from '@mnistkit/data';
import { loadMnist } from '@mnistkit/data/node';
import { simpleCNN } from '@mnistkit/models';
import { computeGradients, fusedAdam, seedDropout } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';
import { parameterLayout } from '../dist/parallel/layout.js';
import { applySum, readView } from '../dist/parallel/replica.js';
import { sumRange, sumShards } from '../dist/parallel/step-protocol.js';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '60' } } });
const reps = Number(values.reps);

const report = await selectNodeBackend({ backend: 'wasm' });
const model = simpleCNN({ seed: 1 });
const layout = parameterLayout(model);
const { train } = await loadMnist();
const loader = new DataLoader(
  new Subset(
    train,
    Array.from({ length: 64 }, (_, i) => i),
  ),
  { batchSize: 64 },
);
let batch;
for await (const b of loader.batches(0)) batch = b;

/**
 * CPU milliseconds this thread has run: Linux's per-thread scheduler statistics (nanoseconds on a CPU), which do not
 * grow while other processes hold the cores; elsewhere the whole process's CPU time.
 */
const SCHEDSTAT = '/proc/thread-self/schedstat';
const threadCpuMs = existsSync(SCHEDSTAT)
  ? () => Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6
  : () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };

/**
 * Milliseconds of `run` over `reps` repetitions (after 3 warm-up calls): the wall-clock minimum and median, and the
 * mean CPU time of this thread per call (on a machine loaded by other processes, the figure to read for work).
 */
function time(run, n = reps) {
  for (let i = 0; i < 3; i++) run();
  const t = [];
  const cpu0 = threadCpuMs();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    run();
    t.push(performance.now() - t0);
  }
  const cpu = threadCpuMs() - cpu0;
  t.sort((a, b) => a - b);
  return { min: t[0], median: t[Math.floor(t.length / 2)], cpu: cpu / n };
}
const fmt = (r) =>
  `${r.cpu === undefined ? '' : `${r.cpu.toFixed(3).padStart(8)} ms CPU`} ${r.min.toFixed(3).padStart(8)} ms min ${r.median.toFixed(3).padStart(8)} ms median`;

/** Forward + backward of the first `n` samples, gradients read and disposed. */
function compute(n) {
  const x = n === 64 ? batch.images : tf.slice(batch.images, 0, n);
  const y = n === 64 ? batch.labels : tf.slice(batch.labels, 0, n);
  return () => {
    seedDropout(model, 1, 1, 1);
    const { loss, correct, grads } = computeGradients(model, x, y);
    loss.dataSync();
    tf.dispose([loss, correct, ...Object.values(grads)]);
  };
}

console.log(
  `SimpleCNN, wasm (${report.name}), ${layout.total.toLocaleString('en-US')} parameters, ${reps} repetitions each`,
);
const c = { 64: time(compute(64)), 32: time(compute(32)), 16: time(compute(16)) };
for (const n of [64, 32, 16]) console.log(`  forward + backward, ${String(n).padStart(2)} samples   ${fmt(c[n])}`);

// Gradient hand-off, A/B: T shards' gradients (as wasm tensors) into shared slots, then one thread's share of the sum.
const grads = computeGradients(model, batch.images, batch.labels).grads;
const gradList = Object.values(grads);
const slots = Array.from({ length: 4 }, () => new Float32Array(new SharedArrayBuffer(layout.total * 4)));
const sum = new Float32Array(new SharedArrayBuffer(layout.total * 4));
const previous = (threads) => () => {
  const scale = 1 / threads;
  gradList.forEach((g, i) => {
    const data = readView(g);
    const off = layout.offsets[i];
    for (let k = 0; k < data.length; k++) slots[0][off + k] = data[k] * scale;
  });
  const [begin, end] = sumRange(layout.total, 0, threads);
  sum.set(slots[0].subarray(begin, end), begin);
  for (let r = 1; r < threads; r++) {
    const g = slots[r];
    for (let k = begin; k < end; k++) sum[k] = sum[k] + g[k];
  }
};
const today = (threads) => () => {
  gradList.forEach((g, i) => {
    slots[0].set(readView(g), layout.offsets[i]);
  });
  const [begin, end] = sumRange(layout.total, 0, threads);
  sumShards(
    (_p, s) => slots[s],
    0,
    Array.from({ length: threads }, () => 1 / threads),
    sum,
    begin,
    end,
  );
};
const handoff = {};
for (const threads of [2, 4]) {
  // Interleaved: previous, today, previous, today...
  const a = [];
  const b = [];
  for (let round = 0; round < 4; round++) {
    a.push(time(previous(threads), Math.ceil(reps / 4)));
    b.push(time(today(threads), Math.ceil(reps / 4)));
  }
  const best = (rs) => ({
    min: Math.min(...rs.map((r) => r.min)),
    median: rs.map((r) => r.median).sort((x, y) => x - y)[2],
    cpu: rs.reduce((t, r) => t + r.cpu, 0) / rs.length,
  });
  handoff[threads] = { previous: best(a), today: best(b) };
  console.log(`  gradient hand-off, ${threads} threads, previous  ${fmt(handoff[threads].previous)}`);
  console.log(`  gradient hand-off, ${threads} threads, today     ${fmt(handoff[threads].today)}`);
}

// The summed gradients into tensors and one (fused) Adam step: every thread does this.
const optimizer = fusedAdam(0.001);
const apply = time(() => applySum(optimizer, sum, layout));
console.log(`  summed gradients → tensors + Adam      ${fmt(apply)}`);
// The next batch from a shuffled DataLoader over the training set (gather, transform, tensors), as train() takes it.
const raws = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 1 }).rawBatches(0);
const load = time(() => {
  const raw = raws.next().value;
  tf.dispose([tf.tensor4d(raw.images, [raw.size, 28, 28, 1]), tf.tensor1d(raw.labels, 'int32')]);
});
console.log(`  next batch from the DataLoader (main)  ${fmt(load)}`);
const area = new Float32Array(new SharedArrayBuffer(64 * 784 * 4));
const copy = time(() => area.set(batch.images.dataSync()));
console.log(`  batch into shared memory (main)        ${fmt(copy)}`);

// Wake-up: the main thread notifies a word a worker sleeps on; the worker answers on another (round trip / 2).
const words = new Int32Array(new SharedArrayBuffer(8));
const worker = new Worker(
  `const { workerData: w } = require('node:worker_threads');
   for (let i = 1; ; i++) { Atomics.wait(w, 0, i - 1); if (Atomics.load(w, 0) < 0) break; Atomics.store(w, 1, i); Atomics.notify(w, 1); }`,
  { eval: true, workerData: words },
);
let round = 0;
const wake = time(() => {
  round++;
  Atomics.store(words, 0, round);
  Atomics.notify(words, 0);
  while (Atomics.load(words, 1) !== round) Atomics.wait(words, 1, round - 1, 100);
}, reps * 10);
Atomics.store(words, 0, -1);
Atomics.notify(words, 0);
await worker.terminate();
const wakeOne = { min: wake.min / 2, median: wake.median / 2 };
// A wake-up is scheduling latency, not work: only its wall-clock figures mean anything.
console.log(`  wake-up of a sleeping thread (wall)    ${fmt(wakeOne)}`);

// The step these add up to: one thread runs the whole batch and applies; T threads each run 64/T samples, hand off
// and sum, meet twice (each barrier costs about one wake-up), and apply; the main thread also copies the batch and
// wakes the workers first. Work is charged at its CPU time, wake-ups at their median wall time.
const single = c[64].cpu + apply.cpu;
console.log('\nstep time these add up to (no skew between threads, no loader, each thread on its own core):');
console.log(`  1 thread (trainStep)   ${single.toFixed(2)} ms  ×1.00`);
for (const threads of [2, 4]) {
  const parts = {
    'batch copy': copy.cpu,
    'wake-up': wakeOne.median,
    [`forward + backward of ${64 / threads}`]: c[64 / threads].cpu,
    'hand-off + sum': handoff[threads].today.cpu,
    'barriers (2 wake-ups)': 2 * wakeOne.median,
    'tensors + Adam': apply.cpu,
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  const detail = Object.entries(parts)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');
  console.log(`  ${threads} threads              ${total.toFixed(2)} ms  ×${(single / total).toFixed(2)}  (${detail})`);
}
tf.dispose([batch.images, batch.labels, ...gradList]);
optimizer.dispose();
model.dispose();
