// Training and inference throughput of SimpleCNN at batch 64 on each backend this machine has, and
// at batch 32 on wasm (what each thread of @mnistkit/training's data-parallel step runs).
// Run from the repository root: `pnpm bench` (builds, then runs this file). Figures are noisy on a
// shared machine; compare the ratios printed, which come from one run.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { fastPathKernelNames, registerMnistkitKernels, restoreStockKernels } from '../dist/index.js';
import { selectNodeBackend } from '../dist/node.js';

const BATCH = 64;
// Per-thread batch of the two-thread data-parallel step at batch 64.
const HALF = BATCH / 2;
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');

function simpleCNN() {
  let seed = 1;
  const init = () => tfl.initializers.glorotUniform({ seed: seed++ });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 32,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init() }),
      tfl.layers.dropout({ rate: 0.5, seed: 7 }),
      tfl.layers.dense({ units: 10, kernelInitializer: init() }),
    ],
  });
}

function batch(size) {
  return tf.tidy(() => ({
    x: tf.randomUniform([size, 28, 28, 1], -1, 1, 'float32', 3),
    y: tf.oneHot(tf.randomUniform([size], 0, 10, 'int32', 4), 10),
  }));
}

function trainStep(model, optimizer, x, y) {
  const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })), true);
  loss.dataSync();
  loss.dispose();
}

function inferStep(model, x) {
  const out = tf.tidy(() => model.apply(x, { training: false }));
  out.dataSync();
  out.dispose();
}

async function measure(label, backend, { warmup, steps, inferSteps, profile = false, size = BATCH }) {
  await tf.setBackend(backend);
  const model = simpleCNN();
  const optimizer = tf.train.adam(1e-3);
  const { x, y } = batch(size);
  for (let i = 0; i < warmup; i++) trainStep(model, optimizer, x, y);
  let t0 = performance.now();
  for (let i = 0; i < steps; i++) trainStep(model, optimizer, x, y);
  const trainMs = (performance.now() - t0) / steps;
  for (let i = 0; i < Math.min(warmup, 2); i++) inferStep(model, x);
  t0 = performance.now();
  for (let i = 0; i < inferSteps; i++) inferStep(model, x);
  const inferMs = (performance.now() - t0) / inferSteps;
  let kernels;
  if (profile) {
    const info = await tf.profile(() => trainStep(model, optimizer, x, y));
    const byName = new Map();
    for (const k of info.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + Number(k.kernelTimeMs));
    kernels = [...byName].sort((a, b) => b[1] - a[1]);
  }
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  const row = {
    label,
    size,
    trainMs,
    inferMs,
    train: (size * 1000) / trainMs,
    infer: (size * 1000) / inferMs,
    kernels,
  };
  console.log(
    `${label.padEnd(40)} train ${row.train.toFixed(0).padStart(6)} samples/s (${trainMs.toFixed(1)} ms/step)   ` +
      `infer ${row.infer.toFixed(0).padStart(6)} samples/s (${inferMs.toFixed(1)} ms/batch)`,
  );
  return row;
}

const report = await selectNodeBackend({ log: (line) => console.log(line) });
console.log(`selected: ${report.name}; batch ${BATCH} (and ${HALF}); ${quick ? 'quick run' : 'full run'}\n`);

const rows = [];
const steps = quick ? 5 : 20;
rows.push(
  await measure('wasm, mnistkit (fast path)', 'wasm', { warmup: 3, steps, inferSteps: steps * 2, profile: true }),
);
const half = await measure(`wasm, mnistkit (fast path), batch ${HALF}`, 'wasm', {
  warmup: 3,
  steps: steps * 2,
  inferSteps: steps * 4,
  profile: true,
  size: HALF,
});
restoreStockKernels(fastPathKernelNames);
rows.push(
  await measure('wasm, mnistkit (correctness only)', 'wasm', { warmup: 1, steps: quick ? 2 : 5, inferSteps: 10 }),
);
registerMnistkitKernels();
rows.push(await measure('cpu, mnistkit filter gradient', 'cpu', { warmup: 1, steps: quick ? 1 : 3, inferSteps: 3 }));
if (!args.has('--no-stock-cpu')) {
  restoreStockKernels(['cpu/Conv2DBackpropFilter']);
  rows.push(await measure('cpu, stock', 'cpu', { warmup: 0, steps: 1, inferSteps: 2 }));
  registerMnistkitKernels();
}

const fast = rows[0];
console.log(`\nms per training step by kernel, wasm fast path (one profiled step), batch ${BATCH} | batch ${HALF}:`);
const halfMs = new Map(half.kernels);
for (const [name, ms] of fast.kernels.slice(0, 15)) {
  console.log(`  ${name.padEnd(26)} ${ms.toFixed(2).padStart(8)} | ${(halfMs.get(name) ?? 0).toFixed(2).padStart(8)}`);
}
console.log('\nratios (within this run):');
for (const r of rows.slice(1)) {
  console.log(
    `  wasm fast / ${r.label.padEnd(40)} train x${(fast.train / r.train).toFixed(2)}, infer x${(fast.infer / r.infer).toFixed(2)}`,
  );
}
console.log(
  `  batch ${HALF} per thread: ${half.trainMs.toFixed(1)} ms/step; two threads at that speed: ` +
    `~${((2 * half.size * 1000) / half.trainMs).toFixed(0)} training samples/s at batch ${BATCH} ` +
    `(bar 1,500: ${((2 * half.size * 1000) / half.trainMs / 1500).toFixed(2)}), before the data-parallel overhead`,
);
console.log(
  `  wasm fast vs bar (1,500 / 6,500):   train ${(fast.train / 1500).toFixed(2)}, infer ${(fast.infer / 6500).toFixed(2)}` +
    `   vs PyTorch (4,200 / 11,800): train ${(fast.train / 4200).toFixed(2)}, infer ${(fast.infer / 11800).toFixed(2)}`,
);
