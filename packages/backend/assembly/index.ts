// mnistkit's WebAssembly SIMD kernels, run on tfjs-backend-wasm's own memory (imported; loaded by
// src/wasm/simd-module.ts). Pointers are byte offsets of tensors in that memory. The module has no data, no heap
// and no stack in memory, so it never writes anywhere but the outputs it is given. This file only lists the
// module's exports; each kernel's code is in the file named after it.
// Build: `pnpm --filter @mnistkit/backend build:wasm` (a baseline SIMD module and a relaxed-SIMD one).

export { adamUpdate } from './adam';
export { conv3x3C1, conv3x3C1PoolGrad, padImage } from './conv3x3-c1';
export { biasRelu, denseDropoutBackward, denseDropoutLogits } from './dense';
export { matmul, matmulTransposedA, matmulTransposedB } from './gemm';
export { maxPool2x2, maxPoolGrad2x2, maxPoolReluGrad2x2 } from './max-pool';
export { sumRows } from './sum';
export { winogradConv, winogradFilter, winogradFilterGrad } from './winograd';
