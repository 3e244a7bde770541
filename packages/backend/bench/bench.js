// A/B of @mnistkit/backend's kernels in one process, interleaved round by round so load from other processes hits
// every configuration alike: SimpleCNN training and inference at batch 64 and 32 (what each thread of the two-thread
// data-parallel step runs) on wasm with mnistkit's kernels on each build of its module (relaxed SIMD, plain SIMD,
// none: the kernels' JS loops and XNNPACK), with only the correctness fixes, and on cpu. Reports process CPU
// milliseconds per step (robust on a shared machine) beside wall time. The cross-library figures (tfjs-node, PyTorch)
// come from `pnpm bench` (apps/bench).
//
//   pnpm --filter @mnistkit/backend build && node [--experimental-wasm-relaxed-simd] packages/backend/bench/bench.js
//     [--rounds 3] [--steps 8] [--only relaxed-simd,simd,none,fixes,cpu]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  fastPathKernelNames,
  registerMnistkitKernels,
  restoreStockKernels,
  setWasmSimdVariant,
} from '../dist/index.js';
import { selectNodeBackend } from '../dist/node.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '8' },
    only: { type: 'string', default: 'relaxed-simd,simd,none,fixes,cpu' },
  },
});
const rounds = Number(values.rounds);
const steps = Number(values.steps);

function simpleCNN() {
  let seed = 1;
  const init = () => tfl.initializers.glorotUniform({ seed: seed++ });
  const conv = (filters, extra = {}) =>
    tfl.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(),
      ...extra,
    });
  return tfl.sequential({
    layers: [
      conv(32, { inputShape: [28, 28, 1] }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      conv(64),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init() }),
      tfl.layers.dropout({ rate: 0.5, seed: 7 }),
      tfl.layers.dense({ units: 10, kernelInitializer: init() }),
    ],
  });
}

/** The configurations: which backend, which kernels, which module build. */
const configs = [
  {
    name: 'relaxed-simd',
    label: 'wasm, mnistkit kernels, relaxed-SIMD module',
    backend: 'wasm',
    variant: 'relaxed-simd',
  },
  { name: 'simd', label: 'wasm, mnistkit kernels, SIMD module', backend: 'wasm', variant: 'simd' },
  { name: 'none', label: 'wasm, mnistkit kernels, no module (JS/XNNPACK)', backend: 'wasm', variant: 'none' },
  {
    name: 'fixes',
    label: 'wasm, correctness fixes only',
    backend: 'wasm',
    variant: 'auto',
    stock: fastPathKernelNames,
  },
  { name: 'cpu', label: 'cpu, mnistkit filter gradient', backend: 'cpu', variant: 'auto', batches: [32] },
].filter((c) => values.only.split(',').includes(c.name));

await selectNodeBackend({ backend: 'wasm' });
const results = new Map();

/** CPU and wall ms per training step and per inference batch of a fresh model, after two warm-up steps. */
async function measure(config, size) {
  await tf.setBackend(config.backend);
  if (config.backend === 'wasm') setWasmSimdVariant(config.variant);
  if (config.stock) restoreStockKernels(config.stock);
  const model = simpleCNN();
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomUniform([size, 28, 28, 1], -1, 1, 'float32', 3);
  const y = tf.oneHot(tf.randomUniform([size], 0, 10, 'int32', 4), 10);
  const trainStep = () =>
    optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })), true).dispose();
  const inferStep = () => tf.tidy(() => model.apply(x, { training: false }).dataSync());
  const time = (f, n) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    const c = process.cpuUsage(c0);
    return { cpu: (c.user + c.system) / 1000 / n, wall: (performance.now() - t0) / n };
  };
  const n = config.backend === 'cpu' ? 1 : steps;
  time(trainStep, config.backend === 'cpu' ? 1 : 2);
  const train = time(trainStep, n);
  const infer = time(inferStep, n);
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  if (config.stock) registerMnistkitKernels();
  if (config.backend === 'wasm') setWasmSimdVariant('auto');
  return { train, infer };
}

for (let r = 1; r <= rounds; r++) {
  for (const config of configs) {
    for (const size of config.batches ?? [64, 32]) {
      const m = await measure(config, size);
      const key = `${config.label}, batch ${size}`;
      const best = results.get(key);
      results.set(key, {
        trainCpu: Math.min(best?.trainCpu ?? Number.POSITIVE_INFINITY, m.train.cpu),
        trainWall: Math.min(best?.trainWall ?? Number.POSITIVE_INFINITY, m.train.wall),
        inferCpu: Math.min(best?.inferCpu ?? Number.POSITIVE_INFINITY, m.infer.cpu),
        inferWall: Math.min(best?.inferWall ?? Number.POSITIVE_INFINITY, m.infer.wall),
      });
    }
  }
  console.log(`round ${r} of ${rounds} done`);
}
console.log(
  `\nSimpleCNN + Adam 1e-3, best of ${rounds} rounds, ms per training step | per inference batch (CPU / wall):`,
);
for (const [key, m] of results) {
  const f = (a, b) => `${a.toFixed(1).padStart(7)} / ${b.toFixed(1).padStart(7)}`;
  console.log(`  ${key.padEnd(58)} ${f(m.trainCpu, m.trainWall)} | ${f(m.inferCpu, m.inferWall)}`);
}
