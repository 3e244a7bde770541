// A/B of one training step in one process, rounds interleaved so load from other processes hits both alike:
// trainStep (computeGradients + fusedAdam) on the layers' path with the plain SIMD module ("before": the kernels
// as they were before the fused SimpleCNN kernel and the relaxed-SIMD build, but for the one-channel conv kernel)
// against the fused kernel on the relaxed-SIMD build ("after"). Prints process CPU ms (robust on a shared machine)
// and wall ms per step. After `pnpm --filter @mnistkit/bench... build`:
//   node --experimental-wasm-relaxed-simd apps/bench/scripts/ab-step.mjs [batch 32] [rounds 8] [steps 8]
// (Node 22: without the flag.)
import {
  registerMnistkitKernels,
  restoreStockKernels,
  selectNodeBackend,
  setWasmSimdVariant,
} from '@mnistkit/backend/node';
import { simpleCNN } from '@mnistkit/models';
import { fusedAdam, seedDropout, trainStep } from '@mnistkit/training';
import * as tf from '@tensorflow/tfjs-core';

await selectNodeBackend({ backend: 'wasm' });
const B = Number(process.argv[2] ?? 32),
  rounds = Number(process.argv[3] ?? 8),
  steps = Number(process.argv[4] ?? 8);
const model = simpleCNN({ seed: 1 });
const opt = fusedAdam(1e-3);
const x = tf.randomUniform([B, 28, 28, 1], -1, 1, 'float32', 3);
const y = tf.randomUniform([B], 0, 10, 'int32', 4);
let s = 0;
const step = async () => {
  seedDropout(model, 1, 1, s++);
  await trainStep(model, opt, x, y);
};
const configs = {
  before: () => {
    restoreStockKernels(['wasm/MnistkitSimpleCNNGradients']);
    setWasmSimdVariant('simd');
  },
  after: () => {
    registerMnistkitKernels();
    setWasmSimdVariant('auto');
  },
};
const res = Object.fromEntries(Object.keys(configs).map((k) => [k, { cpu: [], wall: [] }]));
for (const set of Object.values(configs)) {
  set();
  for (let i = 0; i < 3; i++) await step();
}
for (let r = 0; r < rounds; r++)
  for (const [k, set] of Object.entries(configs)) {
    set();
    await step();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await step();
    const c = process.cpuUsage(c0);
    res[k].cpu.push((c.user + c.system) / 1000 / steps);
    res[k].wall.push((performance.now() - t0) / steps);
  }
const med = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
for (const [k, v] of Object.entries(res))
  console.log(
    `batch ${B} ${k.padEnd(7)} CPU ms/step min ${Math.min(...v.cpu).toFixed(1)} med ${med(v.cpu).toFixed(1)} | wall min ${Math.min(...v.wall).toFixed(1)} med ${med(v.wall).toFixed(1)}`,
  );
const [b, a] = [res.before, res.after];
console.log(
  `batch ${B}: after/before CPU (min) ×${(Math.min(...b.cpu) / Math.min(...a.cpu)).toFixed(2)} faster; median ×${(med(b.cpu) / med(a.cpu)).toFixed(2)}`,
);
