import type { TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels } from '../wasm/simd-module.js';
import { byteOffset, type WasmBackend, xnnpackMatMul } from '../wasm/tfjs-wasm.js';

/**
 * out[m, n] = a[m, k] · b[k, n] (row-major, batch 1) on wasm memory: mnistkit's SIMD matmul when there are fewer
 * rows than the reduction is long (there XNNPACK's packing of a fresh `b` costs as much as the product: filter
 * gradients, dense layers at small batch), else XNNPACK.
 */
export function matmul(
  backend: WasmBackend,
  a: TensorInfo,
  m: number,
  k: number,
  b: TensorInfo,
  n: number,
  out: TensorInfo,
): void {
  const simd = n % 4 === 0 && m <= k ? simdKernels(backend) : null;
  if (simd !== null) simd.matmul(byteOffset(backend, a), byteOffset(backend, b), byteOffset(backend, out), m, k, n);
  else xnnpackMatMul(backend, a, m, k, b, n, out);
}

/** dst[c, r] = src[r, c] for a rows×cols matrix, in tiles so both sides stay in cache. */
export function transposeInto(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
  const T = 32;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(r0 + T, rows);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = Math.min(c0 + T, cols);
      for (let r = r0; r < r1; r++) {
        let s = r * cols + c0;
        for (let c = c0; c < c1; c++) dst[c * rows + r] = src[s++] as number;
      }
    }
  }
}
