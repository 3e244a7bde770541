// mnistkit's WebAssembly module alone (no TensorFlow.js): process CPU ms per call of its kernels at SimpleCNN's
// shapes, minimum over rounds, on its own memory filled with random values. For A/B of assembly/ changes: build,
// run, change, build, run (`pnpm --filter @mnistkit/backend build:wasm`).
//   node [--experimental-wasm-relaxed-simd] packages/backend/bench/module.mjs [wasm/kernels-relaxed.wasm] [batch 32]
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? new URL('../wasm/kernels-relaxed.wasm', import.meta.url).pathname;
const B = Number(process.argv[3] ?? 32);
const memory = new WebAssembly.Memory({ initial: 4000 });
const k = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { env: { memory } }).exports;
const f32 = new Float32Array(memory.buffer);
let top = 1024;
let seed = 1;
const alloc = (n) => {
  const p = top;
  top = (top + n * 4 + 127) & ~63;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    f32[(p >> 2) + i] = seed / 2 ** 32 - 0.5;
  }
  return p;
};
const [H, W, F1, F2, D, U, T] = [28, 28, 32, 64, 3136, 128, 32];
const x = alloc(B * H * W);
const xp = alloc(B * (H + 2) * (W + 2));
const w1 = alloc(9 * F1);
const b1 = alloc(F1);
const y1 = alloc(B * H * W * F1);
const p1 = alloc((B * H * W * F1) / 4);
const dw1 = alloc(9 * F1);
const db1 = alloc(F1);
const u2 = alloc(16 * F1 * F2);
const y2 = alloc((B * H * W * F2) / 4);
const dy2 = alloc((B * H * W * F2) / 4);
const dw2 = alloc(9 * F1 * F2);
const scratch = alloc(16 * (T * (F1 + F2) + 32 + F1 * F2));
const p2 = alloc(B * D);
const w3 = alloc(D * U);
const h = alloc(B * U);
const dh = alloc(B * U);
const dw3 = alloc(D * U);
const dp2 = alloc(B * D);
k.padImage(x, xp, B, H, W);
k.winogradFilter(alloc(9 * F1 * F2), u2, F1, F2);
const ops = {
  'conv1 + bias + relu + pool1': () => k.conv3x3C1(xp, w1, b1, y1, p1, B, H, W, F1, true),
  'pool1 + relu + conv1 gradients': () => k.conv3x3C1PoolGrad(xp, y1, p1, dw1, db1, B, H, W, F1),
  'conv2 Winograd forward': () => k.winogradConv(p1, u2, 0, y2, scratch, B, H / 2, W / 2, F1, F2, true),
  'conv2 Winograd filter gradient': () => k.winogradFilterGrad(p1, dy2, dw2, scratch, B, H / 2, W / 2, F1, F2),
  'fc1 forward (matmul)': () => k.matmul(p2, w3, h, B, D, U),
  'fc1 weight gradient (aᵀb)': () => k.matmulTransposedA(p2, dh, dw3, D, B, U),
  'fc1 input gradient (abᵀ)': () => k.matmulTransposedB(dh, w3, dp2, B, U, D),
};
const cpu = (f, n) => {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000 / n;
};
const best = {};
for (let r = 0; r < 7; r++) {
  for (const [name, f] of Object.entries(ops))
    best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, cpu(f, 10));
}
console.log(`${file.split('/').pop()}, batch ${B}: CPU ms per call, min of 7 rounds x 10`);
for (const [name, ms] of Object.entries(best)) console.log(`  ${name.padEnd(34)} ${ms.toFixed(2)}`);
